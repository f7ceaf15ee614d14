"""Uploads: the extension is read from the name as sent, the display name keeps Unicode but
loses paths and hidden characters, and downloads carry it as an RFC 5987 attachment name; the
content must be what the extension says (Office packages, text in a known charset), checked
with files as the real tools write them (tests/platform/real_files.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from competencies.profiles.models import EvidenceKind
from competencies.profiles.services import add_evidence
from lms.errors import ServiceError
from lms.web.downloads import content_disposition
from lms.web.uploads import (
    MAX_NAME_LENGTH,
    SANDBOX_CSP,
    discard_upload,
    display_name,
    file_extension,
    send_upload,
    store_upload,
)
from tests.platform import real_files


def directives(policy: str) -> list[list[str]]:
    """A CSP as browsers read it: Talisman writes "sandbox ; default-src 'none'"."""
    return [directive.split() for directive in policy.split(";")]


@pytest.mark.parametrize(
    ("raw", "extension"),
    [
        ("证书.pdf", "pdf"),
        ("PMP证书.PDF", "pdf"),
        ("archive.tar.GZ", "gz"),
        ("x.pdf.html", "html"),
        ("证书.pdf ", "pdf"),
        ("x.html\x00.pdf", ""),
        ("x.html.", ""),
        ("证书", ""),
        ("", ""),
        ("x.ｐｄｆ", ""),
    ],
)
def test_the_extension_is_the_last_suffix_of_the_name_as_sent(raw, extension):
    assert file_extension(raw) == extension


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("证书.pdf", "证书.pdf"),
        ("PMP证书.pdf", "PMP证书.pdf"),
        ("My   Cert.PDF", "My Cert.PDF"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\证书.pdf", "证书.pdf"),
        ("a.pdf/b\\c.pdf", "c.pdf"),
        ("证\x01书\x1b[31m.pdf", "证书[31m.pdf"),
        ("证书\u202efdp.exe.pdf", "证书fdp.exe.pdf"),
        ("证书\x00.pdf", "证书.pdf"),
        ("证\u200b书.pdf", "证书.pdf"),
        ("\t证书\n2023\u3000.pdf", "证书 2023.pdf"),
        ("...hidden.pdf", "hidden.pdf"),
        (". . 证书.pdf", "证书.pdf"),
        (".pdf", "file.pdf"),
        ("../.pdf", "file.pdf"),
        ("\x07\x08.png", "file.png"),
        ("cafe\u0301.pdf", "caf\u00e9.pdf"),
    ],
)
def test_the_display_name_keeps_unicode_and_loses_paths_and_hidden_characters(raw, shown):
    assert display_name(raw) == shown


def test_a_long_name_is_cut_to_the_limit_and_keeps_its_extension():
    name = display_name("证书" * 200 + ".docx")
    assert len(name) == MAX_NAME_LENGTH
    assert name.startswith("证书证书") and name.endswith("证.docx")
    stem = "a" * (MAX_NAME_LENGTH - 5)  # the cut falls on the space before "b": no trailing space
    assert display_name(stem + "     b.pdf") == stem + ".pdf"


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("cert.pdf", {"filename": "cert.pdf"}),
        (
            "证书.pdf",
            {"filename": "file.pdf", "filename*": "UTF-8''%E8%AF%81%E4%B9%A6.pdf"},
        ),
        (
            "PMP证书.pdf",
            {"filename": "PMP.pdf", "filename*": "UTF-8''PMP%E8%AF%81%E4%B9%A6.pdf"},
        ),
        (
            "证书 2023.pdf",
            {"filename": "2023.pdf", "filename*": "UTF-8''%E8%AF%81%E4%B9%A6%202023.pdf"},
        ),
        ("café.pdf", {"filename": "cafe.pdf", "filename*": "UTF-8''caf%C3%A9.pdf"}),
        ("证书.PDF", {"filename": "file.PDF", "filename*": "UTF-8''%E8%AF%81%E4%B9%A6.PDF"}),
        ("证书", {"filename": "file", "filename*": "UTF-8''%E8%AF%81%E4%B9%A6"}),
    ],
)
def test_the_download_name_is_rfc_5987_with_an_ascii_fallback(file_name, expected):
    assert content_disposition(file_name) == expected


def test_a_unicode_download_is_an_attachment_with_both_names_and_the_safety_headers(
    app, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    with app.test_request_context():
        upload = FileStorage(io.BytesIO(b"%PDF-1.7 hello"), filename='证书 "终版".pdf')
        stored = store_upload(upload)
        response = send_upload(stored.stored_name, stored.file_name, stored.content_type)
    response.direct_passthrough = False
    body = response.get_data()
    response.close()
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=file.pdf; "
        "filename*=UTF-8''%E8%AF%81%E4%B9%A6%20%22%E7%BB%88%E7%89%88%22.pdf"
    )
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == SANDBOX_CSP
    assert body == b"%PDF-1.7 hello"


def test_a_download_view_keeps_the_sandbox_csp_that_talisman_would_replace(
    app, client, db, people, login_as, tmp_path, monkeypatch
):
    """Proved on the real evidence download route, which carries the marker."""
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    evidence = add_evidence(
        people["pm"],
        actor=people["pm"],
        kind=EvidenceKind.FILE,
        title="Scan",
        upload=FileStorage(io.BytesIO(b"%PDF-1.7 hello"), filename="证书.pdf"),
    )
    assert hasattr(app.view_functions["profiles.download"], "talisman_view_options")
    login_as(people["pm"])
    response = client.get(f"/evidence/{evidence.id}/download")
    response.close()
    assert response.status_code == 200
    assert directives(response.headers["Content-Security-Policy"]) == directives(SANDBOX_CSP)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment; ")


def _pdf() -> FileStorage:
    return FileStorage(io.BytesIO(b"%PDF-1.7 hello"), filename="cert.pdf")


def test_a_file_written_for_a_change_that_rolls_back_is_deleted(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    kept = store_upload(_pdf())
    db.session.commit()
    inner = db.session.begin_nested()  # a savepoint rolled back: the transaction goes on
    store_upload(_pdf())
    inner.rollback()
    assert len(list(tmp_path.iterdir())) == 2
    store_upload(_pdf())
    db.session.rollback()
    assert [path.name for path in tmp_path.iterdir()] == [kept.stored_name]


def test_a_discarded_file_goes_only_when_the_change_commits(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    stored = store_upload(_pdf())
    db.session.commit()
    discard_upload(stored.stored_name)
    db.session.rollback()
    assert (tmp_path / stored.stored_name).exists()
    discard_upload(stored.stored_name)
    assert (tmp_path / stored.stored_name).exists()
    db.session.commit()
    assert not (tmp_path / stored.stored_name).exists()


def test_a_released_savepoint_is_not_the_commit(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    kept = store_upload(_pdf())
    db.session.commit()
    discard_upload(kept.stored_name)
    with db.session.begin_nested():  # released here, but the change as a whole is not done
        written = store_upload(_pdf())
    assert (tmp_path / kept.stored_name).exists()
    db.session.rollback()
    assert (tmp_path / kept.stored_name).exists() and not (tmp_path / written.stored_name).exists()


def test_a_session_closed_after_an_error_drops_the_files_it_wrote(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    written = store_upload(_pdf())
    db.session.close()  # what the request teardown does after an unexpected exception
    assert not (tmp_path / written.stored_name).exists()


# --- Content -------------------------------------------------------------------------------

OOXML = "application/vnd.openxmlformats-officedocument"


@pytest.mark.parametrize(
    ("make", "name", "content_type"),
    [
        (real_files.docx, "证书.docx", f"{OOXML}.wordprocessingml.document"),
        (real_files.xlsx, "名单.xlsx", f"{OOXML}.spreadsheetml.sheet"),
        (real_files.pptx, "汇报.pptx", f"{OOXML}.presentationml.presentation"),
        (real_files.notepad_gbk, "周报.txt", "text/plain; charset=gb18030"),
        (lambda: "\ufeff姓名,证书\r\n".encode(), "名单.csv", "text/csv; charset=utf-8"),
        (lambda: b"plain ASCII notes\n", "notes.txt", "text/plain; charset=utf-8"),
    ],
)
def test_real_office_files_and_text_are_kept_with_their_type(
    app, db, tmp_path, monkeypatch, make, name, content_type
):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    data = make()
    stored = store_upload(FileStorage(io.BytesIO(data), filename=name))
    assert (stored.file_name, stored.content_type) == (name, content_type)
    assert (tmp_path / stored.stored_name).read_bytes() == data


@pytest.mark.parametrize(
    ("make", "name", "text"),
    [
        (real_files.windows_executable, "setup.txt", "must be text"),
        (real_files.windows_executable, "data.csv", "must be text"),
        (real_files.notepad_utf16, "周报.txt", "save it as UTF-8"),
        (lambda: b"\x80\x80 neither charset", "notes.txt", "must be text"),
        (real_files.plain_zip, "report.docx", "does not match its type"),
        (real_files.plain_zip, "sheet.xlsx", "does not match its type"),
        (lambda: b"PK\x03\x04" + bytes(range(256)) * 4, "broken.xlsx", "does not match"),
        (lambda: real_files.pptx()[:300], "cut.pptx", "does not match its type"),
        (real_files.windows_executable, "slides.pptx", "does not match its type"),
    ],
)
def test_content_that_is_not_its_type_is_refused_on_the_field(
    app, db, tmp_path, monkeypatch, make, name, text
):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    with pytest.raises(ServiceError, match=text) as refused:
        store_upload(FileStorage(io.BytesIO(make()), filename=name), field="upload")
    assert refused.value.field == "upload"
    assert list(tmp_path.iterdir()) == []


def test_an_office_package_is_checked_without_inflating_anything(app, db, tmp_path, monkeypatch):
    """A ZIP bomb inside a .docx costs nothing: only the ZIP's directory is read."""
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    bomb = real_files.docx({"word/media/image1.bin": bytes(64 * 1024 * 1024)})
    assert len(bomb) < 200_000

    def refuse(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    stored = store_upload(FileStorage(io.BytesIO(bomb), filename="bomb.docx"))
    assert stored.content_type == f"{OOXML}.wordprocessingml.document"


@pytest.mark.parametrize(
    "content_type",
    ["text/plain; charset=gb18030", "text/plain; charset=utf-8", "text/csv; charset=utf-8"],
)
def test_a_text_download_names_its_charset_once(app, tmp_path, monkeypatch, content_type):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    (tmp_path / "stored").write_bytes(real_files.notepad_gbk())
    response = send_upload("stored", "周报.txt", content_type)
    response.direct_passthrough = False
    body = response.get_data()
    response.close()
    assert response.headers.getlist("Content-Type") == [content_type]
    assert body == real_files.notepad_gbk()


def test_a_gb18030_evidence_file_downloads_as_gb18030(
    app, client, db, people, login_as, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    evidence = add_evidence(
        people["pm"],
        actor=people["pm"],
        kind=EvidenceKind.FILE,
        title="Weekly report",
        upload=FileStorage(io.BytesIO(real_files.notepad_gbk()), filename="周报.txt"),
    )
    login_as(people["pm"])
    response = client.get(f"/evidence/{evidence.id}/download")
    body = response.get_data()
    response.close()
    assert response.headers["Content-Type"] == "text/plain; charset=gb18030"
    assert body.decode("gb18030") == real_files.NOTEPAD_TEXT

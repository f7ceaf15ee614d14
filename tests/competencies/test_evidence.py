"""Evidence: uploads checked by type, content and size, kept outside static/; expiry; who adds."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from competencies.profiles.models import Evidence, EvidenceKind
from competencies.profiles.services import add_evidence
from lms.audit.models import AuditEntry
from lms.errors import ServiceError
from lms.web.uploads import SANDBOX_CSP, upload_folder
from tests.factories import UserFactory

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def evidence_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence))


def directives(policy: str) -> list[list[str]]:
    """A CSP as browsers read it: Talisman writes "sandbox ; default-src 'none'"."""
    return [directive.split() for directive in policy.split(";")]


@pytest.fixture
def folder(app, monkeypatch, tmp_path) -> Path:
    path = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(path))
    return path


def test_a_pdf_is_stored_outside_static_under_a_random_name(app, db, people, folder):
    pm = people["pm"]
    evidence = add_evidence(
        pm,
        actor=pm,
        kind=EvidenceKind.FILE,
        title=" Certificate scan ",
        upload=upload(PDF, "my certificate.pdf"),
    )
    assert evidence.title == "Certificate scan"
    assert evidence.file_name == "my certificate.pdf"
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    assert len(evidence.stored_name) == 32 and int(evidence.stored_name, 16) >= 0
    assert "certificate" not in evidence.stored_name
    stored = folder / evidence.stored_name
    assert stored.read_bytes() == PDF
    assert list(folder.iterdir()) == [stored]
    assert not stored.resolve().is_relative_to(Path(app.static_folder).resolve())
    assert evidence.added_by_id == pm.id and evidence.user_id == pm.id
    assert db.session.scalars(select(AuditEntry.action)).all() == ["evidence.added"]


def test_the_same_file_twice_gets_two_different_stored_names(db, people, folder):
    pm = people["pm"]
    names = {
        add_evidence(
            pm, actor=pm, kind=EvidenceKind.FILE, title="Scan", upload=upload(PDF, "a.pdf")
        ).stored_name
        for _ in range(2)
    }
    assert len(names) == 2 and {p.name for p in folder.iterdir()} == names


def test_by_default_uploads_go_to_the_instance_folder_not_static(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", None)
    path = upload_folder().resolve()
    assert path == (Path(app.instance_path) / "uploads").resolve()
    assert not path.is_relative_to(Path(app.static_folder).resolve())


@pytest.mark.parametrize(
    ("filename", "kept_as"),
    [
        ("证书.pdf", "证书.pdf"),
        ("PMP证书.pdf", "PMP证书.pdf"),
        ("项目管理 证书（2023）.PDF", "项目管理 证书（2023）.PDF"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\王伟\\Desktop\\证书.pdf", "证书.pdf"),
        ("证\x01书\t\r\n  2023.pdf", "证书 2023.pdf"),
    ],
)
def test_a_unicode_file_name_is_kept_for_display_and_the_disk_name_stays_random(
    db, people, folder, filename, kept_as
):
    pm = people["pm"]
    evidence = add_evidence(
        pm, actor=pm, kind=EvidenceKind.FILE, title="Certificate", upload=upload(PDF, filename)
    )
    assert evidence.file_name == kept_as
    assert evidence.content_type == "application/pdf"
    assert len(evidence.stored_name) == 32 and int(evidence.stored_name, 16) >= 0
    assert [p.name for p in folder.iterdir()] == [evidence.stored_name]


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<html><body>hi</body></html>", "page.html"),
        (b"<html><body>hi</body></html>", "报告.html"),
        (PDF, "报告.html"),
        (PDF, "x.pdf.html"),
        (PDF, "报告.svg"),
        (PDF, "x.html\x00.pdf"),
        (PDF, "x.pdf\x00.html"),
        (PDF, "x.html."),
        (b"<html><script>alert(1)</script></html>", "../../etc/passwd.pdf"),
        (b"<html><script>alert(1)</script></html>", "证书.pdf"),
        (b"<html><body>hi</body></html>", "page.htm"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "logo.svg"),
        (b"<html><script>alert(1)</script></html>", "report.pdf"),
        (b"  <!DOCTYPE html><html></html>", "notes.txt"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "setup.exe"),
        (PDF, "no_extension"),
        (b"", "empty.pdf"),
        (b"not a png at all", "photo.png"),
    ],
)
def test_unsafe_or_mismatched_uploads_are_refused_and_nothing_is_kept(
    db, people, folder, data, filename
):
    pm = people["pm"]
    with pytest.raises(ServiceError) as error:
        add_evidence(
            pm, actor=pm, kind=EvidenceKind.FILE, title="Bad", upload=upload(data, filename)
        )
    assert error.value.field == "upload"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert evidence_count(db) == 0


@pytest.mark.parametrize(
    ("filename", "disposition"),
    [
        ("证书.pdf", "attachment; filename=file.pdf; filename*=UTF-8''%E8%AF%81%E4%B9%A6.pdf"),
        (
            "PMP证书.pdf",
            "attachment; filename=PMP.pdf; filename*=UTF-8''PMP%E8%AF%81%E4%B9%A6.pdf",
        ),
    ],
)
def test_a_chinese_file_name_survives_the_page_upload_and_the_download(
    client, db, people, login_as, small_framework, folder, filename, disposition
):
    pm = people["pm"]
    login_as(pm)
    response = client.post(
        f"/people/{pm.id}/evidence",
        data={
            "evidence-kind": "file",
            "evidence-title": "证书",
            "evidence-upload": (io.BytesIO(PDF), filename),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    evidence = db.session.scalars(select(Evidence).where(Evidence.user_id == pm.id)).one()
    assert evidence.file_name == filename
    assert [p.name for p in folder.iterdir()] == [evidence.stored_name]
    assert filename in client.get(f"/people/{pm.id}/competencies").get_data(as_text=True)
    response = client.get(f"/evidence/{evidence.id}/download")
    body = response.get_data()
    response.close()
    assert response.status_code == 200 and body == PDF
    assert response.headers["Content-Disposition"] == disposition
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_download_route_sends_the_sandbox_csp(client, db, people, login_as, folder):
    pm = people["pm"]
    evidence = add_evidence(
        pm, actor=pm, kind=EvidenceKind.FILE, title="Scan", upload=upload(PDF, "证书.pdf")
    )
    login_as(pm)
    response = client.get(f"/evidence/{evidence.id}/download")
    response.close()
    assert directives(response.headers["Content-Security-Policy"]) == directives(SANDBOX_CSP)


@pytest.mark.parametrize(
    ("filename", "data"),
    [("报告.html", b"<html><script>alert(1)</script>"), ("报告.pdf.html", PDF)],
)
def test_a_chinese_markup_upload_is_refused_on_the_page(
    client, db, people, login_as, small_framework, folder, filename, data
):
    pm = people["pm"]
    login_as(pm)
    response = client.post(
        f"/people/{pm.id}/evidence",
        data={
            "evidence-kind": "file",
            "evidence-title": "报告",
            "evidence-upload": (io.BytesIO(data), filename),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert 'id="evidence-upload-error"' in response.get_data(as_text=True)
    assert not folder.exists() or list(folder.iterdir()) == []
    assert evidence_count(db) == 0


def test_a_file_over_the_size_limit_is_refused(app, db, people, folder, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1000)
    pm = people["pm"]
    too_big = PDF + b"0" * (1001 - len(PDF))
    with pytest.raises(ServiceError) as error:
        add_evidence(
            pm, actor=pm, kind=EvidenceKind.FILE, title="Big", upload=upload(too_big, "big.pdf")
        )
    assert error.value.field == "upload"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert evidence_count(db) == 0
    just_fits = too_big[:1000]
    evidence = add_evidence(
        pm, actor=pm, kind=EvidenceKind.FILE, title="Fits", upload=upload(just_fits, "fits.pdf")
    )
    assert evidence.size == 1000


def test_certification_expiry(db, people):
    pm = people["pm"]
    today = date.today()

    def certificate(title: str, days: int | None, **details):
        expires_on = today + timedelta(days=days) if days is not None else None
        return add_evidence(
            pm,
            actor=pm,
            kind=EvidenceKind.CERTIFICATION,
            title=title,
            details=details,
            expires_on=expires_on,
        )

    expired = certificate("PMP", -1, number="123")
    valid, for_ever, later = (
        certificate("PgMP", 30),
        certificate("Life", None),
        certificate("P2", 800),
    )
    assert [e.is_expired(today) for e in (expired, valid, for_ever, later)] == [
        True,
        False,
        False,
        False,
    ]
    # within 90 days of expiry: flagged so the renewal is booked in time
    assert [e.expires_soon(today) for e in (expired, valid, for_ever, later)] == [
        False,
        True,
        False,
        False,
    ]
    assert expired.details == {"number": "123"} and expired.stored_name is None


def test_file_evidence_without_an_upload_is_refused(db, people, folder):
    pm = people["pm"]
    with pytest.raises(ServiceError) as error:
        add_evidence(pm, actor=pm, kind=EvidenceKind.FILE, title="Nothing attached")
    assert error.value.field == "upload"
    assert evidence_count(db) == 0


def test_file_evidence_with_an_empty_file_field_is_refused(db, people, folder):
    """A browser that submits the form with no file chosen sends a part with an empty filename."""
    pm = people["pm"]
    with pytest.raises(ServiceError) as error:
        add_evidence(
            pm, actor=pm, kind=EvidenceKind.FILE, title="Nothing chosen", upload=upload(b"", "")
        )
    assert error.value.field == "upload"
    assert evidence_count(db) == 0


def test_the_person_and_their_confirmers_may_add_evidence(db, people):
    pm = people["pm"]
    for actor in (pm, people["director"], people["pmo"]):
        evidence = add_evidence(pm, actor=actor, kind=EvidenceKind.NOTE, title="Seen")
        assert evidence.user_id == pm.id and evidence.added_by_id == actor.id
    assert evidence_count(db) == 3


@pytest.mark.parametrize("who", ["other_pm", "hr", "trainer", "admin"])
def test_others_may_not_add_evidence(db, people, department, who):
    pm = people["pm"]
    actor = UserFactory(roles=["pm"], department=department) if who == "other_pm" else people[who]
    with pytest.raises(ServiceError):
        add_evidence(pm, actor=actor, kind=EvidenceKind.NOTE, title="Not mine to add")
    assert evidence_count(db) == 0

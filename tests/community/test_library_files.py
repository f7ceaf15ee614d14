"""Library attachments: files written by LibreOffice are kept and their words searched (a word
only inside the DOCX, one only inside the PDF, Chinese too); a renamed web page, an SVG with
script, an executable and an oversized file are refused with nothing saved; downloads are
attachments with nosniff; a replaced file stays with the earlier version; readers reach only
the files of a published version."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from community.library import queries, services
from community.library.models import DocumentFile
from lms.errors import ServiceError
from lms.extensions import db as _db
from lms.search import queries as search_queries

FILES = Path(__file__).parent / "files"


def upload(name: str, data: bytes | None = None) -> FileStorage:
    content = data if data is not None else (FILES / name).read_bytes()
    return FileStorage(io.BytesIO(content), filename=name)


def write(pmo, document=None, body="See the attached agenda.", **fields):
    return services.save_document(
        document,
        actor=pmo,
        title="Kick-off guideline",
        body=body,
        base_revision=document.revision_count if document else None,
        **fields,
    )


def publish(document, pmo):
    services.submit_document(document, actor=pmo)
    services.approve_document(document, actor=pmo)
    services.publish_document(document, actor=pmo, major=False)


def downloaded(client, token: str) -> bytes | None:
    response = client.get(f"/library/files/{token}")
    data = response.get_data() if response.status_code == 200 else None
    response.close()
    return data


def found(word: str) -> list[int]:
    page = search_queries.search(word, search_queries.Filters(kind="document"), 1, 20)
    return [hit.object_id for hit in page.items]


def test_search_finds_words_only_inside_a_docx_and_a_pdf(db, people):
    pmo = people["pmo"]
    document = write(pmo, attachments=[upload("kickoff.docx"), upload("raci.pdf")])
    assert found("quokkasteward") == []  # a draft is not searched
    publish(document, pmo)
    assert found("quokkasteward") == [document.id]
    assert found("narwhalsponsor") == [document.id]
    assert found("指导委员会") == [document.id]
    assert found("attached agenda") == [document.id]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("agenda.docx", b"<!doctype html><script>alert(1)</script>"),  # a web page renamed
        ("plan.pdf", b"<html><body onload=alert(1)>"),
        ("chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("tool.docx", b"MZ\x90\x00\x03\x00\x00\x00"),  # an executable renamed
    ],
)
def test_dangerous_files_are_refused_and_nothing_is_saved(db, people, name, data):
    pmo = people["pmo"]
    document = write(pmo)
    with pytest.raises(ServiceError) as refused:
        write(pmo, document, body="Changed", attachments=[upload(name, data)])
    assert refused.value.field == "attachment"
    db.session.rollback()
    assert _db.session.scalar(select(func.count()).select_from(DocumentFile)) == 0


def test_an_oversized_file_is_refused_at_its_field(app, client, db, people, login_as, monkeypatch):
    pmo = people["pmo"]
    document = write(pmo)
    db.session.commit()
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 200_000)  # kept small: sent in memory
    login_as(pmo)
    response = client.post(
        f"/library/{document.id}/edit",
        data={
            "title": "Kick-off guideline",
            "kind": "guideline",
            "body": "Changed text",
            "base_revision": 1,
            "attachments": (io.BytesIO(b"%PDF-1.4 " + b"x" * 300_000), "big.pdf"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    response.close()  # the request's spooled upload is closed with it
    assert response.status_code == 422
    assert "larger than" in page
    assert document.revision_count == 1  # nothing half-saved: no revision, no file


def test_downloads_are_attachments_that_browsers_do_not_sniff(client, db, people, login_as):
    pmo = people["pmo"]
    document = write(pmo, attachments=[upload("raci.pdf")])
    publish(document, pmo)
    db.session.commit()
    login_as(people["pm"])
    page = client.get(f"/library/{document.id}").get_data(as_text=True)
    token = queries.revision(document).files[0].token
    assert f"/library/files/{token}" in page
    response = client.get(f"/library/files/{token}")
    response.close()
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert downloaded(client, token).startswith(b"%PDF")
    db.session.expire_all()
    assert document.download_count == 2  # each download counts
    assert "2 downloads" in client.get(f"/library/{document.id}").get_data(as_text=True)


def test_a_replaced_file_stays_with_the_earlier_version(client, db, people, login_as):
    pmo = people["pmo"]
    document = write(pmo, attachments=[upload("agenda.pdf", b"%PDF-1.4 first agenda")])
    publish(document, pmo)
    first = queries.revision(document).files[0]
    write(pmo, document, attachments=[upload("agenda.pdf", b"%PDF-1.4 second agenda")])
    latest = queries.revision(document)
    assert document.revision_count == 2  # a new file, the same text: still a new revision
    assert [f.file_name for f in latest.files] == ["agenda.pdf"] and latest.files[0].id != first.id
    assert [f.id for f in queries.revision(document, 1).files] == [first.id]
    db.session.commit()
    login_as(people["pm"])
    assert downloaded(client, first.token) == b"%PDF-1.4 first agenda"
    assert downloaded(client, latest.files[0].token) is None  # a draft's file: 404
    publish(document, pmo)
    db.session.commit()
    assert downloaded(client, latest.files[0].token) == b"%PDF-1.4 second agenda"


def test_removing_a_file_makes_a_revision_without_it(db, people):
    pmo = people["pmo"]
    document = write(pmo, attachments=[upload("kickoff.docx"), upload("raci.pdf")])
    pdf = next(f for f in queries.revision(document).files if f.file_name == "raci.pdf")
    write(pmo, document, remove_file_ids=[pdf.id])
    assert [f.file_name for f in queries.revision(document).files] == ["kickoff.docx"]
    assert len(queries.revision(document, 1).files) == 2

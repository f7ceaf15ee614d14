"""Files attached to posts through the shared upload service: an image shows in the post, any
file downloads with nosniff; a web page renamed .png, an SVG, an oversized file and a program
are refused at the field; only club readers get them."""

from __future__ import annotations

import io

import pytest

from tests.community.conftest import start

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _attach(client, name: str, data: bytes):
    return client.post(
        "/club/uploads",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_an_image_attached_shows_in_the_post_and_downloads_safely(
    client, db, people, category, login_as
):
    login_as(people["pm"])
    answer = _attach(client, "风险图.png", PNG)
    assert answer.status_code == 200
    markdown = answer.get_json()["markdown"]
    assert markdown.startswith("![风险图.png](/uploads/")
    url = markdown.split("(", 1)[1].rstrip(")")
    topic = start(category, people["pm"], title="A chart of our risks", body=f"See:\n\n{markdown}")
    page = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert f'<img src="{url}" alt="风险图.png"' in page
    sent = client.get(url)
    try:
        assert sent.status_code == 200 and sent.data == PNG
        assert sent.headers["Content-Type"] == "image/png"
        assert sent.headers["X-Content-Type-Options"] == "nosniff"
        assert sent.headers["Content-Disposition"].startswith("attachment")
        assert "sandbox" in sent.headers["Content-Security-Policy"]
    finally:
        sent.close()


def test_a_document_becomes_a_download_link(client, db, people, login_as):
    login_as(people["pm"])
    markdown = _attach(client, "plan.pdf", b"%PDF-1.7 a plan").get_json()["markdown"]
    assert markdown.startswith("[plan.pdf](/uploads/")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("chart.png", b"<html><script>alert(1)</script></html>"),  # a web page renamed
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("setup.exe", b"MZ\x90\x00"),
        ("notes.txt", b"MZ\x90\x00\x00\x00"),  # a program named as text
    ],
)
def test_dangerous_files_are_refused_at_the_field(client, db, people, login_as, name, data):
    login_as(people["pm"])
    answer = _attach(client, name, data)
    assert answer.status_code == 422 and answer.get_json()["error"]


def test_an_oversized_file_is_refused(app, client, db, people, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1024)
    login_as(people["pm"])
    answer = _attach(client, "big.png", PNG + b"\x00" * 2048)
    assert answer.status_code == 422 and "larger than" in answer.get_json()["error"]


def test_only_members_attach_and_an_unknown_file_is_not_found(client, db, people, login_as):
    login_as(people["hr"])  # not a club member
    assert _attach(client, "chart.png", PNG).status_code == 403
    assert client.get("/uploads/" + "0" * 32).status_code == 404

"""Framework pages: everyone reads published frameworks in their language; drafts stay with the PMO."""

from __future__ import annotations

import json

import pytest

from competencies.framework.models import FrameworkState
from tests.competencies.conftest import published_framework
from tests.querycount import count_queries


def test_pm_reads_the_published_framework_tree_and_scale(
    client, db, people, login_as, small_framework
):
    login_as(people["pm"])
    html = client.get("/frameworks/").get_data(as_text=True)
    assert "Test framework" in html and "5 competencies" in html
    html = client.get(f"/frameworks/{small_framework.id}").get_data(as_text=True)
    for text in (
        "Area A",
        "Listening",
        "Summarising",
        "Interrupts.",
        "programme and portfolio roles",
        'href="#c-B-1"',
        "proficient",
    ):
        assert text in html, text
    assert "Export JSON" not in html


def test_chinese_reader_sees_chinese_content_with_english_fallback(
    client, db, people, login_as, small_framework
):
    people["pm"].locale = "zh_CN"
    db.session.flush()
    login_as(people["pm"])
    html = client.get(f"/frameworks/{small_framework.id}").get_data(as_text=True)
    assert "测试框架" in html and "倾听" in html and "打断别人。" in html
    assert "Summarising" in html  # no Chinese given: English shows rather than nothing


def test_drafts_are_hidden_from_everyone_but_the_pmo(client, db, people, login_as, small_json):
    small_json["version"] = "9.9"
    draft = published_framework(small_json, state=FrameworkState.DRAFT)
    login_as(people["pm"])
    assert client.get(f"/frameworks/{draft.id}").status_code == 404
    assert "9.9" not in client.get("/frameworks/").get_data(as_text=True)
    client.post("/logout")
    login_as(people["pmo"])
    assert client.get(f"/frameworks/{draft.id}").status_code == 200
    assert "Draft" in client.get("/frameworks/").get_data(as_text=True)


def test_pmo_downloads_the_json_as_an_attachment(client, db, people, login_as, small_framework):
    login_as(people["pmo"])
    response = client.get(f"/frameworks/{small_framework.id}/export.json")
    assert response.headers["Content-Disposition"] == "attachment; filename=TEST-FW-1.0.json"
    assert json.loads(response.get_data(as_text=True))["idnumber"] == "TEST-FW"


@pytest.mark.parametrize("export", ["export.json", "export.csv"])
def test_an_export_named_with_quotes_and_chinese_keeps_a_valid_header(
    client, db, people, login_as, small_json, export
):
    """The name comes from the id number: quotes and Chinese characters must not break the
    header (it was built unquoted) — werkzeug parses back exactly the name offered."""
    from werkzeug.http import parse_options_header

    small_json["idnumber"] = 'PMO "核心"; x'
    framework = published_framework(small_json)
    login_as(people["pmo"])
    response = client.get(f"/frameworks/{framework.id}/{export}")
    header = response.headers["Content-Disposition"]
    kind, options = parse_options_header(header)  # prefers the RFC 5987 filename*
    extension = export.rsplit(".", 1)[1]
    assert kind == "attachment"
    assert options["filename"] == f'PMO "核心"; x-1.0.{extension}'
    assert header.startswith(f"attachment; filename=PMO__x-1.0.{extension}; filename*=UTF-8''")


def test_framework_page_queries_do_not_grow_with_its_size(client, db, people, login_as, small_json):
    login_as(people["pm"])
    small = published_framework(small_json)
    client.get(f"/frameworks/{small.id}")
    with count_queries(db.engine) as few:
        client.get(f"/frameworks/{small.id}")
    big = dict(small_json, version="2.0")
    big["competencies"] = big["competencies"] + [
        {
            "idnumber": f"X{n}",
            "name": {"en": f"Extra {n}"},
            "related": ["A-1"],
            "children": [{"idnumber": f"X{n}-1", "name": {"en": "Child"}, "related": ["B-1"]}],
        }
        for n in range(40)
    ]
    large = published_framework(big)
    with count_queries(db.engine) as many:
        client.get(f"/frameworks/{large.id}")
    assert few.count == many.count, "\n".join(s[:100] for s in many.statements)

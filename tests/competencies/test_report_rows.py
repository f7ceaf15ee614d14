"""The team matrix's rows (reports.matrix.team_row): what each PM's row shows, escaped."""

from __future__ import annotations

from markupsafe import Markup

from competencies.reports.matrix import team_row


def _row(**changes) -> dict:
    row = {
        "user_id": 7,
        "name": "<b>Ann</b>",
        "department": "R&D",
        "level": "Senior <PM>",
        "below": 3,
        "cells_html": Markup('<td class="cell cell-met">2</td>'),
    }
    return row | changes


def test_a_row_links_the_pm_and_escapes_what_people_typed():
    html = team_row(_row(), lambda user_id: f"/people/{user_id}/competencies")
    assert html.startswith('<tr data-person="7"><th scope="row" class="sticky-col fw-normal">')
    assert '<a href="/people/7/competencies">&lt;b&gt;Ann&lt;/b&gt;</a>' in html
    assert "R&amp;D · Senior &lt;PM&gt;</span></th>" in html
    assert '<td class="text-center count-cell">3</td><td class="cell cell-met">2</td></tr>' in html


def test_a_row_without_department_or_career_level_shows_a_dash():
    html = team_row(_row(department=None, level=None), lambda user_id: "/p")
    assert 'text-truncate">—</span>' in html and "·" not in html


def test_a_heatmap_row_links_its_department_and_the_total_row_does_not():
    from competencies.reports.heatmap import heat_row

    row = {"id": 4, "department": "R&D <x>", "pms": 9, "with_target": 7, "is_total": False}
    html = heat_row(row | {"html": Markup('<td class="cell heat-1">0.5</td>')}, "/t?department=")
    assert html.startswith('<tr data-department="4"><th scope="row" class="sticky-col fw-normal">')
    assert '<a href="/t?department=4">R&amp;D &lt;x&gt;</a>' in html
    assert '7<span class="text-body-secondary">/9</span>' in html
    total = heat_row(
        row | {"id": None, "is_total": True, "department": "All", "html": Markup("")}, "/t?d="
    )
    assert total.startswith('<tr class="total-row"><th scope="row" class="sticky-col">All</th>')
    nobody = heat_row(row | {"id": 0, "html": Markup("")}, "/t?d=")
    assert "href" not in nobody, "people without a department have no team matrix link"


def test_an_editor_row_offers_what_each_state_allows_and_escapes_names(app):
    from types import SimpleNamespace

    from competencies.framework.rows import editor_row
    from lms.web.forms import ConfirmForm

    competency = SimpleNamespace(
        id=3, idnumber="A&1", name="<b>Plan</b>", is_programme_only=False, is_retired=False
    )
    urls = {key: (lambda i, key=key: f"/{key}/{i}") for key in (
        "edit", "add_inside", "retire", "unretire", "delete")}  # fmt: skip
    with app.test_request_context(headers={"Accept-Language": "en"}):
        form = ConfirmForm()
        draft = editor_row(
            competency, 0, draft=True, published=False, parents=set(), urls=urls, confirm=form
        )
        assert draft.startswith('<tr id="c-A&amp;1"><td class="fw-semibold">&lt;b&gt;Plan')
        for key in ("edit", "add_inside", "retire", "delete"):
            assert f"/{key}/3" in draft, key
        assert "Retire &lt;b&gt;Plan&lt;/b&gt;?" in draft
        inner = editor_row(
            competency, 1, draft=True, published=False, parents={3}, urls=urls, confirm=form
        )
        assert "/add_inside/" not in inner and "/delete/" not in inner, "a parent stays"
        published = editor_row(
            competency, 0, draft=False, published=True, parents=set(), urls=urls, confirm=form
        )
        assert "/retire/3" in published and "/edit/" not in published
        archived = editor_row(
            competency, 0, draft=False, published=False, parents=set(), urls=urls, confirm=form
        )
        assert "<form" not in archived and "href" not in archived

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

"""The levels table's cells (competencies/profiles/cells.py): a rating's level with its day, and
the gap badge in each of its states, in the reader's language."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from flask_babel import force_locale

from competencies.profiles.cells import gap_badge, level_cell, levels_row
from competencies.profiles.profile import ProfileRow


def _row(target, confirmed_level=None) -> ProfileRow:
    confirmed = SimpleNamespace(level=confirmed_level) if confirmed_level is not None else None
    return ProfileRow(competency=None, target=target, confirmed=confirmed)


def test_the_gap_badge_in_each_state(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert gap_badge(_row(None, 2)) == '<span class="text-body-secondary">—</span>'
        assert gap_badge(_row(3, 1)) == '<span class="badge text-bg-danger">−2</span>'
        assert gap_badge(_row(3, 2)) == '<span class="badge text-bg-warning">−1</span>'
        met = gap_badge(_row(2, 3))
        assert "text-bg-success" in met and '<span class="visually-hidden">met</span>' in met
        with force_locale("zh_CN"):
            assert "met" not in gap_badge(_row(2, 2))


def test_a_level_cell_shows_the_level_and_its_day(app):
    rating = SimpleNamespace(level=3, rated_on=date(2026, 3, 4))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert level_cell(rating) == (
            '<span class="fw-semibold">3</span> '
            '<span class="small text-body-secondary d-block">3/4/26</span>'
        )
        assert level_cell(None) == '<span class="text-body-secondary">—</span>'


def _competency(name: str, idnumber: str = "A&B 1"):
    return SimpleNamespace(name=name, idnumber=idnumber)


def test_a_levels_row_links_a_rated_competency_to_its_history(app):
    rated = ProfileRow(
        competency=_competency("<b>Risk</b>"),
        target=2,
        self_rating=SimpleNamespace(level=1, rated_on=date(2026, 3, 4)),
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = levels_row(rated, "/frameworks/1", "/people/5/competencies?history=")
        assert html.startswith(
            '<tr data-competency="A&amp;B 1"><td><a href="/frameworks/1#c-A&amp;B 1">'
        )
        assert "&lt;b&gt;Risk&lt;/b&gt;</a>" in html and "<b>" not in html
        assert 'href="/people/5/competencies?history=A%26B%201#timeline-heading"' in html
        assert 'title="History of &lt;b&gt;Risk&lt;/b&gt;"' in html
        assert '<td class="text-center">2</td>' in html
        with force_locale("zh_CN"):
            assert "History of" not in levels_row(rated, "/f", "/h?history=")


def test_an_unrated_row_has_no_history_link_and_the_print_row_no_links(app):
    unrated = ProfileRow(competency=_competency("Plan"), target=None)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert "clock-history" not in levels_row(unrated, "/f", "/h?history=")
        printed = levels_row(unrated)
        assert printed.startswith("<tr><td>Plan</td>") and "href" not in printed
        assert '<td class="text-center">—</td>' in printed

"""The levels table's cells (competencies/profiles/cells.py): a rating's level with its day, and
the gap badge in each of its states, in the reader's language."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from flask_babel import force_locale

from competencies.profiles.cells import gap_badge, level_cell
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

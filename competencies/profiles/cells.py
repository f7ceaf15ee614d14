"""Cells of the profile's levels table (the page and its print view): a rating's level with
its date, and the gap badge. Jinja globals (competencies.init_app); as macros they were most of
the levels table's cost, two or three per competency."""

from __future__ import annotations

from markupsafe import Markup, escape

from lms.i18n import N_, translate
from lms.web.filters import format_day

NONE = Markup('<span class="text-body-secondary">—</span>')


def level_cell(rating) -> Markup:
    """The rating's level and its day, or a dash."""
    if not rating:
        return NONE
    return Markup(
        f'<span class="fw-semibold">{escape(rating.level)}</span> '
        f'<span class="small text-body-secondary d-block">'
        f"{escape(format_day(rating.rated_on, 'short'))}</span>"
    )


def gap_badge(row) -> Markup:
    """How far below its target a row is: red from two levels, amber at one, green when met;
    a dash without a target."""
    if row.target is None:
        return NONE
    if row.gap:
        colour = "danger" if row.gap >= 2 else "warning"
        return Markup(f'<span class="badge text-bg-{colour}">−{escape(row.gap)}</span>')
    met = escape(translate(N_("met")))  # outside the f-string, where Babel finds it
    return Markup(
        '<span class="badge text-bg-success"><i class="bi bi-check-lg" aria-hidden="true"></i>'
        f'<span class="visually-hidden">{met}</span></span>'
    )

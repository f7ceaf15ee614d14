"""Rows of the profile's levels table (the page and its print view): a competency's name,
target, confirmed and self level with their dates, and the gap badge. Jinja globals
(competencies.init_app): as template loops and macros they were most of the page's cost, some
twenty expressions for each of thirty competencies."""

from __future__ import annotations

from jinja2.utils import url_quote
from markupsafe import Markup, escape

from lms.i18n import N_, locale_code, translate
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


_NAME_CELLS: dict[tuple, str] = {}  # a competency's first cells, the same on every profile
MAX_NAME_CELLS = 4096


def levels_row(row, detail_url: str | None = None, history_url: str | None = None) -> Markup:
    """One competency's row. On the page (`detail_url`, `history_url` given) its name links to
    its description in the framework and, once rated, a clock icon to its history; the print
    view shows the name alone."""
    competency = row.competency
    rated = bool(row.confirmed or row.self_rating)
    key = (competency.idnumber, competency.name, detail_url, history_url, rated, locale_code())
    first = _NAME_CELLS.get(key)
    if first is None:
        if len(_NAME_CELLS) >= MAX_NAME_CELLS:
            _NAME_CELLS.clear()
        first = _NAME_CELLS[key] = _name_cell(competency, detail_url, history_url, rated)
    target = escape(row.target) if row.target is not None else "—"
    return Markup(
        f'{first}<td class="text-center">{target}</td>'
        f'<td class="text-center confirmed">{level_cell(row.confirmed)}</td>'
        f'<td class="text-center self">{level_cell(row.self_rating)}</td>'
        f'<td class="text-center">{gap_badge(row)}</td></tr>'
    )


def _name_cell(competency, detail_url: str | None, history_url: str | None, rated: bool) -> str:
    name, code = escape(competency.name), escape(competency.idnumber)
    if detail_url is None:
        return f"<tr><td>{name}</td>"
    first = f'<tr data-competency="{code}"><td><a href="{escape(detail_url)}#c-{code}">{name}</a>'
    if rated:
        label = escape(translate(N_("History of %(name)s")) % {"name": competency.name})
        href = escape(f"{history_url}{url_quote(competency.idnumber)}#timeline-heading")
        first += (
            f' <a class="ms-1 link-secondary" href="{href}" title="{label}" '
            f'aria-label="{label}"><i class="bi bi-clock-history" aria-hidden="true"></i></a>'
        )
    return first + "</td>"

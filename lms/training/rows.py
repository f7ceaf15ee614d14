"""The training lists' repeated items as Jinja globals (lms.app): a course in the catalogue and
a class in a course's list. As template loops, a page of 25 rows cost more than the rest of
the page; built here, each text escaped and each sentence formatted as Jinja's `_()` does."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from ..i18n import N_, ngettext, translate
from ..i18n import translate_markup as _
from ..web.filters import format_day, format_moment
from ..web.form_html import hidden_fields
from .labels import ENROLMENT_STATES, training_labels


def _hours(course) -> str:
    return escape(ngettext("%(num)s hour", "%(num)s hours", course.duration_hours))


def course_row(course, names: dict, upcoming, url) -> Markup:
    """A course: name and code, delivery and length, what it develops, its next class."""
    parts = [
        '<li class="list-group-item" data-testid="course-row">'
        '<div class="d-flex flex-wrap justify-content-between gap-2"><div>'
        f'<a class="fw-semibold" href="{url(course.id)}">{escape(course.name)}</a> '
        f'<span class="text-body-secondary small">{escape(course.idnumber)}</span>'
    ]
    if course.is_retired:
        parts.append(
            f' <span class="badge text-bg-secondary">{escape(translate(N_("Retired")))}</span>'
        )
    facts = f"{escape(training_labels.mode(course.mode))} · {_hours(course)}"
    if course.needs_approval:
        approval = escape(translate(N_("needs the director's approval")))
        facts += f" · {approval}"
    parts.append(f'<div class="small text-body-secondary">{facts}</div>')
    if course.competencies:
        badges = "".join(
            '<span class="badge text-bg-light border me-1">'
            f"{escape(names.get(link.competency_id, '?'))} → {link.level}</span>"
            for link in course.competencies
        )
        parts.append(f'<div class="small">{badges}</div>')
    parts.append('</div><div class="text-sm-end small">')
    if upcoming:
        count = escape(ngettext("%(num)s class open", "%(num)s classes open", upcoming.count))
        first = _(N_("next on %(date)s"), date=format_day(upcoming.first_starts_at))
        parts.append(f'<span class="text-success">{count}</span><br>{first}')
    else:
        parts.append(
            f'<span class="text-body-secondary">{escape(translate(N_("No class open")))}</span>'
        )
    parts.append("</div></div></li>")
    return Markup("".join(parts))


def class_state_badge(state) -> Markup:
    return Markup(
        f'<span class="badge text-bg-{training_labels.class_style(state)}">'
        f"{escape(training_labels.class_state(state))}</span>"
    )


def class_row(item, seats, trainers: str, url) -> Markup:
    """A class in a course's list (a class_lists.ClassItem): when, where, who teaches, its state
    and seats."""
    when = (
        format_moment(item.starts_at, "short") if item.starts_at else translate(N_("No sessions"))
    )
    parts = [
        '<li class="list-group-item d-flex flex-wrap justify-content-between gap-2" '
        f'data-testid="class-row"><div><a href="{url(item.class_id)}">{escape(when)}</a>'
    ]
    if item.sessions > 1:
        count = ngettext("%(num)s session", "%(num)s sessions", item.sessions)
        parts.append(f' <span class="small text-body-secondary">{escape(count)}</span>')
    where = item.room_name or translate(N_("Online"))
    parts.append(
        f'<div class="small text-body-secondary">{escape(where)}'
        f"{' · ' + escape(trainers) if trainers else ''}</div></div>"
    )
    taken = seats.taken if seats else 0
    taken_text = _(N_("%(taken)s of %(seats)s seats taken"), taken=taken, seats=item.capacity)
    badge = class_state_badge(item.class_state)
    parts.append(f'<div class="text-sm-end small">{badge}<br>{taken_text}')
    if seats and seats.waiting:
        waiting = ngettext("%(num)s waiting", "%(num)s waiting", seats.waiting)
        parts.append(f" · {escape(waiting)}")
    parts.append("</div></li>")
    return Markup("".join(parts))


def calendar_entry(entry, url) -> Markup:
    """A session in the month or week view (an agenda.Entry): its time and course, linking to
    the class; a cancelled one struck through and named so."""
    cancelled = entry.state == "cancelled"
    style = " text-decoration-line-through text-body-secondary" if cancelled else ""
    note = ""
    if cancelled:
        note = f' <span class="visually-hidden">({escape(training_labels.class_state(entry.state))})</span>'
    return Markup(
        f'<a class="d-block text-decoration-none small text-truncate{style}" '
        f'href="{url(entry.class_id)}" data-testid="calendar-entry">'
        f'<span class="fw-semibold">{entry.starts_at:%H:%M}</span> '
        f"{escape(entry.course_name)}{note}</a>"
    )


def roster_rows(roster, form=None, withdraw_url=None) -> Markup:
    """The roster's rows, the waitlist numbered in its order; with `form` (the PMO), a button
    to withdraw each person (asked first; their seat goes to the first waiting). The texts every
    row shares are worked out once."""
    labels = {state: escape(training_labels.enrolment_state(state)) for state in ENROLMENT_STATES}
    waitlist = translate(N_("Waitlist #%(position)s"))
    button = ""
    if form is not None:
        hidden, withdraw = hidden_fields(form), escape(translate(N_("Withdraw")))
        question = translate(N_("Withdraw %(name)s from this class?"))
        button = (
            '<td class="text-end"><form method="post" action="\x00url" class="d-inline" '
            'data-confirm="\x00confirm">' + hidden + '<button type="submit" '
            f'class="btn btn-sm btn-outline-danger">{withdraw}</button></form></td>'
        )
    waiting, rows = 0, []
    for enrolment in roster:
        name = escape(enrolment.name)
        if enrolment.state == "waitlisted":
            waiting += 1
            status = escape(waitlist % {"position": waiting})
        else:
            status = labels[enrolment.state]
        action = ""
        if button:
            confirm = escape(question % {"name": enrolment.name})
            url = withdraw_url(enrolment.id)
            action = button.replace("\x00url", url).replace("\x00confirm", confirm)
        since = escape(format_moment(enrolment.queued_at, "short"))
        rows.append(f"<tr><td>{name}</td><td>{status}</td><td>{since}</td>{action}</tr>")
    return Markup("".join(rows))


def calendar_markup(span, by_day: dict, today, url) -> tuple[Markup, Markup]:
    """The month or week grid's rows (a cell per day, outside the month dimmed, today marked)
    and the phone's list of the days that have sessions (with their rooms), built in one pass
    with each session's link made once: as template loops, 35 cells cost what 90 sessions did."""
    rows, agenda = [], []
    for week in span.weeks:
        cells = []
        for day in week:
            entries = by_day.get(day, ())
            links = [calendar_entry(e, url) for e in entries]
            css = "align-top"
            if span.view == "month" and day.month != span.anchor.month:
                css += " bg-body-tertiary text-body-secondary"
            number = f'<div class="small">{day.day}</div>'
            if day == today:
                css += " border-primary border-2"
                number = f'<div class="small fw-bold text-primary">{day.day}</div>'
            cells.append(f'<td class="{css}">{number}{"".join(links)}</td>')
            if links:
                items = "".join(
                    f'<li class="list-group-item">{link}'
                    + (
                        f'<span class="small text-body-secondary">{escape(e.room_name)}</span>'
                        if e.room_name
                        else ""
                    )
                    + "</li>"
                    for e, link in zip(entries, links, strict=True)
                )
                style = " text-primary" if day == today else ""
                agenda.append(
                    f'<h3 class="h6 mt-3{style}">{escape(format_day(day, "full"))}</h3>'
                    f'<ul class="list-group">{items}</ul>'
                )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return Markup("".join(rows)), Markup("".join(agenda))


@lru_cache(maxsize=64)
def competency_options(areas: tuple, chosen: int | None) -> Markup:
    """The catalogue filter's competencies grouped by area (reference data: the same tuple until
    it changes), rendered once per choice."""
    groups = []
    for area in areas:
        options = "".join(
            f'<option value="{cid}"{" selected" if cid == chosen else ""}>{escape(name)}</option>'
            for cid, name in area.competencies
        )
        groups.append(f'<optgroup label="{escape(area.name)}">{options}</optgroup>')
    return Markup("".join(groups))


@lru_cache(maxsize=64)
def area_options(areas: tuple, chosen: int | None) -> Markup:
    return Markup(
        "".join(
            f'<option value="{area.id}"{" selected" if area.id == chosen else ""}>{escape(area.name)}</option>'
            for area in areas
            if area.id
        )
    )

"""The class editor's form, shared by the PMO's class pages and scheduling from the training-needs
analysis: filled from a class (times shown in the site's zone), its room and trainer choices,
and read back into save_class (times entered in the site's zone; a half-filled session row or a
time the clocks skip refused on its field)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import request
from wtforms.fields.choices import SelectChoice

from ..clock import from_site_time, to_site_time
from ..errors import ServiceError
from ..i18n import gettext as _
from . import queries
from .classes import save_class
from .forms import ClassForm
from .models import TrainingClass

OVERNIGHT = timedelta(hours=12)  # the longest session that may run past midnight


def prepare_class_form(form: ClassForm, found: TrainingClass | None, course) -> ClassForm:
    """Filled from the class (or the course's defaults) on a GET; choices on every request."""
    if request.method == "GET":
        _fill_class(form, found, course)
    form.room_id.choices = [SelectChoice(0, _("No room (online)"))] + [
        SelectChoice(room.id, _("%(room)s (%(seats)s seats)", room=room.name, seats=room.capacity))
        for room in queries.rooms_to_book()
    ]
    form.trainers.choices = [SelectChoice(i, name) for i, name in queries.trainers_to_choose()]
    return form


def _fill_class(form: ClassForm, found: TrainingClass | None, course) -> None:
    if found is None:
        form.capacity.data = 20
        form.trainers.data = [t.id for t in course.trainers]
        sessions = []
    else:
        form.version.data = found.version
        form.room_id.data = found.room_id or 0
        form.online_url.data, form.capacity.data = found.online_url, found.capacity
        form.min_size.data, form.offer_hours.data = found.min_size, found.offer_hours
        form.trainers.data = [t.id for t in found.trainers]
        for name in ("enrol_opens_at", "enrol_closes_at", "cancel_deadline"):
            value = getattr(found, name)
            form[name].data = to_site_time(value) if value else None
        sessions = found.sessions
    for session in sessions:
        starts, ends = to_site_time(session.starts_at), to_site_time(session.ends_at)
        form.sessions.append_entry(
            {"day": starts.date(), "starts": starts.time(), "ends": ends.time()}
        )
    for _blank in range(1 if sessions else 3):
        form.sessions.append_entry({})


def save_class_form(
    form: ClassForm, found: TrainingClass | None, course, *, actor
) -> TrainingClass:
    """save_class with what the form holds. Raises ServiceError (on the field at fault)."""
    room_id = form.room_id.data or None
    rooms = {room.id: room for room in queries.rooms_to_book()}
    if found is not None and found.room is not None:
        rooms.setdefault(found.room.id, found.room)
    return save_class(
        found,
        actor=actor,
        course=course,
        sessions=_sessions(form),
        capacity=form.capacity.data,
        min_size=form.min_size.data or 0,
        room=rooms.get(room_id),
        online_url=form.online_url.data or "",
        trainers=queries.people_by_id(form.trainers.data or []),
        enrol_opens_at=_moment(form, "enrol_opens_at"),
        enrol_closes_at=_moment(form, "enrol_closes_at"),
        cancel_deadline=_moment(form, "cancel_deadline"),
        offer_hours=form.offer_hours.data or 0,
    )


def _sessions(form: ClassForm) -> list[tuple[datetime, datetime]]:
    """The filled session rows as UTC (start, end); a half-filled row or a time the clocks
    skip is refused on the sessions field."""
    spans = []
    for number, entry in enumerate(form.sessions, start=1):
        day, starts, ends = entry.form.day.data, entry.form.starts.data, entry.form.ends.data
        if day is None and starts is None and ends is None:
            continue
        if day is None or starts is None or ends is None:
            raise ServiceError(
                _("Session %(number)s: give its day, start and end.", number=number),
                field="sessions",
            )
        # ending before it starts: a session running past midnight (an evening one), not a typo
        # that makes it last most of a day
        end_day = day + timedelta(days=1) if ends <= starts else day
        if (
            end_day > day
            and datetime.combine(end_day, ends) - datetime.combine(day, starts) > OVERNIGHT
        ):
            raise ServiceError(
                _("Session %(number)s ends before it starts.", number=number), field="sessions"
            )
        try:
            spans.append(
                (
                    from_site_time(datetime.combine(day, starts)),
                    from_site_time(datetime.combine(end_day, ends)),
                )
            )
        except ValueError:
            raise ServiceError(
                _(
                    "Session %(number)s: that time does not exist here (the clocks change).",
                    number=number,
                ),
                field="sessions",
            ) from None
    return spans


def _moment(form: ClassForm, name: str) -> datetime | None:
    value = form[name].data
    if value is None:
        return None
    try:
        return from_site_time(value)
    except ValueError:
        raise ServiceError(
            _("That time does not exist here (the clocks change)."), field=name
        ) from None

"""Overlapping sessions: a trainer, a room or a learner booked twice at the same time is refused
with the clash named (which class, which session, when)."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..i18n import gettext as _
from ..web.filters import format_moment
from .models import (
    ACTIVE_ENROLMENTS,
    ClassSession,
    ClassState,
    Enrolment,
    TrainingClass,
    class_trainers,
)

LIVE = (ClassState.PLANNED, ClassState.OPEN, ClassState.FULL, ClassState.RUNNING)


def _overlapping(training_class: TrainingClass, sessions=None):
    """(other class, its session) pairs overlapping a session of `training_class` (or the
    `sessions` given as (starts, ends)), among live classes other than this one."""
    spans = (
        sessions
        if sessions is not None
        else [(s.starts_at, s.ends_at) for s in training_class.sessions]
    )
    other = aliased(ClassSession)
    if not spans:
        return None, other
    overlap = [and_(other.starts_at < ends, other.ends_at > starts) for starts, ends in spans]
    query = (
        select(TrainingClass, other)
        .join(other, other.class_id == TrainingClass.id)
        .where(
            TrainingClass.state.in_(LIVE),
            TrainingClass.id != (training_class.id or 0),
            or_(*overlap),
        )
        .order_by(other.starts_at)
    )
    return query, other


def _named(found) -> str | None:
    if found is None:
        return None
    other_class, session = found
    return _(
        "%(course)s (class %(number)s) meets then: %(when)s.",
        course=other_class.course.name,
        number=other_class.id,
        when=format_moment(session.starts_at, "short"),
    )


def learner_clash(person_id: int, training_class: TrainingClass) -> str | None:
    """The person's other booking that overlaps this class, as a sentence; None when free."""
    query, _other = _overlapping(training_class)
    if query is None:
        return None
    query = query.join(
        Enrolment,
        and_(
            Enrolment.class_id == TrainingClass.id,
            Enrolment.user_id == person_id,
            Enrolment.state.in_(ACTIVE_ENROLMENTS),
        ),
    )
    found = db.session.execute(query.limit(1)).first()
    if found is None:
        return None
    return _("You are booked elsewhere at that time: %(clash)s", clash=_named(found))


def trainer_clash(trainer, training_class: TrainingClass, sessions) -> str | None:
    query, _other = _overlapping(training_class, sessions)
    if query is None:
        return None
    query = query.join(
        class_trainers,
        and_(class_trainers.c.class_id == TrainingClass.id, class_trainers.c.user_id == trainer.id),
    )
    found = db.session.execute(query.limit(1)).first()
    if found is None:
        return None
    return _(
        "%(name)s teaches elsewhere at that time: %(clash)s", name=trainer.name, clash=_named(found)
    )


def room_clash(room, training_class: TrainingClass, sessions) -> str | None:
    query, _other = _overlapping(training_class, sessions)
    if query is None:
        return None
    found = db.session.execute(query.where(TrainingClass.room_id == room.id).limit(1)).first()
    if found is None:
        return None
    return _("%(room)s is booked at that time: %(clash)s", room=room.name, clash=_named(found))

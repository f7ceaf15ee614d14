"""Scheduling classes (the PMO): sessions, room or online link, trainers, seats and dates. A
trainer or room booked into overlapping sessions is refused with the clash named; every change
to a scheduled class raises its calendar sequence (subscribers' calendars update the event)."""

from __future__ import annotations

from datetime import datetime

from ..audit.services import record, register_action
from ..errors import ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import ensure
from . import notices
from .clashes import room_clash, trainer_clash
from .enrolment import fill_seats, lock_class, update_fullness
from .models import ClassSession, ClassState, Course, Room, TrainingClass
from .permissions import can_manage_training

register_action("training.class_saved", N_("Class scheduled or changed"))
register_action("training.class_opened", N_("Class opened for enrolment"))
register_action("training.class_cancelled", N_("Class cancelled"))
register_action("training.class_running", N_("Class started"))
register_action("training.class_completed", N_("Class finished"))


def save_class(
    training_class: TrainingClass | None,
    *,
    actor,
    course: Course,
    sessions: list[tuple[datetime, datetime]],
    capacity: int,
    min_size: int = 0,
    room: Room | None = None,
    online_url: str = "",
    trainers=(),
    enrol_opens_at: datetime | None = None,
    enrol_closes_at: datetime | None = None,
    cancel_deadline: datetime | None = None,
    offer_hours: int = 0,
) -> TrainingClass:
    """A new class of `course` (training_class None) or the class changed as given. Raises
    ServiceError on the field at fault: no session, a session ending before it starts, more
    seats than the room holds, a minimum above the seats, a trainer or room clash (named)."""
    ensure(can_manage_training(actor))
    sessions = sorted(sessions)
    _check(sessions, capacity, min_size, room, online_url)
    target = training_class or TrainingClass(course=course, state=ClassState.PLANNED)
    if training_class is not None:
        lock_class(training_class)
    for trainer in trainers:
        clash = trainer_clash(trainer, target, sessions)
        if clash:
            raise ServiceError(clash, field="trainers")
    if room is not None:
        clash = room_clash(room, target, sessions)
        if clash:
            raise ServiceError(clash, field="room_id")
    seats_before = target.capacity
    target.course, target.room, target.online_url = course, room, online_url.strip()
    target.capacity, target.min_size, target.offer_hours = capacity, min_size, offer_hours
    target.enrol_opens_at, target.enrol_closes_at = enrol_opens_at, enrol_closes_at
    target.cancel_deadline = cancel_deadline
    target.trainers = list(trainers)
    target.sessions = [ClassSession(starts_at=s, ends_at=e) for s, e in sessions]
    if training_class is not None:
        target.sequence += 1
    db.session.add(target)
    db.session.flush()
    if training_class is not None and seats_before and capacity > seats_before:
        fill_seats(target)  # more seats: the waitlist moves up
    update_fullness(target)
    record(actor, "training.class_saved", target, label=target.label)
    if training_class is not None:
        notices.changed(target)
    return target


def _check(sessions, capacity: int, min_size: int, room, online_url: str) -> None:
    if not sessions:
        raise ServiceError(_("Add at least one session."), field="sessions")
    if any(end <= start for start, end in sessions):
        raise ServiceError(_("A session must end after it starts."), field="sessions")
    if capacity < 1:
        raise ServiceError(_("A class needs at least one seat."), field="capacity")
    if room is not None and capacity > room.capacity:
        raise ServiceError(
            _("%(room)s holds %(seats)s people.", room=room.name, seats=room.capacity),
            field="capacity",
        )
    if not 0 <= min_size <= capacity:
        raise ServiceError(_("The minimum size must be between 0 and the seats."), field="min_size")
    if room is None and not online_url.strip():
        raise ServiceError(_("Choose a room or give the online link."), field="room_id")


def open_class(training_class: TrainingClass, *, actor) -> TrainingClass:
    """Planned -> open for enrolment. Opening twice changes nothing."""
    ensure(can_manage_training(actor))
    lock_class(training_class)
    if training_class.state is ClassState.PLANNED:
        training_class.state = ClassState.OPEN
        db.session.flush()
        record(actor, "training.class_opened", training_class, label=training_class.label)
    return training_class


def cancel_class(training_class: TrainingClass, *, actor, reason: str) -> TrainingClass:
    """Cancel a class that has not finished; its calendar event becomes CANCELLED (the
    sequence rises). Raises ServiceError without a reason."""
    ensure(can_manage_training(actor))
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Say why the class is cancelled."), field="reason")
    lock_class(training_class)
    if training_class.state is ClassState.CANCELLED:
        return training_class
    if training_class.state is ClassState.COMPLETED:
        raise ServiceError(_("A completed class cannot be cancelled."))
    training_class.state = ClassState.CANCELLED
    training_class.sequence += 1
    db.session.flush()
    record(
        actor,
        "training.class_cancelled",
        training_class,
        label=training_class.label,
        changes={"reason": [None, reason]},
    )
    notices.cancelled(training_class, reason)
    return training_class

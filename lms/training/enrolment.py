"""Enrolling in a class: a seat while there is one, else the waitlist (first come, first
served); withdrawing frees the seat for the first on the waitlist, at once or as an offer held
for `offer_hours`.

Every change of a class's seats takes the class's row first (SELECT ... FOR UPDATE; SQLite
writes take turns anyway), then counts and writes: sign-ups and withdrawals at the same moment
line up, so a class is never overbooked and nobody is promoted twice.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..audit.services import record, register_action
from ..clock import as_utc, utcnow
from ..errors import ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import ensure
from . import notices
from .clashes import learner_clash
from .models import (
    ACTIVE_ENROLMENTS,
    SEATED,
    ClassState,
    Enrolment,
    EnrolmentState,
    TrainingClass,
)
from .permissions import can_confirm_offer, can_enrol, can_manage_training, can_withdraw
from .registry import course_in_plan

for _action, _text in {
    "training.enrolled": N_("Enrolled in a class"),
    "training.waitlisted": N_("Put on a class's waitlist"),
    "training.withdrawn": N_("Withdrew from a class"),
    "training.promoted": N_("Moved from the waitlist into a class"),
    "training.offered": N_("Offered a freed seat in a class"),
    "training.approval_asked": N_("Asked the director's approval to enrol"),
}.items():
    register_action(_action, _text)

OPEN_FOR_ENROLMENT = (ClassState.OPEN, ClassState.FULL)


def lock_class(training_class: TrainingClass) -> None:
    """Take the class's row for this transaction and read it again."""
    db.session.execute(
        select(TrainingClass.id).where(TrainingClass.id == training_class.id).with_for_update()
    )
    db.session.refresh(training_class)


def seats_taken(training_class: TrainingClass) -> int:
    return db.session.scalar(
        select(func.count(Enrolment.id)).where(
            Enrolment.class_id == training_class.id, Enrolment.state.in_(SEATED)
        )
    )


def enrolment_of(training_class: TrainingClass, person_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(
            Enrolment.class_id == training_class.id, Enrolment.user_id == person_id
        )
    )


def enrol(training_class: TrainingClass, *, actor) -> Enrolment:
    """The actor takes a seat in the class, or a place on its waitlist when it is full; when
    the course needs their director's approval (and their approved plan does not name it), the
    request waits for it. Asking again changes nothing. Raises ServiceError: the class is not
    open for enrolment, a prerequisite is missing (named), or the actor's own sessions clash
    with it (the clash is named)."""
    ensure(can_enrol(actor, training_class))
    lock_class(training_class)
    check_open(training_class, utcnow())
    existing = enrolment_of(training_class, actor.id)
    if existing is not None and existing.state in ACTIVE_ENROLMENTS:
        return existing
    check_ready(training_class, actor.id)
    enrolment = existing or Enrolment(class_id=training_class.id, user_id=actor.id)
    enrolment.nominated_by_id = enrolment.decided_by_id = None
    enrolment.pre_approved = course_in_plan(actor.id, training_class.course_id)
    if training_class.course.needs_approval and not enrolment.pre_approved:
        enrolment.state, enrolment.queued_at = EnrolmentState.PENDING_APPROVAL, utcnow()
        db.session.add(enrolment)
        db.session.flush()
        record(actor, "training.approval_asked", training_class, label=training_class.label)
        notices.approval_asked(enrolment)
        return enrolment
    return take_place(enrolment, actor=actor)


def check_ready(training_class: TrainingClass, person_id: int) -> None:
    """Raises ServiceError when the person lacks a prerequisite of the course (named) or is
    booked into a session at the same time (the clash named)."""
    missing = missing_prerequisites(training_class.course, person_id)
    if missing:
        names = ", ".join(course.name for course in missing)
        raise ServiceError(_("Complete these courses first: %(courses)s.", courses=names))
    clash = learner_clash(person_id, training_class)
    if clash is not None:
        raise ServiceError(clash)


def missing_prerequisites(course, person_id: int) -> list:
    """The course's prerequisites the person has not completed (in any class)."""
    if not course.prerequisites:
        return []
    done = set(
        db.session.scalars(
            select(TrainingClass.course_id)
            .join(Enrolment, Enrolment.class_id == TrainingClass.id)
            .where(Enrolment.user_id == person_id, Enrolment.completed_at.is_not(None))
        )
    )
    return [p for p in course.prerequisites if p.id not in done]


def take_place(enrolment: Enrolment, *, actor) -> Enrolment:
    """A seat for the enrolment when one is free, else the end of the waitlist (the caller
    holds the class's row); the learner is told which."""
    training_class = enrolment.training_class or db.session.get(TrainingClass, enrolment.class_id)
    full = seats_taken(training_class) >= training_class.capacity
    enrolment.queued_at, enrolment.offered_until = utcnow(), None
    enrolment.state = EnrolmentState.WAITLISTED if full else EnrolmentState.ENROLLED
    db.session.add(enrolment)
    db.session.flush()
    update_fullness(training_class)
    action = "training.waitlisted" if full else "training.enrolled"
    record(actor, action, training_class, label=training_class.label)
    notices.told(enrolment, waitlist_position(enrolment))
    return enrolment


def withdraw(enrolment: Enrolment, *, actor) -> Enrolment:
    """The learner leaves the class (or its waitlist) until the cancellation deadline, the PMO
    withdraws them at any time; a seat they held goes to the first on the waitlist.
    Withdrawing twice changes nothing. Raises ServiceError when the learner asks after the
    deadline."""
    ensure(can_withdraw(actor, enrolment))
    training_class = enrolment.training_class
    lock_class(training_class)
    db.session.refresh(enrolment)
    if enrolment.state not in ACTIVE_ENROLMENTS:
        return enrolment
    deadline = training_class.cancel_deadline
    late = deadline is not None and utcnow() > as_utc(deadline)
    if late and not can_manage_training(actor):
        raise ServiceError(_("The cancellation deadline has passed: ask the PMO."))
    held_seat = enrolment.state in SEATED
    enrolment.state, enrolment.offered_until = EnrolmentState.WITHDRAWN, None
    db.session.flush()
    record(actor, "training.withdrawn", training_class, label=training_class.label)
    if held_seat:
        fill_seats(training_class)
    update_fullness(training_class)
    return enrolment


def fill_seats(training_class: TrainingClass) -> list[Enrolment]:
    """Give the free seats to the first on the waitlist, in order: each is enrolled at once, or
    offered the seat for `offer_hours`. The caller holds the class's row."""
    free = training_class.capacity - seats_taken(training_class)
    if free <= 0:
        return []
    first = list(
        db.session.scalars(
            select(Enrolment)
            .where(
                Enrolment.class_id == training_class.id,
                Enrolment.state == EnrolmentState.WAITLISTED,
            )
            .order_by(Enrolment.queued_at, Enrolment.id)
            .limit(free)
        )
    )
    hours = training_class.offer_hours
    for enrolment in first:
        if hours:
            enrolment.state = EnrolmentState.OFFERED
            enrolment.offered_until = utcnow() + timedelta(hours=hours)
        else:
            enrolment.state = EnrolmentState.ENROLLED
        action = "training.offered" if hours else "training.promoted"
        record(None, action, training_class, label=training_class.label)
    db.session.flush()
    for enrolment in first:
        notices.promoted(enrolment)
    return first


def confirm_offer(enrolment: Enrolment, *, actor) -> Enrolment:
    """The learner takes the seat offered to them while the offer stands. Confirming twice
    changes nothing. Raises ServiceError when the offer has lapsed (the seat went on)."""
    ensure(can_confirm_offer(actor, enrolment))
    lock_class(enrolment.training_class)
    db.session.refresh(enrolment)
    if enrolment.state is EnrolmentState.ENROLLED:
        return enrolment
    lapsed = enrolment.offered_until is not None and utcnow() > as_utc(enrolment.offered_until)
    if enrolment.state is not EnrolmentState.OFFERED or lapsed:
        raise ServiceError(_("This seat is no longer offered to you."))
    enrolment.state, enrolment.offered_until = EnrolmentState.ENROLLED, None
    db.session.flush()
    record(
        actor, "training.enrolled", enrolment.training_class, label=enrolment.training_class.label
    )
    return enrolment


def lapse_offers(now) -> int:
    """Offers not confirmed in time lapse (the learner is told nothing more is held) and each
    seat is offered to the next waiting, class by class under its row lock; returns how many
    lapsed. Run by `remind`, and safe to run again."""
    class_ids = sorted(
        set(
            db.session.scalars(
                select(Enrolment.class_id).where(
                    Enrolment.state == EnrolmentState.OFFERED, Enrolment.offered_until < now
                )
            )
        )
    )
    lapsed = 0
    for class_id in class_ids:
        training_class = db.session.get(TrainingClass, class_id)
        lock_class(training_class)
        late = db.session.scalars(
            select(Enrolment).where(
                Enrolment.class_id == class_id,
                Enrolment.state == EnrolmentState.OFFERED,
                Enrolment.offered_until < now,
            )
        ).all()
        for enrolment in late:
            enrolment.state, enrolment.offered_until = EnrolmentState.DECLINED, None
        lapsed += len(late)
        db.session.flush()
        fill_seats(training_class)
        update_fullness(training_class)
    return lapsed


def waitlist_position(enrolment: Enrolment) -> int | None:
    """The learner's place on the waitlist (1 is next), None when not waiting."""
    if enrolment.state is not EnrolmentState.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count(Enrolment.id)).where(
            Enrolment.class_id == enrolment.class_id,
            Enrolment.state == EnrolmentState.WAITLISTED,
            (Enrolment.queued_at < enrolment.queued_at)
            | ((Enrolment.queued_at == enrolment.queued_at) & (Enrolment.id < enrolment.id)),
        )
    )
    return ahead + 1


def check_open(training_class: TrainingClass, now) -> None:
    if training_class.state not in OPEN_FOR_ENROLMENT:
        raise ServiceError(_("This class is not open for enrolment."))
    opens, closes = training_class.enrol_opens_at, training_class.enrol_closes_at
    if opens is not None and now < as_utc(opens):
        raise ServiceError(_("Enrolment for this class has not opened yet."))
    if closes is not None and now > as_utc(closes):
        raise ServiceError(_("Enrolment for this class has closed."))


def update_fullness(training_class: TrainingClass) -> None:
    """Open <-> full as the seats fill and free up."""
    if training_class.state not in OPEN_FOR_ENROLMENT:
        return
    full = seats_taken(training_class) >= training_class.capacity
    training_class.state = ClassState.FULL if full else ClassState.OPEN
    db.session.flush()

"""Nominations and approvals: a director, HR or the PMO puts a person forward for a class (the
person is told and accepts or declines); a course that needs approval waits for the learner's
director (from the org chart, never a typed address) unless their approved plan names it or
their director nominated them. Each step takes the class's row, as every change of seats does."""

from __future__ import annotations

from ..accounts.queries import director_chain_ids
from ..audit.services import record, register_action
from ..clock import utcnow
from ..errors import ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import ensure
from . import notices
from .enrolment import check_open, check_ready, enrolment_of, lock_class, take_place
from .models import ACTIVE_ENROLMENTS, Enrolment, EnrolmentState, TrainingClass
from .permissions import can_approve_enrolment, can_nominate, can_nominate_anyone, can_take_part
from .registry import course_in_plan

for _action, _text in {
    "training.nominated": N_("Nominated for a class"),
    "training.nomination_declined": N_("Declined a nomination"),
    "training.approved": N_("Approved an enrolment"),
    "training.refused": N_("Refused an enrolment"),
}.items():
    register_action(_action, _text)


def nominate(training_class: TrainingClass, *, actor, person) -> Enrolment:
    """Put `person` forward for the class; they are told and accept or decline. A person
    already in the class (or waiting for it) keeps their place. Raises ServiceError when the
    class is not open or the person lacks a prerequisite or is booked elsewhere then."""
    ensure(can_nominate(actor, person))
    lock_class(training_class)
    check_open(training_class, utcnow())
    existing = enrolment_of(training_class, person.id)
    if existing is not None and existing.state in ACTIVE_ENROLMENTS:
        return existing
    check_ready(training_class, person.id)
    enrolment = existing or Enrolment(class_id=training_class.id, user_id=person.id)
    enrolment.state, enrolment.queued_at = EnrolmentState.NOMINATED, utcnow()
    enrolment.nominated_by_id, enrolment.decided_by_id = actor.id, None
    db.session.add(enrolment)
    db.session.flush()
    record(
        actor, "training.nominated", training_class, label=f"{training_class.label}: {person.name}"
    )
    notices.nominated(enrolment, actor)
    return enrolment


def accept_nomination(enrolment: Enrolment, *, actor) -> Enrolment:
    """The nominee takes the nomination: a seat or the waitlist, or their director's approval
    first when the course needs it (a nomination by their director is that approval)."""
    ensure(can_take_part(actor, enrolment))
    training_class = enrolment.training_class
    lock_class(training_class)
    db.session.refresh(enrolment)
    if enrolment.state is not EnrolmentState.NOMINATED:
        return enrolment
    check_open(training_class, utcnow())
    by_director = enrolment.nominated_by_id in director_chain_ids(actor.department_id)
    enrolment.pre_approved = by_director or course_in_plan(actor.id, training_class.course_id)
    if training_class.course.needs_approval and not enrolment.pre_approved:
        enrolment.state = EnrolmentState.PENDING_APPROVAL
        db.session.flush()
        record(actor, "training.approval_asked", training_class, label=training_class.label)
        notices.approval_asked(enrolment)
        return enrolment
    return take_place(enrolment, actor=actor)


def decline_nomination(enrolment: Enrolment, *, actor) -> Enrolment:
    """The nominee says no; whoever nominated them is told."""
    ensure(can_take_part(actor, enrolment))
    lock_class(enrolment.training_class)
    db.session.refresh(enrolment)
    if enrolment.state is EnrolmentState.NOMINATED:
        enrolment.state = EnrolmentState.DECLINED
        db.session.flush()
        training_class = enrolment.training_class
        record(actor, "training.nomination_declined", training_class, label=training_class.label)
        notices.nomination_declined(enrolment)
    return enrolment


def decide_enrolment(enrolment: Enrolment, *, actor, approve: bool, reason: str = "") -> Enrolment:
    """The learner's director approves (a seat or the waitlist, in the order approvals come)
    or refuses (with a reason) a request waiting for approval; deciding again changes nothing.
    Raises ServiceError for a refusal without a reason."""
    ensure(can_approve_enrolment(actor, enrolment))
    training_class = enrolment.training_class
    lock_class(training_class)
    db.session.refresh(enrolment)
    if enrolment.state is not EnrolmentState.PENDING_APPROVAL:
        return enrolment
    enrolment.decided_by_id = actor.id
    label = f"{training_class.label}: {enrolment.user.name}"
    if approve:
        record(actor, "training.approved", training_class, label=label)
        return take_place(enrolment, actor=actor)
    if not reason.strip():
        raise ServiceError(_("Say why, so they know what to do instead."), field="reason")
    enrolment.state = EnrolmentState.REFUSED
    db.session.flush()
    record(
        actor,
        "training.refused",
        training_class,
        label=label,
        changes={"reason": [None, reason.strip()]},
    )
    notices.refused(enrolment, reason.strip())
    return enrolment


def nominate_people(training_class: TrainingClass, *, actor, emails: list[str]) -> list[Enrolment]:
    """Nominate everyone named by e-mail address, or nobody: each address that is unknown, of
    someone the actor may not nominate, or of someone not ready for the class (a prerequisite,
    a clash) is named in one ServiceError on the `emails` field, and nothing is saved."""
    from .queries import people_by_email

    ensure(can_nominate_anyone(actor))
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    people = people_by_email(wanted)
    problems = []
    for email in wanted:
        person = people.get(email)
        if person is None:
            problems.append(_("%(email)s: nobody active has this address.", email=email))
        elif not can_nominate(actor, person):
            problems.append(_("%(email)s: you may not nominate this person.", email=email))
        else:
            try:
                check_ready(training_class, person.id)
            except ServiceError as error:
                problems.append(f"{email}: {error.message}")
    if problems:
        raise ServiceError(" ".join(problems), field="emails")
    return [nominate(training_class, actor=actor, person=people[email]) for email in wanted]

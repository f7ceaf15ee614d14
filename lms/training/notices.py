"""Who hears about what happens in a class: the learner on enrolment, waitlisting, promotion
and an offered seat; everyone booked when a class changes or is cancelled. Written in the
change's transaction (lms.notifications)."""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..clock import as_utc, site_timezone
from ..extensions import db
from ..i18n import N_
from ..notifications.kinds import register_kind
from ..notifications.services import notify
from .models import ACTIVE_ENROLMENTS, Enrolment, EnrolmentState, TrainingClass

register_kind("training.enrolled", N_("You have a seat in %(course)s."))
register_kind(
    "training.waitlisted", N_("%(course)s is full: you are number %(position)s on its waitlist.")
)
register_kind("training.promoted", N_("A seat freed up in %(course)s: it is yours."))
register_kind(
    "training.offered",
    N_("A seat freed up in %(course)s: confirm it by %(until)s or it goes to the next person."),
)
register_kind("training.class_changed", N_("%(course)s has changed: check its new dates."))
register_kind("training.class_cancelled", N_("%(course)s is cancelled: %(reason)s"))
register_kind("training.class_soon", N_("%(course)s starts on %(when)s."))


def _until(moment) -> str:
    return as_utc(moment).astimezone(site_timezone()).strftime("%Y-%m-%d %H:%M")


def _course(training_class: TrainingClass) -> dict:
    return dict(training_class.course.names)  # shown in each reader's language


def told(enrolment: Enrolment, position: int | None = None) -> None:
    """The learner, of where their enrolment now stands."""
    training_class = enrolment.training_class
    person = db.session.get(User, enrolment.user_id)
    course = _course(training_class)
    if enrolment.state is EnrolmentState.ENROLLED:
        notify(person, "training.enrolled", course=course)
    elif enrolment.state is EnrolmentState.WAITLISTED:
        notify(person, "training.waitlisted", course=course, position=position)
    elif enrolment.state is EnrolmentState.OFFERED:
        notify(person, "training.offered", course=course, until=_until(enrolment.offered_until))


def promoted(enrolment: Enrolment) -> None:
    person = db.session.get(User, enrolment.user_id)
    kind = "training.offered" if enrolment.state is EnrolmentState.OFFERED else "training.promoted"
    params = {"course": _course(enrolment.training_class)}
    if enrolment.offered_until is not None:
        params["until"] = _until(enrolment.offered_until)
    notify(person, kind, **params)


def booked(training_class: TrainingClass) -> list[User]:
    """The learners with a live enrolment and the trainers."""
    learners = db.session.scalars(
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.class_id == training_class.id, Enrolment.state.in_(ACTIVE_ENROLMENTS))
        .order_by(User.id)
    )
    return list(dict.fromkeys([*learners, *training_class.trainers]))


def changed(training_class: TrainingClass) -> None:
    for person in booked(training_class):
        notify(person, "training.class_changed", course=_course(training_class))


def cancelled(training_class: TrainingClass, reason: str) -> None:
    for person in booked(training_class):
        notify(person, "training.class_cancelled", course=_course(training_class), reason=reason)


register_kind(
    "training.nominated", N_("%(name)s put you forward for %(course)s: accept or decline.")
)
register_kind(
    "training.nomination_declined", N_("%(name)s declined your nomination for %(course)s.")
)
register_kind("training.approval_asked", N_("%(name)s asks to join %(course)s: approve or refuse."))
register_kind("training.refused", N_("Your request to join %(course)s was refused: %(reason)s"))


def _class_link(training_class: TrainingClass) -> str:
    return f"/classes/{training_class.id}"


def nominated(enrolment: Enrolment, nominator: User) -> None:
    person = db.session.get(User, enrolment.user_id)
    course = _course(enrolment.training_class)
    link = _class_link(enrolment.training_class)
    notify(person, "training.nominated", link=link, name=nominator.name, course=course)


def nomination_declined(enrolment: Enrolment) -> None:
    nominator = (
        db.session.get(User, enrolment.nominated_by_id) if enrolment.nominated_by_id else None
    )
    if nominator is not None:
        person = db.session.get(User, enrolment.user_id)
        notify(
            nominator,
            "training.nomination_declined",
            link=_class_link(enrolment.training_class),
            name=person.name,
            course=_course(enrolment.training_class),
        )


def approval_asked(enrolment: Enrolment) -> None:
    """The learner's director chain (from the org chart): each may approve."""
    from ..accounts.queries import director_chain_ids

    person = db.session.get(User, enrolment.user_id)
    for director_id in sorted(director_chain_ids(person.department_id) - {person.id}):
        notify(
            db.session.get(User, director_id),
            "training.approval_asked",
            link="/classes/requests",
            name=person.name,
            course=_course(enrolment.training_class),
        )


def refused(enrolment: Enrolment, reason: str) -> None:
    person = db.session.get(User, enrolment.user_id)
    course = _course(enrolment.training_class)
    notify(
        person,
        "training.refused",
        link=_class_link(enrolment.training_class),
        course=course,
        reason=reason,
    )

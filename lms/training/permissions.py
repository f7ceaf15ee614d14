"""Who may do what in training: everyone signed in reads the catalogue and enrols themself; the
PMO manages courses, rooms and classes; a learner (or the PMO) withdraws an enrolment."""

from __future__ import annotations

from ..permissions import Role, has_any_role, predicate


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


@predicate
def can_manage_training(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.PMO)


@predicate
def can_enrol(user, training_class) -> bool:
    """Anyone signed in enrols themself (PMs, future PMs, directors who want the course), but
    not into a class they teach."""
    return _signed_in(user) and all(t.id != user.id for t in training_class.trainers)


@predicate
def can_withdraw(user, enrolment) -> bool:
    return _signed_in(user) and (user.id == enrolment.user_id or has_any_role(user, Role.PMO))


@predicate
def can_keep_calendar_feed(user, person) -> bool:
    """Each person keeps their own calendar feed address."""
    return _signed_in(user) and user.id == person.id


@predicate
def can_mark_attendance(user, training_class) -> bool:
    """The class's trainers and the PMO."""
    return _signed_in(user) and (
        any(t.id == user.id for t in training_class.trainers) or has_any_role(user, Role.PMO)
    )


@predicate
def can_confirm_offer(user, enrolment) -> bool:
    """Only the learner offered a seat takes it."""
    return _signed_in(user) and user.id == enrolment.user_id


@predicate
def can_take_part(user, enrolment) -> bool:
    """The learner's own enrolment: apologies, self check-in, feedback."""
    return _signed_in(user) and user.id == enrolment.user_id


def _directs(user, person) -> bool:
    """The user directs the person's department or one above it (the org chart)."""
    from ..accounts.queries import director_chain_ids

    return user.id in director_chain_ids(getattr(person, "department_id", None))


@predicate
def can_approve_enrolment(user, enrolment) -> bool:
    """A course that needs approval is approved by the learner's director (of their department
    or one above it), never by the learner."""
    return _signed_in(user) and user.id != enrolment.user_id and _directs(user, enrolment.user)


@predicate
def can_nominate(user, person) -> bool:
    """The person's director chain, HR and the PMO put people forward for a class."""
    return _signed_in(user) and (has_any_role(user, Role.HR, Role.PMO) or _directs(user, person))


@predicate
def can_nominate_anyone(user) -> bool:
    """Whether the user may nominate people at all (to show the form)."""
    return _signed_in(user) and has_any_role(user, Role.HR, Role.PMO, Role.DIRECTOR)


@predicate
def can_decide_enrolments(user) -> bool:
    """Directors see the requests of their departments' people to join courses that need
    approval."""
    return _signed_in(user) and has_any_role(user, Role.DIRECTOR)


@predicate
def can_view_training_reports(user) -> bool:
    """Attendance, completion, no-shows, feedback and hours across the organisation: HR and the
    PMO."""
    return _signed_in(user) and has_any_role(user, Role.HR, Role.PMO)


@predicate
def can_view_feedback(user) -> bool:
    """Feedback summaries: the PMO for every class, a trainer for the classes they teach."""
    return _signed_in(user) and has_any_role(user, Role.PMO, Role.TRAINER)

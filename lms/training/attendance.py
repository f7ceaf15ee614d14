"""Attendance and completion: the trainer marks each learner per session (present, late,
excused, absent); a learner who attended the share of sessions their course asks for (all, or
`completion_share` percent; late counts as attended) has completed it. Completion is announced
on lms.signals.training_completed inside the same transaction, so what the receivers record
(evidence, a plan activity done) lands with the attendance or not at all.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select

from .. import signals
from ..audit.services import record, register_action
from ..clock import as_utc, site_today, utcnow
from ..errors import ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import ensure
from .enrolment import lock_class
from .models import (
    ATTENDED,
    Apology,
    Attendance,
    AttendanceStatus,
    ClassSession,
    Enrolment,
    EnrolmentState,
    Feedback,
    TrainingClass,
)
from .permissions import can_mark_attendance, can_take_part

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B to misread
CHECK_IN_EARLY = timedelta(minutes=30)  # the code works from half an hour before the start
LATE_AFTER = timedelta(minutes=10)

register_action("training.attendance_marked", N_("Attendance marked"))
register_action("training.completed", N_("Training completed"))
register_action("training.apology_sent", N_("Apologies sent for a session"))
register_action("training.check_in_opened", N_("Self check-in opened for a session"))
register_action("training.checked_in", N_("Checked in to a session"))
register_action("training.feedback_given", N_("Feedback given on a class"))


def mark_attendance(
    training_class: TrainingClass,
    *,
    actor,
    marks: list[tuple[int, int, AttendanceStatus]],
) -> list[Enrolment]:
    """Record (enrolment id, session id, status) marks for this class's enrolled learners;
    returns the enrolments that completed the course with them. Raises ServiceError for a
    learner or session not of this class."""
    ensure(can_mark_attendance(actor, training_class))
    lock_class(training_class)
    return _mark(training_class, marks, actor)


def _mark(training_class: TrainingClass, marks, actor) -> list[Enrolment]:
    """Write the marks (the caller holds the class's row and has checked who may)."""
    sessions = {s.id for s in training_class.sessions}
    enrolled = {
        e.id: e
        for e in db.session.scalars(
            select(Enrolment).where(
                Enrolment.class_id == training_class.id,
                Enrolment.state == EnrolmentState.ENROLLED,
            )
        )
    }
    existing = {
        (a.enrolment_id, a.session_id): a
        for a in db.session.scalars(
            select(Attendance).where(Attendance.enrolment_id.in_(list(enrolled) or [0]))
        )
    }
    now = utcnow()
    for enrolment_id, session_id, status in marks:
        if enrolment_id not in enrolled or session_id not in sessions:
            raise ServiceError(_("That learner or session is not in this class."))
        mark = existing.get((enrolment_id, session_id))
        if mark is None:
            mark = Attendance(enrolment_id=enrolment_id, session_id=session_id)
            db.session.add(mark)
        mark.status, mark.marked_by_id, mark.marked_at = status, actor.id, now
    db.session.flush()
    record(
        actor,
        "training.attendance_marked",
        training_class,
        label=training_class.label,
        changes={"marks": [None, len(marks)]},
    )
    touched = {enrolled[e] for e, _s, _st in marks}
    return [e for e in sorted(touched, key=lambda e: e.id) if _complete(e, training_class, actor)]


def _complete(enrolment: Enrolment, training_class: TrainingClass, actor) -> bool:
    """Mark the enrolment completed when the course's rule is met (once); announce it."""
    if enrolment.completed_at is not None:
        return False
    total = len(training_class.sessions)
    attended = db.session.scalar(
        select(func.count(Attendance.id))
        .join(ClassSession, ClassSession.id == Attendance.session_id)
        .where(
            Attendance.enrolment_id == enrolment.id,
            ClassSession.class_id == training_class.id,
            Attendance.status.in_(ATTENDED),
        )
    )
    course = training_class.course
    if not total or attended * 100 < course.completion_share * total:
        return False
    enrolment.completed_at = utcnow()
    db.session.flush()
    record(actor, "training.completed", training_class, label=training_class.label)
    signals.training_completed.send(
        enrolment,
        person_id=enrolment.user_id,
        course_id=course.id,
        course_names=dict(course.names),
        hours=course.duration_hours,
        completed_on=site_today(),
        actor=actor,
    )
    return True


def send_apology(
    enrolment: Enrolment, session: ClassSession, *, actor, reason: str = ""
) -> Apology:
    """The learner says in advance they will miss `session` of their class; saying it again
    changes the reason. Raises ServiceError once the session has started."""
    ensure(can_take_part(actor, enrolment))
    if session.class_id != enrolment.class_id:
        raise ServiceError(_("That session is not in this class."))
    if utcnow() >= as_utc(session.starts_at):
        raise ServiceError(_("The session has started: tell your trainer."))
    apology = db.session.scalar(
        select(Apology).where(
            Apology.enrolment_id == enrolment.id, Apology.session_id == session.id
        )
    ) or Apology(enrolment_id=enrolment.id, session_id=session.id)
    apology.reason = reason.strip()
    db.session.add(apology)
    db.session.flush()
    record(
        actor,
        "training.apology_sent",
        enrolment.training_class,
        label=enrolment.training_class.label,
    )
    return apology


def open_check_in(session: ClassSession, *, actor) -> str:
    """A code for learners to check themselves in to `session` (shown on the trainer's screen
    and as a QR code); opening it again keeps the code already shown."""
    ensure(can_mark_attendance(actor, session.training_class))
    if not session.check_in_code:
        session.check_in_code = "".join(secrets.choice(CODE_ALPHABET) for _n in range(6))
        db.session.flush()
        training_class = session.training_class
        record(actor, "training.check_in_opened", training_class, label=training_class.label)
    return session.check_in_code


def check_in(enrolment: Enrolment, *, actor, code: str) -> Attendance:
    """The learner checks in with the code their trainer shows: present, or late once ten
    minutes have passed. Raises ServiceError for a wrong code or outside the session's time."""
    ensure(can_take_part(actor, enrolment))
    training_class = enrolment.training_class
    lock_class(training_class)
    if enrolment.state is not EnrolmentState.ENROLLED:
        raise ServiceError(_("Only learners with a seat check in."), field="code")
    now, typed = utcnow(), code.strip().upper().replace(" ", "")
    running = [
        s
        for s in training_class.sessions
        if as_utc(s.starts_at) - CHECK_IN_EARLY <= now <= as_utc(s.ends_at)
    ]
    session = next((s for s in running if s.check_in_code and s.check_in_code == typed), None)
    if session is None:
        message = _("That code is not right.") if running else _("No session is running now.")
        raise ServiceError(message, field="code")
    late = now > as_utc(session.starts_at) + LATE_AFTER
    status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
    _mark(training_class, [(enrolment.id, session.id, status)], actor)
    record(actor, "training.checked_in", training_class, label=training_class.label)
    return db.session.scalar(
        select(Attendance).where(
            Attendance.enrolment_id == enrolment.id, Attendance.session_id == session.id
        )
    )


def give_feedback(enrolment: Enrolment, *, actor, rating: int, comment: str = "") -> Feedback:
    """The learner's rating (1-5) and comment on a class they attended; giving it again
    changes it. Raises ServiceError before they attended a session, or for a rating out of
    range."""
    ensure(can_take_part(actor, enrolment))
    if not 1 <= rating <= 5:
        raise ServiceError(_("Choose 1 to 5."), field="rating")
    attended = db.session.scalar(
        select(func.count(Attendance.id)).where(
            Attendance.enrolment_id == enrolment.id, Attendance.status.in_(ATTENDED)
        )
    )
    if not attended:
        raise ServiceError(_("Feedback opens once you have attended."))
    feedback = db.session.scalar(
        select(Feedback).where(Feedback.enrolment_id == enrolment.id)
    ) or Feedback(enrolment_id=enrolment.id)
    feedback.rating, feedback.comment = rating, comment.strip()
    db.session.add(feedback)
    db.session.flush()
    training_class = enrolment.training_class
    record(actor, "training.feedback_given", training_class, label=training_class.label)
    return feedback

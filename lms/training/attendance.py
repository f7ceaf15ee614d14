"""Attendance and completion: the trainer marks each learner per session (present, late,
excused, absent); a learner who attended the share of sessions their course asks for (all, or
`completion_share` percent; late counts as attended) has completed it. Completion is announced
on lms.signals.training_completed inside the same transaction, so what the receivers record
(evidence, a plan activity done) lands with the attendance or not at all.
"""

from __future__ import annotations

from sqlalchemy import func, select

from .. import signals
from ..audit.services import record, register_action
from ..clock import site_today, utcnow
from ..errors import ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import ensure
from .enrolment import lock_class
from .models import (
    ATTENDED,
    Attendance,
    AttendanceStatus,
    ClassSession,
    Enrolment,
    EnrolmentState,
    TrainingClass,
)
from .permissions import can_mark_attendance

register_action("training.attendance_marked", N_("Attendance marked"))
register_action("training.completed", N_("Training completed"))


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

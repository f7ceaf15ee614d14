"""Read side of attendance: a session's sheet (each seated learner, their mark and apology),
which session a trainer marks by default, one learner's marks and apologies, their feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..clock import as_utc, utcnow
from ..db import read
from ..extensions import db
from .models import Apology, Attendance, Enrolment, EnrolmentState, Feedback, TrainingClass


@dataclass(frozen=True)
class SheetRow:
    """A learner on the attendance sheet of one session."""

    enrolment_id: int
    name: str
    status: str | None  # as marked, else None
    apology: str | None  # their apology's reason ("" for none given), None without one


def attendance_sheet(training_class: TrainingClass, session_id: int) -> list[SheetRow]:
    """The class's seated learners by name, with their mark and apology for the session."""
    mark = (
        select(Attendance.status)
        .where(Attendance.enrolment_id == Enrolment.id, Attendance.session_id == session_id)
        .scalar_subquery()
    )
    apology = (
        select(Apology.reason)
        .where(Apology.enrolment_id == Enrolment.id, Apology.session_id == session_id)
        .scalar_subquery()
    )
    rows = read(
        select(Enrolment.id, User.name, mark, apology)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.class_id == training_class.id, Enrolment.state == EnrolmentState.ENROLLED)
        .order_by(User.name, Enrolment.id)
    )
    return [SheetRow(*row) for row in rows]


def session_to_mark(training_class: TrainingClass, session_id: int | None):
    """The session asked for; else the one running or next today, else the last one begun,
    else the first."""
    sessions = training_class.sessions
    if not sessions:
        return None
    if session_id is not None:
        return next((s for s in sessions if s.id == session_id), None)
    now = utcnow()
    begun = [s for s in sessions if as_utc(s.starts_at) <= now + timedelta(hours=12)]
    return begun[-1] if begun else sessions[0]


def learner_sessions(enrolment: Enrolment) -> dict[int, dict]:
    """Session id -> {"status": mark or None, "apology": reason or None} for one learner."""
    found: dict[int, dict] = {}
    for session_id, status in read(
        select(Attendance.session_id, Attendance.status).where(
            Attendance.enrolment_id == enrolment.id
        )
    ):
        found.setdefault(session_id, {})["status"] = status
    for session_id, reason in read(
        select(Apology.session_id, Apology.reason).where(Apology.enrolment_id == enrolment.id)
    ):
        found.setdefault(session_id, {})["apology"] = reason
    return found


def feedback_of(enrolment: Enrolment) -> Feedback | None:
    return db.session.scalar(select(Feedback).where(Feedback.enrolment_id == enrolment.id))


def session_times(training_class: TrainingClass, now) -> dict[int, str]:
    """Session id -> "upcoming", "open" (check-in works: from half an hour before its start to
    its end) or "past"."""
    from .attendance import CHECK_IN_EARLY

    times = {}
    for session in training_class.sessions:
        starts, ends = as_utc(session.starts_at), as_utc(session.ends_at)
        if now > ends:
            times[session.id] = "past"
        elif now >= starts - CHECK_IN_EARLY:
            times[session.id] = "open"
        else:
            times[session.id] = "upcoming"
    return times

"""The class reminder `flask --app lms remind` runs daily: everyone booked in a class (learners
with a seat, trainers) hears CLASS_REMINDER_DAYS before it starts, once per class and start date
(a class moved to a new date reminds again)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..accounts.models import User
from ..clock import as_utc, site_timezone, utcnow
from ..extensions import db
from ..notifications.reminders import first_time
from ..notifications.services import notify
from .models import ClassSession, ClassState, Enrolment, EnrolmentState, TrainingClass


def _starting(today: date, days: int) -> list[tuple[TrainingClass, object]]:
    """Live classes whose first session falls within the coming `days` days (site dates)."""
    zone = site_timezone()
    first = (
        select(ClassSession.class_id, func.min(ClassSession.starts_at).label("starts_at"))
        .group_by(ClassSession.class_id)
        .subquery()
    )
    begin = datetime.combine(today, time.min, zone).astimezone(UTC)
    found = db.session.execute(
        select(TrainingClass, first.c.starts_at)
        .join(first, first.c.class_id == TrainingClass.id)
        .where(
            TrainingClass.state.in_((ClassState.OPEN, ClassState.FULL, ClassState.PLANNED)),
            first.c.starts_at >= begin,
            first.c.starts_at < begin + timedelta(days=days + 1),
        )
        .order_by(TrainingClass.id)
    )
    return [
        (c, start)
        for c, start in found
        if today <= as_utc(start).astimezone(zone).date() <= today + timedelta(days=days)
    ]


def lapse_seat_offers(today: date) -> str:
    """Seats offered and not confirmed in time go to the next on the waitlist."""
    from .enrolment import lapse_offers

    return f"seat offers: {lapse_offers(utcnow())} lapsed"


def remind_classes(today: date) -> str:
    days = current_app.config.get("CLASS_REMINDER_DAYS", 2)
    due = {}
    for training_class, start in _starting(today, days):
        seated = db.session.scalars(
            select(User)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(
                Enrolment.class_id == training_class.id,
                Enrolment.state == EnrolmentState.ENROLLED,
            )
        )
        when = as_utc(start).astimezone(site_timezone())
        for person in dict.fromkeys([*seated, *training_class.trainers]):
            key = f"class-soon:{training_class.id}:{when.date().isoformat()}:{person.id}"
            due[key] = (person, training_class, when)
    sent = first_time(due)
    for key in sent:
        person, training_class, when = due[key]
        notify(
            person,
            "training.class_soon",
            course=dict(training_class.course.names),
            when=when.strftime("%Y-%m-%d %H:%M"),
        )
    return f"class reminders: {len(sent)} reminded"


def advance_classes(today: date) -> str:
    """Open classes whose first session has begun are running (enrolment closes); running
    classes whose last session has ended are completed. Each under its row lock; safe to run
    again."""
    from ..audit.services import record
    from .enrolment import lock_class

    now = utcnow()
    spans = (
        select(
            ClassSession.class_id,
            func.min(ClassSession.starts_at).label("starts_at"),
            func.max(ClassSession.ends_at).label("ends_at"),
        )
        .group_by(ClassSession.class_id)
        .subquery()
    )
    due = db.session.scalars(
        select(TrainingClass)
        .join(spans, spans.c.class_id == TrainingClass.id)
        .where(
            (
                TrainingClass.state.in_((ClassState.OPEN, ClassState.FULL))
                & (spans.c.starts_at <= now)
            )
            | ((TrainingClass.state == ClassState.RUNNING) & (spans.c.ends_at <= now))
        )
        .order_by(TrainingClass.id)
    ).all()
    moved = {"running": 0, "completed": 0}
    for training_class in due:
        lock_class(training_class)
        ends = max((as_utc(s.ends_at) for s in training_class.sessions), default=now)
        if training_class.state in (ClassState.OPEN, ClassState.FULL, ClassState.RUNNING):
            state = ClassState.COMPLETED if ends <= now else ClassState.RUNNING
            if state is not training_class.state:
                training_class.state = state
                moved[str(state)] += 1
                record(None, f"training.class_{state}", training_class, label=training_class.label)
    db.session.flush()
    return f"classes: {moved['running']} running, {moved['completed']} completed"

"""Home-page panels of training: the learner's next classes and waitlist places, the trainer's
classes this week, the PMO's classes still below their minimum size."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..clock import site_today, utcnow
from ..dashboard.panels import register_panel
from ..db import read
from ..i18n import localized
from ..permissions import Role, has_any_role, predicate
from . import class_lists, queries
from .agenda import entries, span_of
from .models import (
    SEATED,
    ClassSession,
    ClassState,
    Course,
    Enrolment,
    EnrolmentState,
    TrainingClass,
)
from .permissions import can_manage_training

SHOWN = 3


@predicate
def can_see_own_classes(user) -> bool:
    return getattr(user, "is_authenticated", False)


@predicate
def can_see_teaching_week(user) -> bool:
    return getattr(user, "is_authenticated", False) and has_any_role(user, Role.TRAINER)


def _my_classes(user) -> dict:
    page = class_lists.my_enrolments(user, 1, SHOWN)
    waiting = [e.class_id for e in page.items if e.enrolment_state is EnrolmentState.WAITLISTED]
    return {"page": page, "positions": queries.positions(waiting)}


def _teaching_week(user) -> dict:
    """The trainer's sessions of this week (Monday first), by day."""
    span = span_of("week", site_today())
    by_day = entries(span, "teaching", user)
    return {"span": span, "days": sorted(by_day.items())}


def _below_minimum(user) -> dict:
    """Open and planned classes starting in the next 60 days with fewer seats taken than their
    minimum: the sessions of those days first (by their index), then each one's seats."""
    now = utcnow()
    soon = (
        select(ClassSession.class_id, func.min(ClassSession.starts_at).label("starts_at"))
        .where(ClassSession.starts_at > now, ClassSession.starts_at < now + timedelta(days=60))
        .group_by(ClassSession.class_id)
        .subquery()
    )
    seated = (
        select(func.count(Enrolment.id))
        .where(Enrolment.class_id == TrainingClass.id, Enrolment.state.in_(SEATED))
        .correlate(TrainingClass)
        .scalar_subquery()
    )
    short = (
        select(
            TrainingClass.id,
            Course.names,
            soon.c.starts_at,
            seated.label("seated"),
            TrainingClass.min_size,
        )
        .join(soon, soon.c.class_id == TrainingClass.id)
        .join(Course, Course.id == TrainingClass.course_id)
        .where(
            TrainingClass.state.in_((ClassState.PLANNED, ClassState.OPEN)),
            TrainingClass.min_size > 0,
            TrainingClass.min_size > seated,
        )
    )
    rows = read(short.order_by(soon.c.starts_at, TrainingClass.id)).all()
    return {
        "rows": [
            {
                "id": r.id,
                "course": localized(r.names),
                "starts_at": r.starts_at,
                "seated": r.seated,
                "min_size": r.min_size,
            }
            for r in rows[:SHOWN]
        ],
        "total": len(rows),
    }


def register() -> None:
    register_panel(
        "my_classes",
        "training/panel_mine.html",
        visible=can_see_own_classes,
        context=_my_classes,
        order=30,  # after each role's own work, before the audit log and notifications
        lazy=True,  # below the fold: fetched once the home page has shown
    )
    register_panel(
        "teaching_week",
        "training/panel_teaching.html",
        visible=can_see_teaching_week,
        context=_teaching_week,
        order=18,
    )
    register_panel(
        "below_minimum",
        "training/panel_below_minimum.html",
        visible=can_manage_training,
        context=_below_minimum,
        order=19,
        shared=True,  # the PMO's home page is opened far more often than classes fill
    )

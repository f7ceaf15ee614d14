"""Training reports (HR and the PMO): attendance and completion by course and by department,
the no-show rate, feedback scores, and training hours per PM in a year. One select of every
enrolment of the year's classes (its marks and feedback counted in SQL), then pandas.

A class belongs to the year its first session starts in (the site's time zone); cancelled
classes are left out. No-show rate: the share of marked sessions marked absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import pandas as pd
from sqlalchemy import Integer, func, select

from ..accounts.models import Department, User, UserRole
from ..accounts.queries import department_tree
from ..clock import site_timezone, utcnow
from ..db import read
from ..i18n import gettext as _
from ..i18n import localized
from ..permissions import Role
from .models import (
    ATTENDED,
    Attendance,
    AttendanceStatus,
    ClassSession,
    ClassState,
    Course,
    Enrolment,
    EnrolmentState,
    Feedback,
    TrainingClass,
)

HOUR_BANDS = [(0, 0), (1, 8), (9, 16), (17, 40), (41, None)]  # hours in the year


@dataclass(frozen=True)
class Report:
    year: int
    enrolments: pd.DataFrame  # one row per seated enrolment of the year's classes
    hours: pd.DataFrame  # one row per PM: user_id, name, department, hours
    computed_at: datetime
    _by: dict = field(default_factory=dict, compare=False, repr=False)

    def by(self, column: str) -> pd.DataFrame:
        """Per course or department: seated, attended, completed, completion and no-show
        rates (per cent), feedback average and count (worked out once per report)."""
        if column not in self._by:
            self._by[column] = self._grouped(column)
        return self._by[column]

    def _grouped(self, column: str) -> pd.DataFrame:
        frame = self.enrolments
        if frame.empty:
            return pd.DataFrame(
                columns=[
                    column,
                    "seated",
                    "attended",
                    "completed",
                    "completion",
                    "no_show",
                    "rating",
                    "ratings",
                ]
            )
        grouped = frame.groupby(column, sort=True).agg(
            seated=("enrolment_id", "size"),
            attended=("attended", lambda s: int((s > 0).sum())),
            completed=("completed", "sum"),
            absent=("absent", "sum"),
            marked=("marked", "sum"),
            rating=("rating", "mean"),
            ratings=("rating", "count"),
        )
        grouped["completion"] = (100 * grouped.completed / grouped.seated).round(1)
        grouped["no_show"] = (
            100 * grouped.absent / grouped.marked.where(grouped.marked > 0)
        ).round(1)
        grouped["rating"] = grouped.rating.round(2)
        order = ["seated", "attended", "completed", "completion", "no_show", "rating", "ratings"]
        return grouped[order].reset_index()

    def bands(self) -> list[tuple[str, int]]:
        """How many PMs trained how many hours in the year (0, 1-8, ...)."""
        hours = self.hours.hours
        found = []
        for low, high in HOUR_BANDS:
            inside = (hours >= low) if high is None else (hours >= low) & (hours <= high)
            label = f"{low}+" if high is None else (str(low) if low == high else f"{low}–{high}")
            found.append((label, int(inside.sum())))
        return found


def year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = site_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, zone).astimezone(UTC),
        datetime.combine(date(year + 1, 1, 1), time.min, zone).astimezone(UTC),
    )


def training_report(year: int, department_ids: frozenset[int] | None = None) -> Report:
    starts, ends = year_bounds(year)
    first = (
        select(ClassSession.class_id, func.min(ClassSession.starts_at).label("starts_at"))
        .group_by(ClassSession.class_id)
        .subquery()
    )
    marks = (
        select(
            Attendance.enrolment_id,
            func.count().label("marked"),
            func.sum(func.cast(Attendance.status.in_(ATTENDED), Integer)).label("attended"),
            func.sum(func.cast(Attendance.status == AttendanceStatus.ABSENT, Integer)).label(
                "absent"
            ),
        )
        .group_by(Attendance.enrolment_id)
        .subquery()
    )
    query = (
        select(
            Enrolment.id.label("enrolment_id"),
            Enrolment.user_id,
            TrainingClass.course_id,
            func.coalesce(User.department_id, -1).label("department_id"),
            func.cast(Enrolment.completed_at.is_not(None), Integer).label("completed"),
            func.coalesce(marks.c.marked, 0).label("marked"),
            func.coalesce(marks.c.attended, 0).label("attended"),
            func.coalesce(marks.c.absent, 0).label("absent"),
            Feedback.rating,
        )
        .join(TrainingClass, TrainingClass.id == Enrolment.class_id)
        .join(first, first.c.class_id == TrainingClass.id)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(marks, marks.c.enrolment_id == Enrolment.id)
        .outerjoin(Feedback, Feedback.enrolment_id == Enrolment.id)
        .where(
            first.c.starts_at >= starts,
            first.c.starts_at < ends,
            TrainingClass.state != ClassState.CANCELLED,
            Enrolment.state == EnrolmentState.ENROLLED,
        )
    )
    if department_ids is not None:
        query = query.where(User.department_id.in_(sorted(department_ids)))
    frame = _plain_frame(query)  # tens of thousands of rows: the driver's tuples, no Row objects
    if not frame.empty:
        frame["course"] = frame.course_id.map(_course_names())
        hours = dict(read(select(Course.id, Course.duration_hours)).all())
        frame["duration_hours"] = frame.course_id.map(hours).astype(float)
        names = dict(department_tree().by_name)
        frame["department"] = frame.department_id.map(names).fillna(_("No department"))
        frame["completed"] = frame.completed.astype(bool)
        frame["rating"] = pd.to_numeric(frame.rating)
    return Report(year, frame, _hours(frame, department_ids), utcnow())


def _course_names() -> dict[int, str]:
    return {cid: localized(names) for cid, names in read(select(Course.id, Course.names))}


def _plain_frame(query) -> pd.DataFrame:
    """A select of numbers as a DataFrame from the driver's own rows."""
    result = read(query)
    try:
        return pd.DataFrame(result.cursor.fetchall(), columns=list(result.keys()))
    finally:
        result.close()


def _hours(frame: pd.DataFrame, department_ids) -> pd.DataFrame:
    """Every active PM (of the departments) with the hours of the courses they completed."""
    query = (
        select(User.id.label("user_id"), User.name, Department.name.label("department"))
        .join(UserRole, (UserRole.user_id == User.id) & (UserRole.role == str(Role.PM)))
        .outerjoin(Department, Department.id == User.department_id)
        .where(User.is_active.is_(True))
    )
    if department_ids is not None:
        query = query.where(User.department_id.in_(sorted(department_ids)))
    people = _plain_frame(query)
    done = frame[frame.completed] if not frame.empty else frame
    hours = (
        done.groupby("user_id").duration_hours.sum() if not done.empty else pd.Series(dtype=float)
    )
    people["hours"] = people.user_id.map(hours).fillna(0.0)
    people["department"] = people.department.fillna(_("No department"))
    return people.sort_values(
        ["hours", "name"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def feedback_summary(trainer_id: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Feedback per course and per trainer (average rating, count): of every class, or for a
    trainer of the classes they teach only. A rating of a class with two trainers counts once
    for its course and once for each trainer."""
    from .models import class_trainers

    query = (
        select(Feedback.id, TrainingClass.course_id, User.name.label("trainer"), Feedback.rating)
        .join(Enrolment, Enrolment.id == Feedback.enrolment_id)
        .join(TrainingClass, TrainingClass.id == Enrolment.class_id)
        .join(class_trainers, class_trainers.c.class_id == TrainingClass.id)
        .join(User, User.id == class_trainers.c.user_id)
    )
    if trainer_id is not None:
        query = query.where(class_trainers.c.user_id == trainer_id)
    frame, names = _plain_frame(query), _course_names()
    if frame.empty:
        empty = pd.DataFrame(columns=["name", "rating", "ratings"])
        return empty, empty.copy()
    frame["course"] = frame.course_id.map(names)
    per_course = frame.drop_duplicates("id").groupby("course").rating.agg(["mean", "count"])
    per_trainer = frame.groupby("trainer").rating.agg(["mean", "count"])
    return _summary(per_course), _summary(per_trainer)


def _summary(grouped: pd.DataFrame) -> pd.DataFrame:
    grouped = grouped.rename(columns={"mean": "rating", "count": "ratings"})
    grouped.index.name = "name"
    return grouped.round(2).reset_index().sort_values("name", kind="stable")

"""Classes as lists show them (ClassItem rows, one statement a page): a course's classes, a
learner's classes, a trainer's classes, and the trainers' names for a page of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Select, and_, bindparam, func, select

from ..accounts.models import User
from ..db import read
from ..i18n import localized
from ..web.pagination import page_of
from .clashes import LIVE
from .models import (
    ACTIVE_ENROLMENTS,
    ClassSession,
    ClassState,
    Course,
    Enrolment,
    EnrolmentState,
    Room,
    TrainingClass,
    class_trainers,
)


@dataclass(frozen=True)
class ClassItem:
    """A class as a list shows it: its course, when it starts, where, its state and seats;
    for a learner's list, their enrolment too."""

    class_id: int
    class_state: ClassState
    course_names: dict
    capacity: int
    room_name: str | None
    starts_at: datetime | None
    sessions: int
    enrolment_id: int | None = None
    enrolment_state: EnrolmentState | None = None

    @property
    def course_name(self) -> str:
        return localized(self.course_names)


def _first_session(class_ids):
    """Each class's first start and number of sessions, for the classes `class_ids` selects
    (grouping only those, not every session there is)."""
    return (
        select(
            ClassSession.class_id,
            func.min(ClassSession.starts_at).label("starts_at"),
            func.count().label("sessions"),
        )
        .where(ClassSession.class_id.in_(class_ids))
        .group_by(ClassSession.class_id)
        .subquery()
    )


def _class_items(class_ids, *extra):
    """ClassItem columns (and `extra` ones) of the classes `class_ids` (a select of ids)
    selects."""
    sessions = _first_session(class_ids)
    query = (
        select(
            TrainingClass.id,
            TrainingClass.state,
            Course.names,
            TrainingClass.capacity,
            Room.name,
            sessions.c.starts_at,
            func.coalesce(sessions.c.sessions, 0),
            *extra,
        )
        .join(Course, Course.id == TrainingClass.course_id)
        .outerjoin(Room, Room.id == TrainingClass.room_id)
        .outerjoin(sessions, sessions.c.class_id == TrainingClass.id)
        .where(TrainingClass.id.in_(class_ids))
    )
    return query, sessions


def _items(rows) -> list[ClassItem]:
    return [ClassItem(*row) for row in rows]


def my_enrolments(user, page: int, per_page: int, *, past: bool = False):
    """The learner's classes as ClassItems: still to come (active enrolments of live classes),
    or past and cancelled ones; soonest first (latest first for the past)."""
    return page_of(_my_enrolments(past), page, per_page, {"user_id": user.id}, rows=_items)


@cache
def _my_enrolments(past: bool) -> Select:
    mine = select(Enrolment.class_id).where(Enrolment.user_id == bindparam("user_id"))
    query, sessions = _class_items(mine, Enrolment.id, Enrolment.state)
    live = and_(TrainingClass.state.in_(LIVE), Enrolment.state.in_(ACTIVE_ENROLMENTS))
    return (
        query.join(Enrolment, Enrolment.class_id == TrainingClass.id)
        .where(Enrolment.user_id == bindparam("user_id"), ~live if past else live)
        .order_by(sessions.c.starts_at.desc() if past else sessions.c.starts_at, Enrolment.id)
    )


def classes_taught_by(user, page: int, per_page: int):
    """The trainer's live classes as ClassItems, soonest first."""
    return page_of(_taught(), page, per_page, {"user_id": user.id}, rows=_items)


@cache
def _taught() -> Select:
    taught = select(class_trainers.c.class_id).where(
        class_trainers.c.user_id == bindparam("user_id")
    )
    query, sessions = _class_items(taught)
    return query.where(TrainingClass.state.in_(LIVE)).order_by(
        sessions.c.starts_at, TrainingClass.id
    )


def classes_of_course(course: Course, page: int, per_page: int, *, all_states: bool):
    """The course's classes as ClassItems, soonest first; without `all_states` only those
    still to run (with it, the latest first)."""
    query = _of_course(all_states)
    return page_of(query, page, per_page, {"course_id": course.id}, rows=_items)


@cache
def _of_course(all_states: bool) -> Select:
    of_course = select(TrainingClass.id).where(TrainingClass.course_id == bindparam("course_id"))
    query, sessions = _class_items(of_course)
    query = query.order_by(
        sessions.c.starts_at.desc() if all_states else sessions.c.starts_at, TrainingClass.id
    )
    return query if all_states else query.where(TrainingClass.state.in_(LIVE))


def trainer_names(class_ids: list[int]) -> dict[int, str]:
    """Class id -> its trainers' names, for a page of classes."""
    if not class_ids:
        return {}
    names: dict[int, list[str]] = {}
    for class_id, name in read(
        select(class_trainers.c.class_id, User.name)
        .join(User, User.id == class_trainers.c.user_id)
        .where(class_trainers.c.class_id.in_(class_ids))
        .order_by(User.name)
    ):
        names.setdefault(class_id, []).append(name)
    return {class_id: ", ".join(found) for class_id, found in names.items()}

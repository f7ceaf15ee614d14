"""Read side of training: the catalogue's search, a course and its classes, a class with its
roster, a learner's classes with their waitlist positions. Each page reads a fixed number of
statements whatever the number of courses, classes or enrolments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User, UserRole
from ..clock import utcnow
from ..db import read
from ..extensions import db
from ..i18n import localized
from ..permissions import Role
from ..web.pagination import page_of
from .models import (
    ACTIVE_ENROLMENTS,
    SEATED,
    ClassSession,
    ClassState,
    Course,
    CourseCompetency,
    DeliveryMode,
    Enrolment,
    EnrolmentState,
    Room,
    TrainingClass,
)
from .permissions import can_manage_training


@dataclass(frozen=True)
class CatalogueFilters:
    search: str = ""
    competency_ids: tuple[int, ...] = ()  # a competency, or every one of an area
    mode: DeliveryMode | None = None
    show_retired: bool = False
    competency_id: int | None = None  # as chosen, for the form
    area_id: int | None = None


@dataclass(frozen=True)
class CourseItem:
    """A course in the catalogue, read as plain columns: what its row shows."""

    id: int
    idnumber: str
    names: dict
    mode: DeliveryMode
    duration_hours: float
    needs_approval: bool
    is_retired: bool
    competencies: tuple = ()  # (competency_id, level) rows, by competency

    @property
    def name(self) -> str:
        return localized(self.names)


def catalogue(filters: CatalogueFilters, page: int, per_page: int):
    """The courses matching the filters, by id number, with what they develop (a page of
    CourseItem: one statement for the page and its total, one for what the page develops)."""
    params: dict = {}
    if filters.search.strip():
        params["pattern"] = f"%{_escaped(filters.search)}%"
    if filters.competency_ids:
        params["competency_ids"] = list(filters.competency_ids)
    if filters.mode is not None:
        params["mode"] = str(filters.mode)
    shape = (tuple(sorted(params)), filters.show_retired)
    return page_of(_catalogue(*shape), page, per_page, params, rows=_course_items)


def _course_items(rows) -> list[CourseItem]:
    links: dict[int, list] = {}
    if rows:
        found = read(_COURSE_LINKS, {"ids": [row[0] for row in rows]})
        for link in found:
            links.setdefault(link.course_id, []).append(link)
    return [CourseItem(*row, competencies=tuple(links.get(row[0], ()))) for row in rows]


_COURSE_LINKS = (
    select(CourseCompetency.course_id, CourseCompetency.competency_id, CourseCompetency.level)
    .where(CourseCompetency.course_id.in_(bindparam("ids", expanding=True)))
    .order_by(CourseCompetency.course_id, CourseCompetency.competency_id)
)


@cache
def _catalogue(filtered: tuple[str, ...], show_retired: bool) -> Select:
    """The catalogue's statement for one shape of filters, built once (its values are bind
    parameters): building it cost more than SQLite answering it."""
    query = select(
        Course.id,
        Course.idnumber,
        Course.names,
        Course.mode,
        Course.duration_hours,
        Course.needs_approval,
        Course.is_retired,
    ).order_by(Course.idnumber, Course.id)
    if "pattern" in filtered:
        query = query.where(Course.search_text.like(bindparam("pattern"), escape="\\"))
    if "competency_ids" in filtered:
        query = query.where(
            Course.id.in_(
                select(CourseCompetency.course_id).where(
                    CourseCompetency.competency_id.in_(bindparam("competency_ids", expanding=True))
                )
            )
        )
    if "mode" in filtered:
        query = query.where(Course.mode == bindparam("mode"))
    if not show_retired:
        query = query.where(Course.is_retired.is_(False))
    return query


def _escaped(text: str) -> str:
    return text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class NextClasses:
    count: int
    first_starts_at: datetime | None


def next_classes(course_ids: list[int]) -> dict[int, NextClasses]:
    """For each course, how many of its classes take enrolments and still have a session to
    come, and when the next such session starts (one grouped statement for a page of courses)."""
    if not course_ids:
        return {}
    rows = read(
        select(
            TrainingClass.course_id,
            func.count(func.distinct(TrainingClass.id)),
            func.min(ClassSession.starts_at),
        )
        .join(ClassSession, ClassSession.class_id == TrainingClass.id)
        .where(
            TrainingClass.course_id.in_(course_ids),
            TrainingClass.state.in_((ClassState.OPEN, ClassState.FULL)),
            ClassSession.starts_at > utcnow(),
        )
        .group_by(TrainingClass.course_id)
    ).all()
    return {course_id: NextClasses(count, first) for course_id, count, first in rows}


def get_course_or_404(course_id: int, user) -> Course:
    """A course (a retired one only for the PMO)."""
    course = db.session.get(Course, course_id)
    if course is None or (course.is_retired and not can_manage_training(user)):
        abort(404)
    return course


@dataclass(frozen=True)
class CourseFacts:
    """What a course page lists besides the course: read as plain rows, in four small
    statements (loading them as objects cost more than the rest of the page)."""

    competencies: list  # (competency_id, level) rows
    prerequisites: list  # (id, names) rows; .name in the reader's language
    trainers: list[str]  # names
    materials: list  # (title, url) rows


@dataclass(frozen=True)
class _Named:
    id: int
    names: dict

    @property
    def name(self) -> str:
        return localized(self.names)


def course_facts(course_id: int) -> CourseFacts:
    from .models import CourseMaterial, course_prerequisites, course_trainers

    competencies = read(
        select(CourseCompetency.competency_id, CourseCompetency.level)
        .where(CourseCompetency.course_id == course_id)
        .order_by(CourseCompetency.competency_id)
    ).all()
    prerequisites = read(
        select(Course.id, Course.names)
        .join(course_prerequisites, course_prerequisites.c.prerequisite_id == Course.id)
        .where(course_prerequisites.c.course_id == course_id)
        .order_by(Course.idnumber)
    )
    trainers = read(
        select(User.name)
        .join(course_trainers, course_trainers.c.user_id == User.id)
        .where(course_trainers.c.course_id == course_id)
        .order_by(User.name)
    ).scalars()
    materials = read(
        select(CourseMaterial.title, CourseMaterial.url)
        .where(CourseMaterial.course_id == course_id)
        .order_by(CourseMaterial.id)
    ).all()
    return CourseFacts(
        competencies,
        [_Named(*row) for row in prerequisites],
        list(trainers),
        materials,
    )


def linked_ids(course_id: int) -> tuple[list[int], list[int]]:
    """The ids of a course's prerequisites and default trainers (what its editor ticks), read
    from the link tables without loading the courses and people themselves."""
    from .models import course_prerequisites, course_trainers

    needs = read(
        select(course_prerequisites.c.prerequisite_id).where(
            course_prerequisites.c.course_id == course_id
        )
    ).scalars()
    trainers = read(
        select(course_trainers.c.user_id).where(course_trainers.c.course_id == course_id)
    ).scalars()
    return list(needs), list(trainers)


def courses_in_order() -> list[tuple[int, str, dict]]:
    """(id, id number, names) of every course, for choosing prerequisites."""
    return read(select(Course.id, Course.idnumber, Course.names).order_by(Course.idnumber)).all()


@dataclass(frozen=True)
class Seats:
    taken: int = 0
    waiting: int = 0


def seats_of(class_ids: list[int]) -> dict[int, Seats]:
    """Seats taken (enrolled or held for an offer) and people waiting, per class."""
    if not class_ids:
        return {}
    seated = func.sum(func.cast(Enrolment.state.in_(SEATED), db.Integer))
    waiting = func.sum(func.cast(Enrolment.state == EnrolmentState.WAITLISTED, db.Integer))
    rows = read(
        select(Enrolment.class_id, seated, waiting)
        .where(Enrolment.class_id.in_(class_ids))
        .group_by(Enrolment.class_id)
    ).all()
    return {class_id: Seats(int(taken or 0), int(wait or 0)) for class_id, taken, wait in rows}


def get_class_or_404(class_id: int) -> TrainingClass:
    training_class = db.session.get(
        TrainingClass,
        class_id,
        options=[
            joinedload(TrainingClass.course),
            joinedload(TrainingClass.room),
            selectinload(TrainingClass.trainers),
            selectinload(TrainingClass.sessions),
        ],
    )
    if training_class is None:
        abort(404)
    return training_class


def get_enrolment_or_404(enrolment_id: int, user) -> Enrolment:
    """The learner's own enrolment, or any for the PMO; 404 for everyone else."""
    enrolment = db.session.get(
        Enrolment, enrolment_id, options=[joinedload(Enrolment.training_class)]
    )
    if enrolment is None or (enrolment.user_id != user.id and not can_manage_training(user)):
        abort(404)
    return enrolment


def roster(training_class: TrainingClass) -> list:
    """Everyone with an active enrolment in the class (rows: id, state, queued_at, name), the
    seated first, then the waitlist in its order."""
    return read(
        select(Enrolment.id, Enrolment.state, Enrolment.queued_at, User.name)
        .join(User, User.id == Enrolment.user_id)
        .where(
            Enrolment.class_id == training_class.id,
            Enrolment.state.in_(ACTIVE_ENROLMENTS),
        )
        .order_by((Enrolment.state == EnrolmentState.WAITLISTED), Enrolment.queued_at, Enrolment.id)
    ).all()


def positions(class_ids: list[int]) -> dict[int, int]:
    """Enrolment id -> place on its class's waitlist (1 is next), for these classes (asked
    even for none: a page reads the same statements whoever looks)."""
    place = func.row_number().over(
        partition_by=Enrolment.class_id, order_by=(Enrolment.queued_at, Enrolment.id)
    )
    return dict(
        read(
            select(Enrolment.id, place).where(
                Enrolment.class_id.in_(class_ids), Enrolment.state == EnrolmentState.WAITLISTED
            )
        ).all()
    )


def enrolment_in(training_class: TrainingClass, user) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(
            Enrolment.class_id == training_class.id, Enrolment.user_id == user.id
        )
    )


def rooms(page: int, per_page: int):
    return page_of(select(Room).order_by(Room.is_retired, Room.name), page, per_page)


def rooms_to_book() -> list[Room]:
    return list(
        db.session.scalars(select(Room).where(Room.is_retired.is_(False)).order_by(Room.name))
    )


def get_room_or_404(room_id: int) -> Room:
    return db.get_or_404(Room, room_id)


def trainers_to_choose() -> list[tuple[int, str]]:
    """(id, name) of everyone active with the trainer role."""
    rows = read(
        select(User.id, User.name)
        .where(
            User.is_active.is_(True),
            User.id.in_(select(UserRole.user_id).where(UserRole.role == Role.TRAINER)),
        )
        .order_by(User.name)
    )
    return [(user_id, name) for user_id, name in rows]


def people_by_id(ids: list[int]) -> list[User]:
    return list(db.session.scalars(select(User).where(User.id.in_(ids)))) if ids else []


def courses_by_id(ids: list[int]) -> list[Course]:
    return list(db.session.scalars(select(Course).where(Course.id.in_(ids)))) if ids else []


@dataclass(frozen=True)
class RequestItem:
    """A request waiting for the director, read as plain columns."""

    enrolment_id: int
    queued_at: datetime
    person_name: str
    class_id: int
    course_names: dict
    starts_at: datetime | None  # the class's first session

    @property
    def course_name(self) -> str:
        return localized(self.course_names)


def requests_for(director, page: int, per_page: int):
    """Enrolments waiting for approval of people in the departments the user directs (and
    those below), oldest request first: one statement for a page of RequestItem and its total."""
    from ..accounts.queries import department_tree

    departments = department_tree().directed_by(director.id)
    params = {"departments": sorted(departments) or [0], "director": director.id}
    return page_of(
        _REQUESTS, page, per_page, params, rows=lambda rows: [RequestItem(*row) for row in rows]
    )


_REQUESTS = (
    select(
        Enrolment.id,
        Enrolment.queued_at,
        User.name,
        TrainingClass.id,
        Course.names,
        select(func.min(ClassSession.starts_at))
        .where(ClassSession.class_id == TrainingClass.id)
        .scalar_subquery(),
    )
    .join(User, User.id == Enrolment.user_id)
    .join(TrainingClass, TrainingClass.id == Enrolment.class_id)
    .join(Course, Course.id == TrainingClass.course_id)
    .where(
        Enrolment.state == EnrolmentState.PENDING_APPROVAL,
        User.department_id.in_(bindparam("departments", expanding=True)),
        User.id != bindparam("director"),
    )
    .order_by(Enrolment.queued_at, Enrolment.id)
)


def people_by_email(emails: list[str]) -> dict[str, User]:
    """Active people by their (lower-case) e-mail address."""
    if not emails:
        return {}
    found = db.session.scalars(
        select(User).where(func.lower(User.email).in_(emails), User.is_active.is_(True))
    )
    return {user.email.lower(): user for user in found}


def get_pending_or_404(enrolment_id: int, user) -> Enrolment:
    """A request the user may decide (their director chain); 404 for everyone else."""
    from .permissions import can_approve_enrolment

    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or not can_approve_enrolment(user, enrolment):
        abort(404)
    return enrolment

"""Month and week views of classes (mine, my department's, all): the sessions in the range,
grouped by day in the site's time zone, with each session's class, course and seats. One
statement for the sessions and one for the seats, whatever the range holds."""

from __future__ import annotations

from calendar import Calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_interval, format_skeleton, get_day_names
from sqlalchemy import and_, exists, or_, select

from ..accounts.models import User
from ..clock import as_utc, site_timezone
from ..db import read
from ..i18n import current_locale, localized
from .clashes import LIVE
from .models import (
    ACTIVE_ENROLMENTS,
    ClassSession,
    ClassState,
    Course,
    Enrolment,
    Room,
    TrainingClass,
    class_trainers,
)

SCOPES = ("mine", "department", "all")
VIEWS = ("month", "week")


@dataclass(frozen=True)
class Entry:
    """One session in the calendar."""

    class_id: int
    state: ClassState
    course_names: dict
    starts_at: datetime  # in the site's time zone
    ends_at: datetime
    room_name: str | None

    @property
    def course_name(self) -> str:
        return localized(self.course_names)


@dataclass(frozen=True)
class Span:
    view: str
    first: date  # the first day shown
    days: int
    anchor: date  # the day asked for

    @property
    def last(self) -> date:
        return self.first + timedelta(days=self.days - 1)

    @property
    def weeks(self) -> list[list[date]]:
        every = [self.first + timedelta(days=n) for n in range(self.days)]
        return [every[n : n + 7] for n in range(0, len(every), 7)]

    @property
    def title(self) -> str:
        """ "December 2026", or the week's first and last day, in the reader's language."""
        locale = current_locale()
        if self.view == "month":
            return format_skeleton("yMMMM", self.anchor, locale=locale)
        return format_interval(self.first, self.last, "yMMMd", locale=locale)

    @staticmethod
    def day_names() -> list[str]:
        names = get_day_names("abbreviated", locale=current_locale())
        return [names[n] for n in range(7)]

    def step(self, direction: int) -> date:
        if self.view == "week":
            return self.anchor + timedelta(days=7 * direction)
        month = self.anchor.month - 1 + direction
        return date(self.anchor.year + month // 12, month % 12 + 1, 1)


def span_of(view: str, anchor: date) -> Span:
    """The weeks (Monday first) the view shows around `anchor`."""
    if view == "week":
        return Span(view, anchor - timedelta(days=anchor.weekday()), 7, anchor)
    weeks = Calendar(firstweekday=0).monthdatescalendar(anchor.year, anchor.month)
    return Span(view, weeks[0][0], 7 * len(weeks), anchor)


def entries(span: Span, scope: str, person: User) -> dict[date, list[Entry]]:
    """The sessions of live and cancelled classes in the span, by local day, in time order."""
    zone = site_timezone()
    starts = datetime.combine(span.first, time.min, zone).astimezone(UTC)
    ends = datetime.combine(span.last + timedelta(days=1), time.min, zone).astimezone(UTC)
    query = (
        select(
            TrainingClass.id,
            TrainingClass.state,
            Course.names,
            ClassSession.starts_at,
            ClassSession.ends_at,
            Room.name,
        )
        .join(TrainingClass, TrainingClass.id == ClassSession.class_id)
        .join(Course, Course.id == TrainingClass.course_id)
        .outerjoin(Room, Room.id == TrainingClass.room_id)
        .where(
            ClassSession.starts_at >= starts,
            ClassSession.starts_at < ends,
            TrainingClass.state.in_((*LIVE, ClassState.COMPLETED, ClassState.CANCELLED)),
            _scope(scope, person, starts, ends),
        )
        .order_by(ClassSession.starts_at, TrainingClass.id)
    )
    by_day: dict[date, list[Entry]] = defaultdict(list)
    for class_id, state, names, begins, finishes, room in read(query):
        local = as_utc(begins).astimezone(zone)
        entry = Entry(class_id, state, names, local, as_utc(finishes).astimezone(zone), room)
        by_day[local.date()].append(entry)
    return by_day


def _scope(scope: str, person: User, starts: datetime, ends: datetime):
    """mine: classes the person learns in or teaches; department: those someone of their
    department learns in; all: every class. Asked of each class of the period once (EXISTS on
    its enrolments, by index), not over every enrolment there is; for the department, the
    period's classes are listed first, so a class with several sessions is asked only once
    (`+ 0` keeps SQLite reading the period's sessions by their start rather than every session
    of the classes listed)."""
    if scope == "all":
        return TrainingClass.id.is_not(None)
    teaches = exists(
        select(class_trainers.c.class_id).where(
            class_trainers.c.class_id == TrainingClass.id, class_trainers.c.user_id == person.id
        )
    )
    if scope == "teaching":  # the trainer's own (their home page's week)
        return teaches
    if scope == "department":
        period = (
            select(ClassSession.class_id)
            .where(ClassSession.starts_at >= starts, ClassSession.starts_at < ends)
            .distinct()
            .subquery()
        )
        taken = exists(
            select(Enrolment.id)
            .join(User, User.id == Enrolment.user_id)
            .where(
                Enrolment.class_id == period.c.class_id,
                Enrolment.state.in_(ACTIVE_ENROLMENTS),
                User.department_id == person.department_id,
            )
        )
        return (TrainingClass.id + 0).in_(select(period.c.class_id).where(taken))
    active = and_(Enrolment.class_id == TrainingClass.id, Enrolment.state.in_(ACTIVE_ENROLMENTS))
    learns = exists(select(Enrolment.id).where(active, Enrolment.user_id == person.id))
    return or_(learns, teaches)

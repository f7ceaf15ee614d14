"""Reading lessons learned: the published list with its filters, a person's own lessons, the
PMO's validation queue, one lesson with what its page shows, and the PMO's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import abort
from sqlalchemy import Select, func, select
from sqlalchemy.orm import defer, joinedload, selectinload

from lms.extensions import db
from lms.web.pagination import CountedPage, last_page_for

from ..tags.models import Tag
from .models import TEXTS, FollowUp, FollowUpStatus, Lesson, LessonState, LessonStep, lesson_tags
from .permissions import can_read_lesson, can_update_follow_up

PER_PAGE = 20


@dataclass(frozen=True)
class LessonFilters:
    phase: Tag | None = None
    area: Tag | None = None
    tag: Tag | None = None
    positive: bool | None = None
    project: str = ""


def _listed(query: Select) -> Select:
    """What a list row shows, loaded with the page: author, phase, area (joined) and tags;
    not the lesson's texts, which only its own page shows."""
    texts = [getattr(Lesson, name) for name in TEXTS]
    texts += [getattr(Lesson, f"{name}_html") for name in TEXTS]
    return query.options(
        *(defer(column) for column in texts),
        joinedload(Lesson.author),
        joinedload(Lesson.phase),
        joinedload(Lesson.area),
        selectinload(Lesson.tags),
    )


def published_page(filters: LessonFilters, page: int) -> CountedPage:
    """A page of published lessons: counted from the lessons' own indexes, then the page's
    rows loaded with what they show (two statements, and the tags')."""
    query = published(filters, listed=False)
    total = db.session.scalar(query.with_only_columns(func.count(Lesson.id)).order_by(None))
    page = last_page_for(max(page, 1), total, PER_PAGE)
    rows = db.session.scalars(_listed(query).limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return CountedPage(rows.unique().all(), total, page, PER_PAGE)


def published(filters: LessonFilters, *, listed: bool = True) -> Select:
    """Published lessons, newest first, narrowed by the filters (`listed`: with what a list
    row shows)."""
    query = select(Lesson).where(Lesson.state == LessonState.PUBLISHED)
    if filters.phase is not None:
        query = query.where(Lesson.phase_id == filters.phase.id)
    if filters.area is not None:
        query = query.where(Lesson.area_id == filters.area.id)
    if filters.tag is not None:
        tagged = select(lesson_tags.c.lesson_id).where(lesson_tags.c.tag_id == filters.tag.id)
        query = query.where(Lesson.id.in_(tagged))
    if filters.positive is not None:
        query = query.where(Lesson.is_positive.is_(filters.positive))
    if filters.project:
        pattern = "%" + filters.project.replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(func.lower(Lesson.project).like(pattern.lower(), escape="\\"))
    query = query.order_by(Lesson.published_at.desc(), Lesson.id.desc())
    return _listed(query) if listed else query


def by_ids(ids: list[int]) -> dict[int, Lesson]:
    """Published lessons by id (the rows of a search page), in one statement and its tags'."""
    if not ids:
        return {}
    query = _listed(select(Lesson).where(Lesson.id.in_(ids), Lesson.state == LessonState.PUBLISHED))
    return {lesson.id: lesson for lesson in db.session.scalars(query).unique()}


def mine(user) -> Select:
    return _listed(
        select(Lesson).where(Lesson.author_id == user.id).order_by(Lesson.updated_at.desc())
    )


def waiting() -> Select:
    """The PMO's queue: submitted lessons, oldest first (first come, first validated)."""
    return _listed(
        select(Lesson)
        .where(Lesson.state == LessonState.SUBMITTED)
        .order_by(Lesson.updated_at, Lesson.id)
    )


def get_lesson_or_404(lesson_id: int, user) -> Lesson:
    """The lesson with its follow-ups and history, or 404 when it is not there for this reader."""
    lesson = db.session.scalar(
        select(Lesson)
        .where(Lesson.id == lesson_id)
        .options(
            joinedload(Lesson.author),
            joinedload(Lesson.phase),
            joinedload(Lesson.area),
            selectinload(Lesson.tags),
            selectinload(Lesson.follow_ups).joinedload(FollowUp.owner),
            selectinload(Lesson.steps).joinedload(LessonStep.actor),
        )
    )
    if lesson is None or not can_read_lesson(user, lesson):
        abort(404)
    return lesson


def get_follow_up_or_404(follow_up_id: int, user) -> FollowUp:
    follow_up = db.session.get(FollowUp, follow_up_id)
    if follow_up is None or not can_read_lesson(user, follow_up.lesson):
        abort(404)
    return follow_up


def may_update(user, follow_ups: list[FollowUp]) -> set[int]:
    return {f.id for f in follow_ups if can_update_follow_up(user, f)}


def waiting_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Lesson).where(Lesson.state == LessonState.SUBMITTED)
    )


def follow_up_counts(today: date) -> dict[str, int]:
    """Open follow-up actions, and how many of them are past their due day."""
    is_open = FollowUp.status == FollowUpStatus.OPEN
    open_count, overdue = db.session.execute(
        select(
            func.count(),
            func.count().filter(FollowUp.due_on < today),
        ).where(is_open)
    ).one()
    return {"open": open_count, "overdue": overdue}


def applied_per_quarter(quarters: int = 4, today: date | None = None) -> list[tuple[str, int]]:
    """[("2026 Q3", lessons applied in it), ...] for the last `quarters` quarters up to today's,
    oldest first (a quarter with none shows 0)."""
    today = today or date.today()
    index = today.year * 4 + (today.month - 1) // 3
    wanted = [index - n for n in range(quarters - 1, -1, -1)]
    start = datetime(wanted[0] // 4, wanted[0] % 4 * 3 + 1, 1, tzinfo=UTC)
    moments = db.session.scalars(select(Lesson.applied_at).where(Lesson.applied_at >= start))
    counts = dict.fromkeys(wanted, 0)
    for moment in moments:
        key = moment.year * 4 + (moment.month - 1) // 3
        if key in counts:
            counts[key] += 1
    return [(f"{key // 4} Q{key % 4 + 1}", counts[key]) for key in wanted]

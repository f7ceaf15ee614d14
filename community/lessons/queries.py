"""Reading lessons learned: the published list with its filters (searched or not), a person's
own lessons, the PMO's validation queue, one lesson with what its page shows, the people a
follow-up may be given to, and the PMO's figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import abort
from sqlalchemy import Select, func, select
from sqlalchemy.orm import defer, joinedload, selectinload

from lms.accounts.models import User
from lms.accounts.services import normalise_email
from lms.clock import as_utc, site_timezone, site_today
from lms.db import read
from lms.extensions import db
from lms.search import queries as search_queries
from lms.web.pagination import CountedPage, last_page_for

from ..club import queries as club_queries
from ..forum import queries as forum_queries
from ..tags import queries as tag_queries
from ..tags.models import Tag
from ..tags.queries import TagItem
from .models import TEXTS, FollowUp, FollowUpStatus, Lesson, LessonState, LessonStep, lesson_tags
from .permissions import can_read_lesson, can_update_follow_up

PER_PAGE = 20
# A search narrowed by a filter the search index does not hold (knowledge area, tag, kind,
# project) filters up to this many of its matches in SQL: far more than the register holds.
FILTERED_MATCHES = 10_000
OWNER_CHOICES = 20  # people the follow-up owner picker offers at a time
_EMAIL_IN_ANGLES = re.compile(r"<\s*([^<>\s]+@[^<>\s]+)\s*>$")


@dataclass(frozen=True)
class LessonFilters:
    phase: Tag | None = None
    area: Tag | None = None
    tag: Tag | None = None
    positive: bool | None = None
    project: str = ""

    @property
    def beyond_index(self) -> bool:
        """Whether a filter is chosen that a lesson's search entry does not hold (it holds the
        phase, as its scope)."""
        return any((self.area, self.tag, self.positive is not None, self.project))


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
    rows with what they show (two statements, and the tags')."""
    query = published(filters)
    total = db.session.scalar(query.with_only_columns(func.count(Lesson.id)).order_by(None))
    page = last_page_for(max(page, 1), total, PER_PAGE)
    items = _items(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return CountedPage(items, total, page, PER_PAGE)


@dataclass(frozen=True)
class LessonItem:
    """A published lesson as a list row shows it, read as plain rows with the tags kept with
    the reference data (loading lessons as ORM objects was a third of the list page)."""

    id: int
    title: str
    project: str
    is_positive: bool
    impact: int
    applied_at: datetime | None
    author_name: str | None
    phase: TagItem | None
    area: TagItem | None
    tags: list[TagItem]

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None


_ROW = (
    Lesson.id,
    Lesson.title,
    Lesson.project,
    Lesson.is_positive,
    Lesson.impact,
    Lesson.applied_at,
    User.name,
    Lesson.phase_id,
    Lesson.area_id,
)


def _items(query: Select) -> list[LessonItem]:
    """The rows of a select of lessons (its conditions, order and limit kept) as list items:
    one statement with the authors' names, and one for the tags."""
    rows = read(query.with_only_columns(*_ROW).outerjoin(User, User.id == Lesson.author_id))
    rows = rows.all()
    known = {tag.id: tag for tag in tag_queries.all_tags()}
    tagged = tag_queries.tags_of(lesson_tags, [row.id for row in rows])
    return [
        LessonItem(
            *row[:7], known.get(row.phase_id), known.get(row.area_id), tagged.get(row.id, [])
        )
        for row in rows
    ]


def published(filters: LessonFilters) -> Select:
    """Published lessons, newest first, narrowed by the filters."""
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
    return query.order_by(Lesson.published_at.desc(), Lesson.id.desc())


def found_page(typed: str, filters: LessonFilters, page: int) -> tuple[CountedPage, dict]:
    """A page of the search's hits for what was typed, narrowed by every filter, and the
    page's lessons by id. The index holds a lesson's phase, so a search by phase alone is paged
    by the search (its two statements); any other filter is the list's own SQL applied to
    every match (at most FILTERED_MATCHES, their ids alone), in the search's order, so the
    total counts only what is shown; then the page's hits. Then the page's lessons, and their
    tags."""
    phase_id = filters.phase.id if filters.phase is not None else None  # an entry's scope
    scope = search_queries.Filters(kind="lesson", scope_id=phase_id)
    if not filters.beyond_index:
        hits = search_queries.search(typed, scope, page, PER_PAGE)
        return hits, by_ids([hit.object_id for hit in hits.items])
    matches = search_queries.matching_ids(typed, scope, FILTERED_MATCHES)
    kept = _kept(matches, filters)
    matches = [object_id for object_id in matches if object_id in kept]
    page = last_page_for(max(page, 1), len(matches), PER_PAGE)
    shown = search_queries.hits(typed, "lesson", matches[(page - 1) * PER_PAGE : page * PER_PAGE])
    hits = CountedPage(shown, len(matches), page, PER_PAGE)
    return hits, by_ids([hit.object_id for hit in shown])


def _kept(ids: list[int], filters: LessonFilters) -> set[int]:
    """Those of the lessons `ids` that the published list shows with these filters."""
    if not ids:
        return set()
    query = published(filters).where(Lesson.id.in_(ids))
    return set(db.session.scalars(query.with_only_columns(Lesson.id).order_by(None)))


def by_ids(ids: list[int]) -> dict[int, LessonItem]:
    """Published lessons by id (the rows of a search page), in one statement and its tags'."""
    if not ids:
        return {}
    query = select(Lesson).where(Lesson.id.in_(ids), Lesson.state == LessonState.PUBLISHED)
    return {item.id: item for item in _items(query)}


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


def owners_named(typed: str, limit: int = 10) -> list[User]:
    """The active club members `typed` names: by e-mail, alone or in angle brackets after the
    name (as the owner picker offers a person: "Li Na <li.na@example.com>"), else by the whole
    name, case aside; at most `limit`, in one statement."""
    typed = " ".join(typed.split())
    in_angles = _EMAIL_IN_ANGLES.search(typed)
    if in_angles is not None:
        named = User.email == normalise_email(in_angles.group(1))
    elif "@" in typed:
        named = User.email == normalise_email(typed)
    else:
        named = func.lower(User.name) == func.lower(typed)
    query = select(User).where(club_queries.members_condition(), named)
    return list(db.session.scalars(query.order_by(User.id).limit(limit)))


def owner_choices(lesson: Lesson, user, typed: str = "") -> list:
    """Whom the follow-up owner picker offers (club.queries.Member rows): the members whose
    name or e-mail begins with what was typed, the lesson's own people first (the reader, its
    author, its actions' owners, who discussed it), or with nothing typed those people alone;
    at most OWNER_CHOICES, in two statements and one for the discussion's."""
    first = [user.id, lesson.author_id, *(f.owner_id for f in lesson.follow_ups)]
    if lesson.topic_id is not None:
        first += forum_queries.participant_ids(lesson.topic_id, limit=OWNER_CHOICES)
    people = [person for person in dict.fromkeys(first) if person is not None]
    return club_queries.suggestions(typed[:60], people, OWNER_CHOICES)


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
    oldest first (a quarter with none shows 0). Quarters are the site's calendar (its time
    zone, lms.clock): in Shanghai a lesson applied at 23:30 UTC on 30 September is in Q4."""
    today = today or site_today()
    zone = site_timezone()
    index = today.year * 4 + (today.month - 1) // 3
    wanted = [index - n for n in range(quarters - 1, -1, -1)]
    start = datetime(wanted[0] // 4, wanted[0] % 4 * 3 + 1, 1, tzinfo=zone).astimezone(UTC)
    moments = db.session.scalars(select(Lesson.applied_at).where(Lesson.applied_at >= start))
    counts = dict.fromkeys(wanted, 0)
    for moment in moments:
        local = as_utc(moment).astimezone(zone)
        key = local.year * 4 + (local.month - 1) // 3
        if key in counts:
            counts[key] += 1
    return [(f"{key // 4} Q{key % 4 + 1}", counts[key]) for key in wanted]

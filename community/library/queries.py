"""Reading the methodology library: the documents a reader may see (by kind, tag and
competency, or searched), one document with the revision it shows, its history and versions,
two revisions to compare, the PMO's review queue and a member's suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from lms.accounts.models import User
from lms.db import read
from lms.extensions import db
from lms.web.pagination import CountedPage, last_page_for

from ..tags import queries as tag_queries
from ..tags.queries import TagItem
from .models import (
    Document,
    DocumentKind,
    DocumentRevision,
    DocumentState,
    DocumentStep,
    DocumentVersion,
    Suggestion,
    SuggestionState,
    document_competencies,
    document_tags,
)
from .permissions import can_manage_library, can_read_document, can_read_suggestion

PER_PAGE = 20


@dataclass(frozen=True)
class DocumentFilters:
    kind: DocumentKind | None = None
    tag: TagItem | None = None
    competency_id: int | None = None


@dataclass(frozen=True)
class DocumentItem:
    """A published document as a list row shows it (plain rows: no ORM objects per row)."""

    id: int
    title: str
    kind: DocumentKind
    state: DocumentState
    published_at: datetime | None
    review_by: date | None
    owner_name: str | None
    version: str
    tags: list[TagItem]

    def needs_review(self, today: date) -> bool:
        return needs_review(self, today)


def needs_review(document, today: date) -> bool:
    """Past its review-by date while readers still rely on it."""
    return (
        document.review_by is not None
        and document.review_by < today
        and document.state != DocumentState.RETIRED
    )


_ROW = (
    Document.id,
    Document.published_title,
    Document.kind,
    Document.state,
    Document.published_at,
    Document.review_by,
    User.name,
    DocumentVersion.major,
    DocumentVersion.minor,
)


def published_page(filters: DocumentFilters, page: int) -> CountedPage:
    """A page of the documents everyone reads (published or retired), newest first."""
    query = _published(filters)
    total = db.session.scalar(query.with_only_columns(func.count(Document.id)).order_by(None))
    page = last_page_for(max(page, 1), total, PER_PAGE)
    return CountedPage(
        _items(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)), total, page, PER_PAGE
    )


def _published(filters: DocumentFilters) -> Select:
    query = select(Document).where(Document.published_version_id.is_not(None))
    if filters.kind is not None:
        query = query.where(Document.kind == filters.kind)
    if filters.tag is not None:
        tagged = select(document_tags.c.document_id).where(document_tags.c.tag_id == filters.tag.id)
        query = query.where(Document.id.in_(tagged))
    if filters.competency_id is not None:
        related = select(document_competencies.c.document_id).where(
            document_competencies.c.competency_id == filters.competency_id
        )
        query = query.where(Document.id.in_(related))
    return query.order_by(Document.published_at.desc(), Document.id.desc())


def _items(query: Select) -> list[DocumentItem]:
    rows = read(
        query.with_only_columns(*_ROW)
        .outerjoin(User, User.id == Document.owner_id)
        .join(DocumentVersion, DocumentVersion.id == Document.published_version_id)
    ).all()
    tagged = tag_queries.tags_of(document_tags, [row.id for row in rows])
    return [
        DocumentItem(*row[:7], f"{row.major}.{row.minor}", tagged.get(row.id, [])) for row in rows
    ]


def by_ids(ids: list[int]) -> dict[int, DocumentItem]:
    """Published documents by id (a search page's rows)."""
    if not ids:
        return {}
    query = select(Document).where(Document.id.in_(ids), Document.published_version_id.is_not(None))
    return {item.id: item for item in _items(query)}


def get_document_or_404(document_id: int, user) -> Document:
    """The document with its owner and tags, if the user may read it (else 404: a draft's
    existence is not revealed)."""
    document = db.session.scalar(
        select(Document)
        .where(Document.id == document_id)
        .options(
            joinedload(Document.owner),
            joinedload(Document.published_version),
            joinedload(Document.successor),
            selectinload(Document.tags),
        )
    )
    if document is None or not can_read_document(user, document):
        abort(404)
    return document


def revision(document: Document, number: int | None = None) -> DocumentRevision | None:
    """Revision `number` (the latest when None) of the document, with its author."""
    number = document.revision_count if number is None else number
    if document.id is None or not number:
        return None  # a document not saved yet has no revision
    return db.session.scalar(
        select(DocumentRevision)
        .where(DocumentRevision.document_id == document.id, DocumentRevision.number == number)
        .options(joinedload(DocumentRevision.author))
    )


def get_revision_or_404(document: Document, number: int) -> DocumentRevision:
    found = revision(document, number)
    if found is None:
        abort(404)
    return found


def published_revision(document: Document) -> DocumentRevision | None:
    if document.published_version is None:
        return None
    return db.session.get(DocumentRevision, document.published_version.revision_id)


def history(document: Document) -> list[DocumentRevision]:
    """Every revision, newest first, with who saved it (the text is not needed for a list)."""
    return list(
        db.session.scalars(
            select(DocumentRevision)
            .where(DocumentRevision.document_id == document.id)
            .options(joinedload(DocumentRevision.author))
            .order_by(DocumentRevision.number.desc())
        )
    )


def versions(document: Document) -> list[DocumentVersion]:
    """The published versions, newest first, each with the revision number it published."""
    return list(
        db.session.scalars(
            select(DocumentVersion)
            .where(DocumentVersion.document_id == document.id)
            .options(joinedload(DocumentVersion.revision), joinedload(DocumentVersion.published_by))
            .order_by(DocumentVersion.major.desc(), DocumentVersion.minor.desc())
        )
    )


def steps(document: Document) -> list[DocumentStep]:
    return list(
        db.session.scalars(
            select(DocumentStep)
            .where(DocumentStep.document_id == document.id)
            .options(joinedload(DocumentStep.actor))
            .order_by(DocumentStep.id.desc())
        )
    )


def review_queue() -> Select:
    """The PMO's queue: documents in review or approved (oldest first)."""
    return (
        select(Document)
        .where(Document.state.in_([DocumentState.IN_REVIEW, DocumentState.APPROVED]))
        .options(joinedload(Document.owner))
        .order_by(Document.updated_at, Document.id)
    )


QUEUE_SHOWN = 20  # of each of the PMO's lists, oldest first; the total says how many wait


@dataclass(frozen=True)
class Waiting:
    """The first of a queue (plain rows) and how many wait in all."""

    items: list
    total: int


@cache
def _waiting_suggestions() -> tuple[Select, Select]:
    """The queue's statements, built once (their construction cost more than SQLite's answer)."""
    target = aliased(Document)
    waiting = Suggestion.state == SuggestionState.OPEN
    rows = (
        select(Suggestion.id, Suggestion.title, target.title, User.name, Suggestion.created_at)
        .outerjoin(target, target.id == Suggestion.document_id)
        .outerjoin(User, User.id == Suggestion.author_id)
        .where(waiting)
        .order_by(Suggestion.created_at, Suggestion.id)
        .limit(QUEUE_SHOWN)
    )
    return rows, select(func.count()).select_from(Suggestion).where(waiting)


def open_suggestions() -> Waiting:
    """Suggestions waiting for the PMO, oldest first: (id, title, document title or None,
    suggester's name, when)."""
    rows, total = _waiting_suggestions()
    return Waiting(read(rows).all(), read(total).scalar_one())


@cache
def _overdue() -> tuple[Select, Select]:
    query = past_review(bindparam("today"))
    rows = query.with_only_columns(
        Document.id, Document.published_title, Document.review_by, User.name
    ).outerjoin(User, User.id == Document.owner_id)
    return rows.limit(QUEUE_SHOWN), query.with_only_columns(func.count(Document.id)).order_by(None)


def past_review_items(today: date) -> Waiting:
    """Published documents past their review date, the longest overdue first: (id, title,
    review-by date, owner's name)."""
    rows, total = _overdue()
    return Waiting(read(rows, {"today": today}).all(), read(total, {"today": today}).scalar_one())


def suggestions_of(user) -> list[Suggestion]:
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.author_id == user.id)
            .options(joinedload(Suggestion.document))
            .order_by(Suggestion.created_at.desc(), Suggestion.id.desc())
            .limit(100)
        )
    )


def drafts_visible_to(user) -> Select:
    """Documents never published that the user may read (the PMO: all of them)."""
    query = select(Document).where(Document.published_version_id.is_(None))
    if not can_manage_library(user):
        query = query.where(or_(Document.owner_id == user.id, Document.author_id == user.id))
    return query.options(joinedload(Document.owner)).order_by(Document.updated_at.desc())


def past_review(today) -> Select:
    """Published documents past their review-by date (the PMO's list; `remind` tells owners)."""
    return (
        select(Document)
        .where(
            Document.review_by < today,
            Document.published_version_id.is_not(None),
            Document.state != DocumentState.RETIRED,
        )
        .order_by(Document.review_by, Document.id)
    )


def get_suggestion_or_404(suggestion_id: int, user) -> Suggestion:
    suggestion = db.session.scalar(
        select(Suggestion)
        .where(Suggestion.id == suggestion_id)
        .options(
            joinedload(Suggestion.author),
            joinedload(Suggestion.document),
            selectinload(Suggestion.comments),
        )
    )
    if suggestion is None or not can_read_suggestion(user, suggestion):
        abort(404)
    return suggestion


def competency_ids_of(document: Document) -> list[int]:
    rows = read(
        select(document_competencies.c.competency_id).where(
            document_competencies.c.document_id == document.id
        )
    )
    return [row[0] for row in rows]


def published_choices(excluding: int | None = None) -> list[tuple[int, str]]:
    """Published documents to pick as a successor: (id, title), by title."""
    rows = read(
        select(Document.id, Document.published_title)
        .where(
            Document.published_version_id.is_not(None),
            Document.state != DocumentState.RETIRED,
            Document.id != (excluding or 0),
        )
        .order_by(Document.published_title)
        .limit(500)
    )
    return [(row[0], row[1]) for row in rows]


def latest_versions(limit: int = 5) -> list:
    """The latest published versions (new and updated documents): (document id, title, major,
    minor, when), newest first, retired documents left out."""
    return read(
        select(
            Document.id,
            Document.published_title,
            DocumentVersion.major,
            DocumentVersion.minor,
            DocumentVersion.published_at,
        )
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(Document.state != DocumentState.RETIRED)
        .order_by(DocumentVersion.published_at.desc(), DocumentVersion.id.desc())
        .limit(limit)
    ).all()


def review_counts(today: date) -> dict[str, int]:
    """The PMO's figures: documents to review or publish, open suggestions, past review, open
    feedback comments."""
    from .feedback import open_feedback_count

    waiting = Document.state.in_([DocumentState.IN_REVIEW, DocumentState.APPROVED])
    return {
        "documents": db.session.scalar(select(func.count()).select_from(Document).where(waiting)),
        "suggestions": open_suggestions().total,
        "overdue": past_review_items(today).total,
        "feedback": open_feedback_count(),
    }

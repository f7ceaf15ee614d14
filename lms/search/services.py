"""Keeping the search index in step: the services that create, edit, hide, move or delete what
is searched call these in their own transaction, so a search sees a change as soon as it
commits (and never one that rolled back)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from ..extensions import db
from .models import SearchEntry, label_words
from .words import index_words


def index(
    kind: str,
    object_id: int,
    *,
    title: str = "",
    body: str = "",
    parent_id: int | None = None,
    number: int | None = None,
    scope_id: int | None = None,
    author_id: int | None = None,
    is_visible: bool = True,
    is_solved: bool = False,
    created_at: datetime | None = None,
    tag_ids=(),
) -> None:
    """Add the thing to the index, or bring its entry up to date."""
    entry = db.session.scalar(
        select(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.object_id == object_id)
    )
    if entry is None:
        entry = SearchEntry(kind=kind, object_id=object_id)
        if created_at is not None:
            entry.created_at = created_at
        db.session.add(entry)
    entry.title, entry.body = title, body
    entry.title_words, entry.body_words = index_words(title), index_words(body)
    entry.parent_id, entry.number, entry.scope_id = parent_id, number, scope_id
    entry.author_id, entry.is_visible, entry.is_solved = author_id, is_visible, is_solved
    entry.labels = label_words(tag_ids)
    db.session.flush()


def change(kind: str, *, object_id: int | None = None, parent_id: int | None = None, **values):
    """Set `values` (is_visible, is_solved, scope_id, labels: label_words(...)) on one entry or
    on all of a parent's."""
    query = update(SearchEntry).where(SearchEntry.kind == kind)
    if object_id is not None:
        query = query.where(SearchEntry.object_id == object_id)
    if parent_id is not None:
        query = query.where(SearchEntry.parent_id == parent_id)
    db.session.execute(query.values(**values).execution_options(synchronize_session=False))


def remove(kind: str, object_id: int) -> None:
    db.session.execute(
        delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.object_id == object_id)
    )

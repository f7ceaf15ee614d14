"""Searching: every typed word must match (Latin words as prefixes, Chinese by its character
pairs as a phrase); title matches rank first, then the text's own relevance; only visible
entries are ever found. One statement for the page and one for its total."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup, escape
from sqlalchemy import Select, bindparam, column, func, literal_column, select, table, text

from ..accounts.models import User
from ..db import read
from ..extensions import db
from ..web.pagination import CountedPage, last_page_for
from .models import FTS_TABLE, PG_VECTOR, SearchEntry
from .words import query_terms

SNIPPET = 180  # characters of text around the first match


@dataclass(frozen=True)
class Filters:
    kind: str = "post"
    scope_id: int | None = None
    author_id: int | None = None
    solved: bool | None = None
    after: datetime | None = None
    before: datetime | None = None


@dataclass
class Hit:
    kind: str
    object_id: int
    parent_id: int | None
    number: int | None
    title: str
    body: str
    author: str | None
    created_at: datetime
    is_solved: bool
    terms: list = field(default_factory=list)

    @property
    def snippet(self) -> Markup:
        return highlight(self.body, self.terms, around=True)

    @property
    def title_html(self) -> Markup:
        return highlight(self.title, self.terms)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _match(terms: list[list[str]]) -> str:
    """The query in the database's own syntax (terms are letters and digits only)."""
    if _dialect() == "postgresql":
        return " & ".join(" <-> ".join(term) if len(term) > 1 else f"{term[0]}:*" for term in terms)
    return " ".join(
        '"' + " ".join(term) + '"' if len(term) > 1 or not term[0].isascii() else f'"{term[0]}"*'
        for term in terms
    )


def _columns():
    return (
        SearchEntry.kind,
        SearchEntry.object_id,
        SearchEntry.parent_id,
        SearchEntry.number,
        SearchEntry.title,
        SearchEntry.body,
        User.name,
        SearchEntry.created_at,
        SearchEntry.is_solved,
    )


def _filtered(query: Select, filters: Filters) -> Select:
    query = query.where(SearchEntry.is_visible.is_(True), SearchEntry.kind == filters.kind)
    if filters.scope_id is not None:
        query = query.where(SearchEntry.scope_id == filters.scope_id)
    if filters.author_id is not None:
        query = query.where(SearchEntry.author_id == filters.author_id)
    if filters.solved is not None:
        query = query.where(SearchEntry.is_solved.is_(filters.solved))
    if filters.after is not None:
        query = query.where(SearchEntry.created_at >= filters.after)
    if filters.before is not None:
        query = query.where(SearchEntry.created_at < filters.before)
    return query


def _statements(match: str, filters: Filters) -> tuple[Select, Select]:
    if _dialect() == "postgresql":
        vector = literal_column(f"({PG_VECTOR})")
        tsquery = func.to_tsquery(text("'simple'"), bindparam("match", match))
        found = vector.op("@@")(tsquery)
        rank = func.ts_rank(vector, tsquery).desc()
        base = select(*_columns()).select_from(SearchEntry).where(found)
        counted = select(func.count()).select_from(SearchEntry).where(found)
    else:
        fts = table(FTS_TABLE, column("rowid"))
        found = literal_column(FTS_TABLE).op("MATCH")(bindparam("match", match))
        rank = literal_column(f"bm25({FTS_TABLE}, 10.0, 1.0)")
        base = (
            select(*_columns())
            .select_from(fts)
            .join(SearchEntry, SearchEntry.id == fts.c.rowid)
            .where(found)
        )
        counted = (
            select(func.count())
            .select_from(fts)
            .join(SearchEntry, SearchEntry.id == fts.c.rowid)
            .where(found)
        )
    base = _filtered(base.outerjoin(User, User.id == SearchEntry.author_id), filters)
    return base.order_by(rank, SearchEntry.id.desc()), _filtered(counted, filters)


def search(typed: str, filters: Filters, page: int, per_page: int) -> CountedPage:
    """A page of Hits for what was typed (nothing typed: nothing found)."""
    terms = query_terms(typed)
    if not terms:
        return CountedPage([], 0, 1, per_page)
    found, counted = _statements(_match(terms), filters)
    total = read(counted).scalar_one()
    page = last_page_for(max(page, 1), total, per_page)
    rows = read(found.limit(per_page).offset((page - 1) * per_page)).all() if total else []
    return CountedPage([Hit(*row, terms=terms) for row in rows], total, page, per_page)


def _pattern(terms: list[list[str]]) -> re.Pattern | None:
    words = []
    for term in terms:
        if len(term) > 1:  # CJK pairs: the run they came from
            words.append(re.escape(term[0] + "".join(pair[1] for pair in term[1:])))
        elif term[0].isascii():
            words.append(r"\b" + re.escape(term[0]) + r"\w*")
        else:
            words.append(re.escape(term[0]))
    return re.compile("|".join(words), re.IGNORECASE) if words else None


def highlight(value: str, terms: list[list[str]], *, around: bool = False) -> Markup:
    """`value` escaped, with the typed words marked; `around`: only the text around the first
    match (a snippet)."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(value)
    if around:
        first = pattern.search(value)
        start = max(0, (first.start() if first else 0) - SNIPPET // 3)
        end = start + SNIPPET
        value = ("…" if start else "") + value[start:end] + ("…" if end < len(value) else "")
    parts, last = [], 0
    for match in pattern.finditer(value):
        parts.append(escape(value[last : match.start()]))
        parts.append(Markup("<mark>%s</mark>") % match.group(0))
        last = match.end()
    parts.append(escape(value[last:]))
    return Markup("").join(parts)

"""Searching: every typed word must match (Latin words as prefixes, Chinese by its character
pairs as a phrase); title matches rank first, then the text's own relevance; only visible
entries are ever found. One statement for the page and one for its total."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup, escape
from sqlalchemy import (
    Select,
    bindparam,
    func,
    literal_column,
    select,
    table,
    text,
    true,
    union_all,
)

from ..accounts.models import User
from ..db import read
from ..extensions import db
from ..web.pagination import CountedPage, last_page_for
from .models import PG_VECTOR, SearchEntry, fts_table, label_words
from .words import query_terms

SNIPPET = 180  # characters of text around the first match
RANKED = 1_000  # at most this many matches are ordered by relevance (else newest first)


@dataclass(frozen=True)
class Filters:
    kind: str = "post"
    scope_id: int | None = None
    author_id: int | None = None
    solved: bool | None = None
    tag_id: int | None = None
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


def _pg_match(terms: list[list[str]]) -> str:
    """The query as PostgreSQL's to_tsquery reads it (terms are letters and digits only)."""
    return " & ".join(" <-> ".join(term) if len(term) > 1 else f"{term[0]}:*" for term in terms)


def _fts_words(terms: list[list[str]]) -> str:
    """The words as FTS5 reads them: a Latin word as a prefix, a CJK run as its pairs' phrase."""
    return " ".join(
        '"' + " ".join(term) + '"' if len(term) > 1 or not term[0].isascii() else f'"{term[0]}"*'
        for term in terms
    )


def _facets(filters: Filters) -> str:
    """The filters as the words of the index's facets column (lms.search.models)."""
    words = []
    if filters.scope_id is not None:
        words.append(f"zzs{int(filters.scope_id)}")
    if filters.author_id is not None:
        words.append(f"zza{int(filters.author_id)}")
    if filters.solved is not None:
        words.append("zzsolved" if filters.solved else "zzopen")
    if filters.tag_id is not None:
        words.append(f"zzt{int(filters.tag_id)}")
    quoted = " ".join(f'"{word}"' for word in words)
    return f" AND facets : ({quoted})" if words else ""


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
    if filters.tag_id is not None:
        query = query.where(SearchEntry.labels.contains(label_words([filters.tag_id])))
    return _dated(query, filters)


def _dated(query: Select, filters: Filters) -> Select:
    if filters.after is not None:
        query = query.where(SearchEntry.created_at >= filters.after)
    if filters.before is not None:
        query = query.where(SearchEntry.created_at < filters.before)
    return query


def _postgresql(terms: list[list[str]], filters: Filters) -> tuple[Select, Select]:
    """(page, total) over the GIN-indexed vector: title words weigh most in ts_rank."""
    vector = literal_column(f"({PG_VECTOR})")
    tsquery = func.to_tsquery(text("'simple'"), bindparam("match", _pg_match(terms)))
    found = vector.op("@@")(tsquery) if terms else true()
    rank = func.ts_rank(vector, tsquery).desc() if terms else SearchEntry.created_at.desc()
    page = select(*_columns()).select_from(SearchEntry).where(found)
    page = _filtered(page.outerjoin(User, User.id == SearchEntry.author_id), filters)
    counted = _filtered(select(func.count()).select_from(SearchEntry).where(found), filters)
    return page.order_by(rank, SearchEntry.id.desc()), counted


def _sqlite(terms: list[list[str]], filters: Filters, total: int | None) -> Select:
    """The total (`total` None) or a page, all from the kind's FTS5 index: the entries whose
    title has every word come first, then the others; within each, by bm25 relevance when
    there are at most RANKED matches, else newest first (a word found in half the forum is no
    guide to relevance, and ranking 100,000 matches is what makes searches slow)."""
    fts = fts_table(filters.kind)
    words, facets = _fts_words(terms), _facets(filters)
    matched = literal_column(fts).op("MATCH")
    ids = select(literal_column("rowid").label("id")).select_from(table(fts))
    if filters.after is not None or filters.before is not None:
        dated = _dated(select(SearchEntry.id), filters).scalar_subquery()
        ids = ids.where(literal_column("rowid").in_(dated))
    if not words:  # a tag's (or other filter's) entries alone
        everywhere = facets.removeprefix(" AND ")
    else:
        everywhere = f"({{title_words body_words}} : ({words})){facets}"
    if total is None:
        return select(func.count()).select_from(
            ids.where(matched(bindparam("everywhere", everywhere))).subquery()
        )
    in_title = f"(title_words : ({words})){facets}"
    ranked = total <= RANKED
    rank = literal_column(f"bm25({fts}, 10.0, 1.0, 0.0)") if ranked else literal_column("0")
    order = (rank, literal_column("rowid").desc()) if ranked else (literal_column("rowid").desc(),)
    upto = bindparam("upto")
    tiers = [(1, "elsewhere", everywhere)]
    if words:
        tiers = [
            (0, "in_title", in_title),
            (1, "elsewhere", f"({everywhere}) NOT (title_words : ({words}))"),
        ]
    parts = [
        ids.add_columns(literal_column(str(tier)).label("tier"), rank.label("relevance"))
        .where(matched(bindparam(name, value)))
        .order_by(*order)
        .limit(upto)
        .subquery()
        for tier, name, value in tiers
    ]
    hits = union_all(*(select(part) for part in parts)).subquery("hits")
    return (
        select(*_columns())
        .select_from(hits)
        .join(SearchEntry, SearchEntry.id == hits.c.id)
        .outerjoin(User, User.id == SearchEntry.author_id)
        .order_by(hits.c.tier, hits.c.relevance, hits.c.id.desc())
    )


def search(typed: str, filters: Filters, page: int, per_page: int) -> CountedPage:
    """A page of Hits for what was typed (nothing typed: nothing found, unless a tag is
    chosen: then that tag's entries, newest first). Two statements: the total, then the
    page."""
    terms = query_terms(typed)
    if not terms and filters.tag_id is None:
        return CountedPage([], 0, 1, per_page)
    if _dialect() == "postgresql":
        found, counted = _postgresql(terms, filters)
        total = read(counted).scalar_one()
    else:
        total = read(_sqlite(terms, filters, None)).scalar_one()
        found = _sqlite(terms, filters, total)
    page = last_page_for(max(page, 1), total, per_page)
    offset = (page - 1) * per_page
    found = found.limit(per_page).offset(offset)
    rows = read(found, {"upto": offset + per_page}).all() if total else []
    return CountedPage([Hit(*row, terms=terms) for row in rows], total, page, per_page)


def _found(terms: list[list[str]], filters: Filters) -> Select:
    """Every match in the search's order (SQLite: after counting them, which decides whether
    they are ranked)."""
    if _dialect() == "postgresql":
        return _postgresql(terms, filters)[0]
    return _sqlite(terms, filters, read(_sqlite(terms, filters, None)).scalar_one())


def matching_ids(typed: str, filters: Filters, limit: int) -> list[int]:
    """The object ids of the first `limit` matches, in the search's order, without their
    texts: for a caller that narrows them by what the index does not hold (then `hits`
    gives the page it shows). Two statements on SQLite, one on PostgreSQL."""
    terms = query_terms(typed)
    if not terms and filters.tag_id is None:
        return []
    found = _found(terms, filters).with_only_columns(SearchEntry.object_id).limit(limit)
    return list(read(found, {"upto": limit}).scalars())


def hits(typed: str, kind: str, object_ids: list[int]) -> list[Hit]:
    """The Hits of these entries of `kind`, in the order given (one statement)."""
    if not object_ids:
        return []
    rows = read(
        select(*_columns())
        .outerjoin(User, User.id == SearchEntry.author_id)
        .where(SearchEntry.kind == kind, SearchEntry.object_id.in_(object_ids))
    ).all()
    terms = query_terms(typed)
    by_id = {row.object_id: Hit(*row, terms=terms) for row in rows}
    return [by_id[i] for i in object_ids if i in by_id]


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

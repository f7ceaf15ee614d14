"""The search index: one entry per thing found (a forum post now), with what the filters and
the visibility check need beside its words."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from ..db import utcnow
from ..extensions import db
from .words import PREFIX_LENGTH


class SearchEntry(db.Model):
    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        Index("ix_search_entries_parent", "kind", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # one of KINDS
    object_id: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(Integer)  # a post's topic
    number: Mapped[int | None] = mapped_column(Integer)  # a post's number in its topic
    scope_id: Mapped[int | None] = mapped_column(Integer)  # a post's category
    author_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")  # as shown
    body: Mapped[str] = mapped_column(Text, default="")  # plain text, as shown in snippets
    title_words: Mapped[str] = mapped_column(Text, default="")  # as indexed (lms.search.words)
    body_words: Mapped[str] = mapped_column(Text, default="")
    labels: Mapped[str] = mapped_column(Text, default="", server_default="")  # " zzt3 zzt9 "
    is_visible: Mapped[bool] = mapped_column(Boolean, default=True)
    is_solved: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


KINDS = ("post", "lesson", "document")  # what is searched; each has its own SQLite index
FTS_PREFIX = "search_index"
# FTS5 keeps a word list for prefixes of these lengths, so a typed word (a prefix, at most
# lms.search.words.PREFIX_LENGTH letters) is one lookup rather than a merge of every word it
# begins.
PREFIXES = " ".join(str(n) for n in range(2, PREFIX_LENGTH + 1))
PG_INDEX = "ix_search_entries_words"


def fts_table(kind: str) -> str:
    """The SQLite FTS5 table of one kind: only its visible entries are in it, so neither the
    kind nor visibility costs anything at search time."""
    if kind not in KINDS:
        raise ValueError(f"unknown search kind {kind!r}")
    return f"{FTS_PREFIX}_{kind}"


def _facets(row: str) -> str:
    """The filters as words of a third column (category, author, solved, tags), so a filter is
    one more word to match inside the index rather than a join."""
    return (
        f"'zzs' || coalesce({row}.scope_id, 0) || ' zza' || coalesce({row}.author_id, 0) || "
        f"CASE WHEN {row}.is_solved THEN ' zzsolved' ELSE ' zzopen' END || "
        f"coalesce({row}.labels, '')"
    )


def label_words(tag_ids) -> str:
    """The entry's tags as `labels` holds them (space before and after each)."""
    return "".join(f" zzt{int(tag_id)} " for tag_id in sorted(set(tag_ids)))


def sqlite_ddl(kind: str) -> list[str]:
    """The FTS5 table of `kind` over search_entries (external content) and the triggers that
    keep it in step: an entry is in it while it is of that kind and visible."""
    fts, columns = fts_table(kind), "title_words, body_words, facets"
    inside = "{row}.kind = '" + kind + "' AND {row}.is_visible"
    add = (
        f"INSERT INTO {fts}(rowid, {columns}) SELECT new.id, new.title_words, new.body_words, "
        f"{_facets('new')} WHERE {inside.format(row='new')};"
    )
    drop = (
        f"INSERT INTO {fts}({fts}, rowid, {columns}) SELECT 'delete', old.id, old.title_words, "
        f"old.body_words, {_facets('old')} WHERE {inside.format(row='old')};"
    )
    watched = "title_words, body_words, kind, is_visible, is_solved, scope_id, author_id, labels"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({columns}, "
        "content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2', "
        f"prefix='{PREFIXES}')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON search_entries BEGIN {add} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON search_entries BEGIN {drop} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {watched} ON search_entries "
        f"BEGIN {drop} {add} END",
    ]


SQLITE_DDL = [statement for kind in KINDS for statement in sqlite_ddl(kind)]
PG_VECTOR = (
    "setweight(to_tsvector('simple', title_words), 'A') || "
    "setweight(to_tsvector('simple', body_words), 'B')"
)
POSTGRESQL_DDL = [f"CREATE INDEX {PG_INDEX} ON search_entries USING gin (({PG_VECTOR}))"]

for _statement in SQLITE_DDL:
    event.listen(
        SearchEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite")
    )
for _statement in POSTGRESQL_DDL:
    event.listen(
        SearchEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )


for _kind in KINDS:
    event.listen(
        SearchEntry.__table__,
        "before_drop",
        DDL(f"DROP TABLE IF EXISTS {fts_table(_kind)}").execute_if(dialect="sqlite"),
    )


def outside_metadata(obj, name, type_, reflected, compare_to) -> bool:
    """For migrations' comparisons (alembic's include_object): the FTS5 table and its shadow
    tables, and PostgreSQL's expression index, are made by hand (above), not by the models."""
    if type_ == "table" and name and name.startswith(FTS_PREFIX):
        return False
    return not (type_ == "index" and name == PG_INDEX)

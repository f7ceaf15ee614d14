"""The search index: one entry per thing found (a forum post now), with what the filters and
the visibility check need beside its words."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from ..db import utcnow
from ..extensions import db


class SearchEntry(db.Model):
    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        Index("ix_search_entries_parent", "kind", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "post"; later "lesson", "document"
    object_id: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(Integer)  # a post's topic
    number: Mapped[int | None] = mapped_column(Integer)  # a post's number in its topic
    scope_id: Mapped[int | None] = mapped_column(Integer)  # a post's category
    author_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")  # as shown
    body: Mapped[str] = mapped_column(Text, default="")  # plain text, as shown in snippets
    title_words: Mapped[str] = mapped_column(Text, default="")  # as indexed (lms.search.words)
    body_words: Mapped[str] = mapped_column(Text, default="")
    is_visible: Mapped[bool] = mapped_column(Boolean, default=True)
    is_solved: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


FTS_TABLE = "search_index"
PG_INDEX = "ix_search_entries_words"

SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title_words, body_words, "
    "content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title_words, body_words) "
    "VALUES (new.id, new.title_words, new.body_words); END",
    f"CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_words, body_words) "
    "VALUES ('delete', old.id, old.title_words, old.body_words); END",
    f"CREATE TRIGGER search_entries_au AFTER UPDATE OF title_words, body_words ON search_entries "
    f"BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_words, body_words) "
    "VALUES ('delete', old.id, old.title_words, old.body_words); "
    f"INSERT INTO {FTS_TABLE}(rowid, title_words, body_words) "
    "VALUES (new.id, new.title_words, new.body_words); END",
]
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


event.listen(
    SearchEntry.__table__,
    "before_drop",
    DDL(f"DROP TABLE IF EXISTS {FTS_TABLE}").execute_if(dialect="sqlite"),
)


def outside_metadata(obj, name, type_, reflected, compare_to) -> bool:
    """For migrations' comparisons (alembic's include_object): the FTS5 table and its shadow
    tables, and PostgreSQL's expression index, are made by hand (above), not by the models."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == PG_INDEX)

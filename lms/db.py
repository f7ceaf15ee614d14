"""Model base with a constraint naming convention, shared mixins and transaction helpers."""

from __future__ import annotations

import enum
import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import DateTime, Enum, Integer, MetaData, event, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from .clock import utcnow
from .i18n import localized

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Model(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Translatable:
    """Mixin for rows with translatable `names` and `descriptions` (dicts by language code,
    lms.i18n.CONTENT_LANGUAGES): `name` and `description` in the reader's language."""

    names: Mapped[dict]
    descriptions: Mapped[dict]

    @property
    def name(self) -> str:
        return localized(self.names)

    @property
    def description(self) -> str:
        return localized(self.descriptions)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class VersionMixin:
    """Optimistic locking: a stale write raises StaleDataError instead of losing an edit."""

    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


def enum_values(enum_class: type[enum.Enum]) -> list[str]:
    """What an enum column stores: the members' values ("draft"), not their names ("DRAFT")."""
    return [member.value for member in enum_class]


def enum_column(enum_class: type[enum.Enum], *, length: int = 20, default=None):
    """A column of an enum's values, stored as text (no database enum type: a new member needs
    no migration); nullable as its Mapped annotation says."""
    return mapped_column(
        Enum(enum_class, native_enum=False, length=length, values_callable=enum_values),
        default=default,
    )


def read(statement, params: dict | None = None):
    """A Core select's rows (a Result), on the session's own connection and transaction but
    without the ORM's per-statement work, which costs twice what SQLite takes to answer a
    page's small queries. Changes pending in the session are flushed first, as the session
    would. For selects of columns; a select of ORM entities goes through the session."""
    from .extensions import db

    session = db.session()
    if session.autoflush:
        session.flush()  # nothing to do unless something is pending
    return session.connection().execute(statement, params or {})


def serialize_on(session: Session, name: str) -> None:
    """Make concurrent transactions doing the same job take turns (PostgreSQL advisory lock).

    SQLite already serialises writers, so there it is a no-op.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(name.encode())}
        )


def check_version(obj: VersionMixin, expected: int | None) -> None:
    """Refuse an edit made on a stale copy (someone saved in between).

    The row is locked and its version read again first: the object may have been loaded before
    another save committed, and its related rows (a career level's targets) read after, so the
    version it was loaded with proves nothing. Holding the lock until commit, the next editor
    waits here and then sees the new version (or that the row is gone). The lock is FOR NO KEY
    UPDATE, so rows pointing at this one (audit entries, ratings) can still be written meanwhile.
    """
    from flask_babel import gettext as _

    from .errors import ConflictError
    from .extensions import db

    if expected is None:
        return
    state = inspect(obj)
    current = obj.version
    if state.persistent:
        mapper = state.mapper
        columns = (mapper.get_property_by_column(c).key for c in mapper.primary_key)
        key = dict(zip(columns, state.identity, strict=True))
        current = db.session.scalar(
            select(mapper.class_.version).filter_by(**key).with_for_update(key_share=True)
        )
    if current != expected:
        raise ConflictError(_("Someone else changed this in the meantime. Reload and try again."))


# Unique constraints (and primary keys) that two people acting at once can trip: a service
# checked, saw nothing, and meanwhile someone else inserted the same row. Losing such a race is
# "reload and try again"; any other integrity error is a bug and must not be dressed up as one.
RACE_CONSTRAINTS: set[str] = set()


def may_race(*constraint_names: str) -> None:
    """Declare constraints a race can break (models modules call this next to their models)."""
    RACE_CONSTRAINTS.update(constraint_names)


def violated_constraint(error: IntegrityError, metadata: MetaData) -> str | None:
    """The name of the constraint an IntegrityError broke: PostgreSQL names it; SQLite names
    the columns ("UNIQUE constraint failed: users.email"), looked up in the metadata."""
    diag = getattr(error.orig, "diag", None)
    if diag is not None:
        return diag.constraint_name
    failed = str(error.orig).partition("UNIQUE constraint failed: ")[2].strip()
    for table in metadata.tables.values():
        for constraint in table.constraints:
            names = ", ".join(f"{table.name}.{column.name}" for column in constraint.columns)
            if names and names == failed and constraint.name:
                return str(constraint.name)
    return None


@contextmanager
def committing() -> Iterator[None]:
    """Run a view's service calls and commit once; a lost race becomes a ConflictError.

    Two people saving at the same moment trip the version check (StaleDataError) or one of the
    RACE_CONSTRAINTS; the loser sees "reload and try again" instead of an error page. Any other
    IntegrityError is logged and raised as the bug it is (a 500).
    """
    from flask_babel import gettext as _

    from .errors import ConflictError, ServiceError
    from .extensions import db

    try:
        yield
        db.session.commit()
    except ServiceError:
        db.session.rollback()
        raise
    except StaleDataError as exc:
        db.session.rollback()
        raise ConflictError(
            _("Someone else changed this in the meantime. Reload and try again.")
        ) from exc
    except IntegrityError as exc:
        db.session.rollback()
        if violated_constraint(exc, db.metadata) in RACE_CONSTRAINTS:
            raise ConflictError(
                _("Someone else changed this in the meantime. Reload and try again.")
            ) from exc
        log.exception("integrity error that no race explains")
        raise


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Real transactions and enforced foreign keys on SQLite (pysqlite otherwise defers BEGIN)."""
    if type(dbapi_connection).__module__ == "sqlite3":
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _writes() -> bool:
    """Whether the transaction being begun may write: any request but GET/HEAD/OPTIONS (pages
    only read), and everything outside a request (commands, imports, workers)."""
    from flask import has_request_context, request

    return not has_request_context() or request.method not in READ_ONLY_METHODS


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """SQLite: a transaction that may write takes the write lock at BEGIN (IMMEDIATE).

    A deferred transaction that reads and then writes cannot wait for the lock: when another
    writer committed after its first read, SQLite refuses the upgrade at once ("database is
    locked", whatever the busy timeout). Taken at BEGIN, the lock is waited for (busy_timeout)
    like any other, so writers queue instead of failing. Readers are never blocked (WAL).
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _writes() else "BEGIN")


__all__ = [
    "RACE_CONSTRAINTS",
    "Model",
    "TimestampMixin",
    "Translatable",
    "VersionMixin",
    "check_version",
    "committing",
    "may_race",
    "serialize_on",
    "utcnow",
]


def contains_text(column, text: str):
    """`column` contains `text`, ignoring case, with % and _ taken literally. SQLite's LIKE
    already ignores ASCII case, and lower() on every row would cost it three times the scan;
    PostgreSQL's LIKE does not, so it gets ILIKE."""
    from .extensions import db

    if db.engine.dialect.name == "sqlite":
        return column.contains(text, autoescape=True)
    return column.icontains(text, autoescape=True)

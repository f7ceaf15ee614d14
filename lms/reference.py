"""Reference data kept in each process: what nearly every page reads and seldom changes (the
frameworks, their competencies and scale, the career levels and their targets).

One row in the database, `reference_generations`, holds a token that every transaction that
changes such data replaces as the last thing before it commits, in the same transaction. A
request reads the token once (`token()`); `cached(key, load)` gives what was loaded under that
token, loading it again after any change, committed by any process. What is cached must be
plain data (never ORM objects, which belong to one session).

Packages name the models whose changes count (`watch`). Changes through the ORM session are
seen whatever their shape: objects added, changed or deleted, and insert/update/delete
statements run through it; a write on a raw connection calls `changed()`.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import Select, String, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from .db import read
from .extensions import db

T = TypeVar("T")
_WATCHED: set[type] = set()
_TABLES: set[str] = set()
_FLAG = "reference_changed"
MAX_ENTRIES = 256  # a few dozen keys (framework versions x languages); a bound all the same


class ReferenceGeneration(db.Model):
    """The one row whose token changes with the reference data."""

    __tablename__ = "reference_generations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


def watch(*models: type) -> None:
    """Changes to these models' rows make every process load reference data again."""
    _WATCHED.update(models)
    _TABLES.update(model.__table__.name for model in models)


def changed(session: Session | None = None) -> None:
    """Mark the transaction as changing reference data (for writes the ORM does not see)."""
    _mark(session or db.session())


def token() -> str | None:
    """The token in force for this request (read once per request)."""
    if "reference_token" not in g:
        g.reference_token = read(_token_select()).scalar()
    return g.reference_token


@cache
def _token_select() -> Select:
    return select(ReferenceGeneration.token).where(ReferenceGeneration.id == 1)


class _Store:
    def __init__(self) -> None:
        self.entries: dict[tuple, Any] = {}
        self.lock = threading.Lock()


def cached(key: tuple, load: Callable[[], T]) -> T:
    """What `load()` gives, kept per token: loaded again once the data changed. Simply loaded
    outside an app context, before the first change was ever recorded (no token yet), and in a
    transaction that has changed reference data it has not committed yet (it alone sees them)."""
    if not has_app_context():
        return load()
    current = token()
    if current is None or db.session.connection().info.get(_FLAG):
        return load()
    store: _Store = current_app.extensions["reference"]
    full_key = (current, *key)
    try:
        return store.entries[full_key]
    except KeyError:
        pass
    value = load()
    with store.lock:
        if len(store.entries) >= MAX_ENTRIES or any(k[0] != current for k in store.entries):
            # another token's entries (older, or one whose transaction rolled back) go
            store.entries = {k: v for k, v in store.entries.items() if k[0] == current}
            if len(store.entries) >= MAX_ENTRIES:
                store.entries.clear()
        store.entries[full_key] = value
    return value


def _touches_watched(session: Session) -> bool:
    watched = tuple(_WATCHED)
    return any(isinstance(obj, watched) for obj in (*session.new, *session.dirty, *session.deleted))


def _mark(session: Session) -> None:
    """The session will commit a new token; until then its connection reads past the cache."""
    connection = session.connection()
    connection.info[_FLAG] = True
    session.info.setdefault(_FLAG, []).append(connection)


def _before_flush(session: Session, _context, _instances) -> None:
    if _WATCHED and _touches_watched(session):
        _mark(session)


def _do_orm_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in _TABLES:
        _mark(state.session)


def _before_commit(session: Session) -> None:
    """A new token, last in the transaction (after any lock it took: no lock-order deadlock)."""
    if _WATCHED and _touches_watched(session):
        _mark(session)
    if not session.info.get(_FLAG):
        return
    table = ReferenceGeneration.__table__
    dialect = session.get_bind().dialect.name
    upsert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    statement = upsert.values(id=1, token=secrets.token_hex(16)).on_conflict_do_update(
        index_elements=[table.c.id], set_={"token": upsert.excluded.token}
    )
    session.connection().execute(statement)
    if has_app_context():
        g.pop("reference_token", None)  # what this request reads next is under the new one


def _after_end(session: Session, *_args) -> None:
    """Committed (under a new token) or rolled back: nothing unseen is left."""
    for connection in session.info.pop(_FLAG, ()):
        connection.info.pop(_FLAG, None)


def init_app(app: Flask) -> None:
    app.extensions["reference"] = _Store()


def _listen() -> None:
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "do_orm_execute", _do_orm_execute)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_commit", _after_end)
    event.listen(Session, "after_rollback", _after_end)


_listen()

"""Reminders that `flask --app lms remind` runs (daily from cron): packages register theirs.

A reminder is a callable taking today's date: it finds what is due, notifies, and returns a
summary line. It must be idempotent, so running `remind` twice a day reminds nobody twice;
`first_time` gives it that memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy.dialects import postgresql, sqlite

from ..clock import utcnow
from ..extensions import db
from .models import SentReminder

REMINDERS: list[Callable[[date], str]] = []


def register_reminder(reminder: Callable[[date], str]) -> None:
    if reminder not in REMINDERS:
        REMINDERS.append(reminder)


def first_time(keys: Iterable[str]) -> list[str]:
    """The keys (e.g. "certificate-renewal:12:2027-03-01") not reminded of before, recorded now
    in the caller's transaction, in their order. One INSERT ... ON CONFLICT DO NOTHING claims
    them: a `remind` running at the same moment on another host waits on the unique key until
    this one commits, then finds the keys taken, so each reminder goes out once."""
    wanted = list(dict.fromkeys(keys))
    claimed: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        statement = (
            _insert()(SentReminder)
            .values([{"key": key, "created_at": utcnow()} for key in chunk])
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(SentReminder.key)
        )
        claimed.update(db.session.execute(statement).scalars())
    return [key for key in wanted if key in claimed]


def _insert():
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert

"""Reminders that `flask --app lms remind` runs (daily from cron): packages register theirs.

A reminder is a callable taking today's date: it finds what is due, notifies, and returns a
summary line. It must be idempotent, so running `remind` twice a day reminds nobody twice;
`first_time` gives it that memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import select

from ..extensions import db
from .models import SentReminder

REMINDERS: list[Callable[[date], str]] = []


def register_reminder(reminder: Callable[[date], str]) -> None:
    if reminder not in REMINDERS:
        REMINDERS.append(reminder)


def first_time(keys: Iterable[str]) -> list[str]:
    """The keys (e.g. "certificate-renewal:12:2027-03-01") not reminded of before, recorded now
    in the caller's transaction; the unique key refuses a reminder recorded twice."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    seen = set(db.session.scalars(select(SentReminder.key).where(SentReminder.key.in_(wanted))))
    new = [key for key in wanted if key not in seen]
    db.session.add_all(SentReminder(key=key) for key in new)
    return new

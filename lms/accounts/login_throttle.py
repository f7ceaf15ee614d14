"""The account-wide log-in lock: failures counted per subject across every address, in the database.

The per-address limit (Flask-Limiter in auth_views.py) stops one machine guessing; this stops a
password sprayer spreading guesses over many machines. The state is a database row per subject
(an e-mail address as typed, or a trusted device), not Redis: every worker and host shares it,
the person page shows it, and the lock, its notification and an administrator's unlock land in
the same transaction as the attempt or the audit entry. Each failure is one atomic upsert, so
failures arriving at once on many workers all count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import DateTime, case, delete, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from ..audit.services import record, register_action
from ..db import utcnow
from ..extensions import db
from ..i18n import N_
from ..permissions import ensure
from .models import LoginThrottle
from .permissions import can_manage_accounts

register_action("person.login_unlocked", N_("Log-in lock lifted by an administrator"))


@dataclass(frozen=True)
class LockPolicy:
    """Every `lock_after`-th consecutive failure locks; each lock lasts twice the one before,
    up to `longest_lock`. At the cap a sprayer gets `lock_after` guesses an hour. A subject
    quiet for `forget_after` starts again from nothing (so old typos do not lengthen locks)."""

    lock_after: int = 5
    first_lock: timedelta = timedelta(minutes=5)
    longest_lock: timedelta = timedelta(hours=1)
    forget_after: timedelta = timedelta(days=1)

    def lock_length(self, number: int) -> timedelta:
        """How long the `number`-th lock (1, 2, ...) in a row lasts."""
        return min(self.first_lock * 2 ** (number - 1), self.longest_lock)

    @property
    def growing_locks(self) -> int:
        """How many locks are shorter than the cap."""
        count = 0
        while self.lock_length(count + 1) < self.longest_lock:
            count += 1
        return count


POLICY = LockPolicy()
_MOMENT = DateTime(timezone=True)


class Failure(NamedTuple):
    locked_until: datetime | None  # the lock in force after this failure, if any
    started_lock: bool  # this very failure started it (exactly one failure per lock does)


def now() -> datetime:
    """The clock every rule here reads (tests move it instead of sleeping)."""
    return utcnow()


def _not_locked(moment: datetime):
    return or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= moment)


def locked_until(subject: str, *, at: datetime) -> datetime | None:
    """When the running lock on `subject` ends; None when it may try."""
    until = db.session.scalar(
        select(LoginThrottle.locked_until).where(LoginThrottle.subject == subject)
    )
    return LoginThrottle.running(until, at)


def _insert():
    dialect = db.session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(LoginThrottle)


def _counted(failures, locks, at: datetime, policy: LockPolicy) -> dict:
    """The new column values after one more failure (SQL expressions or plain values)."""
    lock_ends = case(
        *[
            (locks == n, literal(at + policy.lock_length(n + 1), _MOMENT))
            for n in range(policy.growing_locks)
        ],
        else_=literal(at + policy.longest_lock, _MOMENT),
    )
    locks_now = failures >= policy.lock_after
    return {
        "failures": case((locks_now, 0), else_=failures),
        "locks": case((locks_now, locks + 1), else_=locks),
        "locked_until": case((locks_now, lock_ends), else_=None),
        "last_failure_at": at,
    }


def record_failure(subject: str, *, at: datetime) -> Failure:
    """Count one failed log-in for `subject` in a single INSERT ... ON CONFLICT DO UPDATE.

    Reading the count and writing it back would lose failures made at the same moment on other
    workers; the upsert takes the row lock and counts from the committed value. A failure while
    a lock runs does not count and does not lengthen it (the lock already refuses everything).
    """
    table = LoginThrottle.__table__.c
    stale = table.last_failure_at < at - POLICY.forget_after
    failures = case((stale, 0), else_=table.failures) + 1
    locks = case((stale, 0), else_=table.locks)
    statement = (
        _insert()
        .values(subject=subject, **_counted(literal(1), literal(0), at, POLICY))
        .on_conflict_do_update(
            index_elements=[table.subject],
            set_=_counted(failures, locks, at, POLICY),
            where=_not_locked(at),
        )
        .returning(table.locked_until)
    )
    row = db.session.execute(statement).first()
    if row is None:  # a lock was already running (perhaps started a moment ago elsewhere)
        return Failure(locked_until(subject, at=at), started_lock=False)
    until = LoginThrottle.running(row.locked_until, at)
    return Failure(until, started_lock=until is not None)


def forget(subject: str, *, at: datetime) -> None:
    """A successful log-in clears the count, but not a running lock: a trusted device getting
    in during a lock must not hand the sprayer a fresh set of guesses."""
    db.session.execute(
        delete(LoginThrottle).where(LoginThrottle.subject == subject, _not_locked(at))
    )


def forget_quiet(*, at: datetime) -> None:
    """Drop records quiet for `forget_after` (they count as nothing anyway), so addresses typed
    once, or invented by a sprayer, do not pile up."""
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.last_failure_at < at - POLICY.forget_after, _not_locked(at)
        )
    )


def unlock_login(user, *, actor) -> bool:
    """An administrator lifts the lock on `user`'s address and clears its count.

    Administrators only (can_manage_accounts); raises PermissionDenied otherwise. Returns False,
    and changes nothing, when no lock is running. Audited as person.login_unlocked.
    """
    ensure(can_manage_accounts(actor), _("Only administrators can lift a log-in lock."))
    until = locked_until(user.email, at=now())
    if until is None:
        return False
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.subject == user.email))
    record(
        actor, "person.login_unlocked", user, changes={"locked_until": [until.isoformat(), None]}
    )
    return True

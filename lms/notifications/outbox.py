"""The e-mail outbox: write a message in the caller's transaction; claim it, mark it, retry it.

A message exists exactly when the change that wrote it committed (no commit here: the caller's
commit carries it). The worker (worker.py) claims due messages, sends them and records the
outcome with the functions below, committing after each step. Every write is a single UPDATE, so
on SQLite it takes the one writer's lock at once and waits its turn (busy timeout) instead of
failing, and on PostgreSQL claims skip rows another worker holds (FOR UPDATE SKIP LOCKED).
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from ..db import utcnow
from ..extensions import db
from .models import OutboxMessage, OutboxState

log = logging.getLogger(__name__)
NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class Claimed:
    """A message a worker holds; plain values, so it outlives the transaction that claimed it."""

    id: int
    message_id: str
    recipient: str
    subject: str
    body: str
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class Batch:
    token: str
    messages: list[Claimed]


def new_message_id() -> str:
    domain = current_app.config["MAIL_SENDER"].rpartition("@")[2] or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


def enqueue_mail(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Write an e-mail into the current transaction; a worker sends it once that commits."""
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body=body,
        message_id=new_message_id(),
        state=OutboxState.PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def claim_due(now: datetime, limit: int, lease: timedelta) -> Batch:
    """Take up to `limit` due messages for `lease`: until then no other worker takes them, and
    after it (the worker crashed) they are due again. Each claim counts as an attempt."""
    token = uuid.uuid4().hex
    is_due = (OutboxMessage.state == OutboxState.PENDING, OutboxMessage.next_attempt_at <= now)
    # A WITH query, not `id IN (subquery)`: PostgreSQL may run such a subquery again for each
    # row it updates, and each run would lock `limit` more rows (the whole outbox in one claim).
    due = (
        select(OutboxMessage.id)
        .where(*is_due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    # Due is asked again of the row being updated: should a claim ever wait for another's lock,
    # PostgreSQL re-checks these on the row as that one committed it.
    claim = (
        update(OutboxMessage)
        .where(OutboxMessage.id == due.c.id, *is_due)
        .values(
            claim_token=token,
            next_attempt_at=now + lease,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(*(getattr(OutboxMessage, name) for name in Claimed.__dataclass_fields__))
    )
    rows = db.session.execute(claim, execution_options=NO_SYNC).all()
    return Batch(token, sorted((Claimed(*row) for row in rows), key=lambda m: m.id))


def _ours(token: str, message_id: int):
    return update(OutboxMessage).where(
        OutboxMessage.id == message_id,
        OutboxMessage.claim_token == token,
        OutboxMessage.state == OutboxState.PENDING,
    )


def mark_sent(token: str, message: Claimed, now: datetime) -> None:
    stmt = _ours(token, message.id).values(
        state=OutboxState.SENT, sent_at=now, claim_token=None, last_error=None
    )
    if not db.session.execute(stmt, execution_options=NO_SYNC).rowcount:
        log.warning("e-mail %s was sent after its lease ran out", message.message_id)


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off, capped, with jitter so messages that failed together spread out."""
    config = current_app.config
    delay = min(
        config["OUTBOX_RETRY_BASE_SECONDS"] * 2 ** (attempts - 1),
        config["OUTBOX_RETRY_MAX_SECONDS"],
    )
    return timedelta(seconds=delay * random.uniform(0.8, 1.0))


def retry_or_fail(
    token: str, message: Claimed, error: str, now: datetime, *, permanent: bool = False
) -> OutboxState:
    """After a failed send: try again later, or give up after OUTBOX_MAX_ATTEMPTS (or at once
    when the server refused this message for good). A failed message stays for an administrator."""
    gives_up = permanent or message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]
    values = {"claim_token": None, "last_error": error[:1000]}
    if gives_up:
        values["state"] = OutboxState.FAILED
        log.error(
            "e-mail %s to %s failed after %d attempts: %s",
            message.message_id,
            message.recipient,
            message.attempts,
            error,
        )
    else:
        values["next_attempt_at"] = now + retry_delay(message.attempts)
    db.session.execute(_ours(token, message.id).values(**values), execution_options=NO_SYNC)
    return OutboxState.FAILED if gives_up else OutboxState.PENDING


def release(token: str, messages: list[Claimed], now: datetime) -> None:
    """Hand back messages a worker claimed but will not send (it is stopping, or its lease is
    nearly over): due again at once, and the claim did not count as an attempt."""
    for message in messages:
        stmt = _ours(token, message.id).values(
            claim_token=None, next_attempt_at=now, attempts=OutboxMessage.attempts - 1
        )
        db.session.execute(stmt, execution_options=NO_SYNC)


def retry_failed(now: datetime) -> int:
    """Put every failed message back in line with fresh attempts (after an administrator fixed
    the cause, e.g. the mail server's credentials); returns how many."""
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.FAILED)
        .values(state=OutboxState.PENDING, attempts=0, next_attempt_at=now)
    )
    return db.session.execute(stmt, execution_options=NO_SYNC).rowcount

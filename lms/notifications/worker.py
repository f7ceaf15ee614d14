"""The outbox worker behind `flask --app lms worker`: claim due e-mails, send, record, repeat.

Any number of workers may run at once (claims never overlap). Each batch goes over one SMTP
connection; the database is only touched in short transactions between sends, so a slow mail
server holds no locks. SIGTERM or SIGINT lets the batch in hand finish and then stops.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.exc import DBAPIError

from ..db import utcnow
from ..extensions import db
from . import outbox
from .mailer import MESSAGE_ERRORS, SMTP_ERRORS, as_email, is_permanent, smtp_connection
from .models import OutboxState

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@dataclass
class Report:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def add(self, other: Report) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed


@dataclass
class _Sending:
    """A claimed batch on its way out: what is left to send, and how long the lease lasts."""

    batch: outbox.Batch
    now: datetime
    deadline: float
    left: list[outbox.Claimed] = field(default_factory=list)
    report: Report = field(default_factory=Report)


def deliver_due(now: datetime | None = None, stop: threading.Event | None = None) -> Report | None:
    """Claim one batch of due e-mails and send it; None when nothing is due. `now` is injectable
    so tests can step past a back-off instead of waiting for it."""
    config = current_app.config
    now = now or utcnow()
    lease = timedelta(seconds=config["OUTBOX_LEASE_SECONDS"])
    batch = outbox.claim_due(now, config["OUTBOX_BATCH_SIZE"], lease)
    db.session.commit()
    if not batch.messages:
        return None
    # Stop sending while a whole SMTP timeout still fits in the lease, so no other worker can
    # take a message this one might still be sending.
    deadline = time.monotonic() + lease.total_seconds() - 2 * config["SMTP_TIMEOUT"]
    sending = _Sending(batch, now, deadline, list(batch.messages))
    _send(sending, stop or threading.Event())
    return sending.report


def _send(sending: _Sending, stop: threading.Event) -> None:
    try:
        with smtp_connection() as smtp:
            while sending.left and not stop.is_set() and time.monotonic() < sending.deadline:
                _send_one(smtp, sending)
    except SMTP_ERRORS as error:
        # The server is down or dropped us: everything not yet sent waits and tries again.
        for message in sending.left:
            _record_failure(sending, message, f"{type(error).__name__}: {error}")
        sending.left = []
    outbox.release(sending.batch.token, sending.left, sending.now)
    db.session.commit()


def _send_one(smtp, sending: _Sending) -> None:
    message = sending.left[0]
    try:
        smtp.send_message(as_email(message))
    except MESSAGE_ERRORS as error:
        _record_failure(sending, message, f"{type(error).__name__}: {error}", is_permanent(error))
    else:
        outbox.mark_sent(sending.batch.token, message, utcnow())
        sending.report.sent += 1
    sending.left.pop(0)
    db.session.commit()


def _record_failure(sending: _Sending, message, error: str, permanent: bool = False) -> None:
    state = outbox.retry_or_fail(
        sending.batch.token, message, error, sending.now, permanent=permanent
    )
    if state is OutboxState.FAILED:
        sending.report.failed += 1
    else:
        sending.report.retried += 1


def check_settings(config) -> None:
    """The lease must outlast a send with room to spare, or every batch would be handed back."""
    if config["OUTBOX_LEASE_SECONDS"] <= 2 * config["SMTP_TIMEOUT"]:
        raise ValueError("OUTBOX_LEASE_SECONDS must be more than twice SMTP_TIMEOUT.")


def run(*, once: bool = False, stop: threading.Event | None = None) -> Report:
    """Deliver until stopped; with `once`, until nothing is due (for cron and tests)."""
    check_settings(current_app.config)
    stop = stop or threading.Event()
    total = Report()
    with _stopping_on_signals(stop):
        while not stop.is_set():
            report = _deliver_or_wait_out_the_database(once, stop)
            if report is not None:
                total.add(report)
            elif once:
                break
            else:
                stop.wait(current_app.config["OUTBOX_POLL_SECONDS"])
    return total


def _deliver_or_wait_out_the_database(once: bool, stop: threading.Event) -> Report | None:
    """A long-running worker outlives a database restart; a one-off run reports it."""
    try:
        return deliver_due(stop=stop)
    except DBAPIError:
        db.session.rollback()
        if once:
            raise
        log.exception("outbox worker: database unavailable, retrying")
        return None


@contextmanager
def _stopping_on_signals(stop: threading.Event) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

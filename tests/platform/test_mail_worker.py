"""The outbox worker against a real SMTP server: outages, retries with back-off, giving up,
leases of crashed workers, and the `worker` command."""

from __future__ import annotations

import os
import signal
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.db import utcnow
from lms.notifications import outbox, worker
from lms.notifications.models import OutboxMessage, OutboxState
from lms.notifications.outbox import enqueue_mail, retry_delay

LATER = timedelta(hours=2)  # past any back-off of the first few attempts


def queue(db, count: int, recipient: str = "pm@example.com") -> list[OutboxMessage]:
    rows = [enqueue_mail(recipient, f"Subject {n}", f"Body {n}") for n in range(count)]
    db.session.commit()
    return rows


def rows(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def drain(now=None) -> worker.Report:
    total = worker.Report()
    while (report := worker.deliver_due(now)) is not None:
        total.add(report)
    return total


def test_worker_sends_each_message_with_its_message_id(app, db, mail_on):
    sent = queue(db, 3)
    report = drain()
    assert (report.sent, report.retried, report.failed) == (3, 0, 0)
    assert mail_on.received_ids() == {row.message_id: 1 for row in sent}
    assert mail_on.connections == 1  # one SMTP connection for the batch
    first = mail_on.messages[0]
    assert first["To"] == "pm@example.com" and first["Subject"] == "Subject 0"
    assert first["From"] == app.config["MAIL_SENDER"] and first["Date"]
    assert first.get_content().strip() == "Body 0"
    assert all(row.state == OutboxState.SENT and row.sent_at for row in rows(db))


def test_nothing_is_lost_across_an_outage_and_each_message_arrives_once(app, db, mail_on):
    sent = queue(db, 5)
    mail_on.stop()
    now = utcnow()
    report = drain(now)
    assert (report.sent, report.retried) == (0, 5)
    assert all(row.state == OutboxState.PENDING and row.attempts == 1 for row in rows(db))
    assert all("ConnectionRefusedError" in row.last_error for row in rows(db))
    assert worker.deliver_due(now) is None  # backing off: not due again yet
    mail_on.start()
    assert drain(now + LATER).sent == 5
    assert drain(now + 2 * LATER) == worker.Report()
    assert mail_on.received_ids() == {row.message_id: 1 for row in sent}
    assert all(row.state == OutboxState.SENT and row.attempts == 2 for row in rows(db))


def test_back_off_doubles_up_to_an_hour_with_jitter(app):
    for attempts, full in [(1, 60), (2, 120), (3, 240), (7, 3600), (40, 3600)]:
        delays = {retry_delay(attempts).total_seconds() for _ in range(20)}
        assert all(0.8 * full <= delay <= full for delay in delays), (attempts, delays)
        assert len(delays) > 1


def test_a_message_that_keeps_failing_ends_failed_after_the_maximum_attempts(
    app, db, mail_on, monkeypatch
):
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 3)
    mail_on.answers["busy@example.com"] = "451 Mailbox busy, try later"
    [stuck] = queue(db, 1, "busy@example.com")
    [fine] = queue(db, 1)
    now = utcnow()
    outcomes = [drain(now + n * LATER) for n in range(4)]
    assert [(r.sent, r.retried, r.failed) for r in outcomes] == [
        (1, 1, 0),
        (0, 1, 0),
        (0, 0, 1),
        (0, 0, 0),
    ]
    stuck, fine = rows(db)
    assert stuck.state == OutboxState.FAILED and stuck.attempts == 3
    assert "451" in stuck.last_error  # kept, with the reason, for an administrator
    assert mail_on.received_ids() == {fine.message_id: 1}


def test_a_refused_recipient_fails_at_once_and_the_rest_go_out(app, db, mail_on):
    mail_on.answers["gone@example.com"] = "550 No such user"
    queue(db, 1, "gone@example.com")
    queue(db, 2)
    report = drain()
    assert (report.sent, report.retried, report.failed) == (2, 0, 1)
    assert [row.state for row in rows(db)] == [OutboxState.FAILED, *[OutboxState.SENT] * 2]


def test_a_crashed_workers_messages_are_sent_once_its_lease_runs_out(app, db, mail_on):
    [message] = queue(db, 1)
    now = utcnow()
    lease = timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"])
    outbox.claim_due(now, 10, lease)  # a worker claims, then dies before sending
    db.session.commit()
    assert worker.deliver_due(now + lease / 2) is None  # still held by the dead worker
    assert drain(now + lease + timedelta(seconds=1)).sent == 1
    assert mail_on.received_ids() == {message.message_id: 1}


def test_a_stopping_worker_hands_back_what_it_has_not_sent(app, db, mail_on):
    queue(db, 3)
    stop = threading.Event()
    stop.set()
    assert worker.deliver_due(stop=stop) == worker.Report()
    assert [(row.attempts, row.claim_token) for row in rows(db)] == [(0, None)] * 3
    assert drain().sent == 3


def test_sigterm_stops_the_worker_after_the_batch_in_hand(app, db, mail_on, monkeypatch):
    queue(db, 2)
    deliver = worker.deliver_due

    def deliver_then_terminate(**kwargs):
        report = deliver(**kwargs)
        os.kill(os.getpid(), signal.SIGTERM)
        return report

    monkeypatch.setattr(worker, "deliver_due", deliver_then_terminate)
    before = signal.getsignal(signal.SIGTERM)
    assert worker.run().sent == 2  # returns instead of polling for ever
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.app_context_only
def test_worker_command_sends_what_is_due_and_exits(app, db, mail_on):
    queue(db, 2)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "2 sent, 0 to retry, 0 failed" in result.output
    assert len(mail_on.messages) == 2


@pytest.mark.app_context_only
def test_retry_failed_puts_failed_messages_back_in_line(app, db, mail_on):
    mail_on.answers["gone@example.com"] = "550 No such user"
    queue(db, 1, "gone@example.com")
    drain()
    del mail_on.answers["gone@example.com"]  # the administrator fixed the address book
    result = app.test_cli_runner().invoke(args=["worker", "--once", "--retry-failed"])
    assert result.exit_code == 0, result.output
    assert "failed messages put back in line: 1" in result.output and "1 sent" in result.output
    assert [(row.state, row.attempts) for row in rows(db)] == [(OutboxState.SENT, 1)]


@pytest.mark.app_context_only
def test_worker_refuses_a_lease_shorter_than_a_send(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_LEASE_SECONDS", 30)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code != 0 and "OUTBOX_LEASE_SECONDS" in result.output

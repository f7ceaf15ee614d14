"""Two outbox workers at once, with real commits: every message is sent exactly once.

On PostgreSQL the claims race for real (FOR UPDATE SKIP LOCKED); on SQLite, which has one writer
at a time, the same run proves no message goes out twice and no "database is locked" escapes.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms import create_app
from lms.db import utcnow
from lms.extensions import db
from lms.notifications import worker
from lms.notifications.models import OutboxMessage, OutboxState
from lms.notifications.outbox import claim_due, enqueue_mail
from tests import databases
from tests.test_concurrency import run_together

MESSAGES = 30


@pytest.fixture
def shared_app(tmp_path, mail_server):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": databases.fresh_database("outbox", tmp_path),
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": mail_server.port,
            "OUTBOX_BATCH_SIZE": 3,
        }
    )
    with app.app_context():
        db.create_all()
        for n in range(MESSAGES):
            enqueue_mail(f"person{n}@example.com", f"Subject {n}", "Body")
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_two_workers_send_each_message_exactly_once(shared_app, mail_server):
    def work():
        with shared_app.app_context():
            return worker.run(once=True).sent

    sent = run_together(work, work)
    assert sum(sent) == MESSAGES
    received = mail_server.received_ids()
    assert len(received) == MESSAGES and set(received.values()) == {1}
    with shared_app.app_context():
        states = db.session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        ).all()
        assert states == [(OutboxState.SENT, MESSAGES)]


@pytest.mark.skipif(
    not databases.is_postgres(), reason="row locks are proven on PostgreSQL (TEST_DATABASE_URL)"
)
def test_a_claim_skips_messages_another_worker_is_claiming(shared_app):
    """The second claim runs while the first one's transaction still holds its rows: it must take
    other messages at once, neither waiting for the first nor taking the same ones."""
    claimed, done = threading.Barrier(2, timeout=20), threading.Barrier(2, timeout=20)
    lease = timedelta(minutes=10)

    def first():
        with shared_app.app_context():
            batch = claim_due(utcnow(), 5, lease)
            claimed.wait()
            done.wait()
            db.session.commit()
            return {message.id for message in batch.messages}

    def second():
        with shared_app.app_context():
            claimed.wait()
            batch = claim_due(utcnow(), 5, lease)
            db.session.commit()
            done.wait()
            return {message.id for message in batch.messages}

    ids_first, ids_second = run_together(first, second)
    assert len(ids_first) == len(ids_second) == 5
    assert not ids_first & ids_second

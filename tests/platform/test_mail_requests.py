"""A request that notifies only writes to the outbox: it never talks to the mail server, so a
slow, hung or stopped server neither slows it nor loses the e-mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.db import utcnow
from lms.notifications import worker
from lms.notifications.models import OutboxMessage, OutboxState
from tests.mailserver import BlackHole

from .conftest import point_mail_at


def reset_password(client, people, login_as):
    login_as(people["admin"])
    return client.post(f"/people/{people['pm'].id}/reset-password")


def pending(db) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.state == OutboxState.PENDING)
    return db.session.scalars(query).all()


def test_a_request_that_notifies_never_connects_to_the_mail_server(
    client, db, people, login_as, mail_on
):
    assert reset_password(client, people, login_as).status_code == 302
    assert mail_on.connections == 0
    [message] = pending(db)
    assert message.recipient == people["pm"].email
    assert worker.deliver_due().sent == 1
    assert mail_on.received_ids() == {message.message_id: 1}


def test_a_request_succeeds_while_the_mail_server_is_down_and_the_mail_arrives_later(
    client, db, people, login_as, mail_on
):
    mail_on.stop()
    assert reset_password(client, people, login_as).status_code == 302
    [message] = pending(db)
    assert worker.deliver_due().retried == 1
    mail_on.start()
    assert worker.deliver_due(utcnow() + timedelta(hours=1)).sent == 1  # past the back-off
    assert mail_on.received_ids() == {message.message_id: 1}
    assert mail_on.connections == 1  # the worker's, never the request's


@pytest.fixture
def hung_server(app, monkeypatch):
    server = BlackHole()
    point_mail_at(app, monkeypatch, server.port)
    yield server
    server.close()


def test_a_hung_mail_server_does_not_hold_up_the_request(client, db, people, login_as, hung_server):
    assert reset_password(client, people, login_as).status_code == 302
    assert hung_server.connections() == 0
    assert len(pending(db)) == 1

"""Notifications: bell count, list, mark read, the e-mail copy written with the change."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from lms.notifications import services
from lms.notifications.models import Notification, OutboxMessage, OutboxState
from tests.factories import NotificationFactory


def test_bell_shows_unread_count(client, db, people, login_as):
    NotificationFactory.create_batch(3, user=people["pm"])
    NotificationFactory(user=people["hr"])
    login_as(people["pm"])
    html = client.get("/").get_data(as_text=True)
    assert 'data-testid="bell-count">3<' in html
    assert "Notifications, 3 unread" in html


def test_open_marks_read_and_follows_link(client, db, people, login_as):
    note = NotificationFactory(user=people["pm"], link="/profile/")
    login_as(people["pm"])
    response = client.post(f"/notifications/{note.id}/open")
    assert response.headers["Location"] == "/profile/"
    db.session.refresh(note)
    assert note.is_read


def test_nobody_opens_someone_elses_notification(client, db, people, login_as):
    note = NotificationFactory(user=people["pm"])
    login_as(people["hr"])
    assert client.post(f"/notifications/{note.id}/open").status_code == 404
    db.session.refresh(note)
    assert not note.is_read


def test_mark_all_read_only_touches_mine(client, db, people, login_as):
    mine = NotificationFactory.create_batch(2, user=people["pm"])
    theirs = NotificationFactory(user=people["hr"])
    login_as(people["pm"])
    client.post("/notifications/read-all")
    db.session.expire_all()
    assert all(note.is_read for note in mine) and not theirs.is_read
    assert "No notifications" not in client.get("/notifications/").get_data(as_text=True)
    assert "No notifications" in client.get("/notifications/?show=unread").get_data(as_text=True)


def test_message_is_rendered_in_the_readers_language(app, db, people):
    note = services.notify(people["pm"], "account.password_reset")
    with app.test_request_context():
        with force_locale("zh_CN"):
            assert note.message == "管理员已重置你的密码。" or "密码" in note.message
        with force_locale("en"):
            assert note.message == "An administrator reset your password."


def test_unknown_kind_is_a_programming_error(db, people):
    with pytest.raises(KeyError):
        services.notify(people["pm"], "no.such.kind")


def outbox_rows(db):
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_email_copy_is_written_with_the_change_in_the_recipients_language(app, db, people, mail_on):
    people["pm"].locale = "zh_CN"
    services.notify(people["pm"], "account.password_reset")
    db.session.commit()
    [row] = outbox_rows(db)
    assert row.recipient == "pm@example.com" and row.state == OutboxState.PENDING
    assert "密码" in row.subject and "Pm Person" in row.body
    assert "https://academy.example/notifications/" in row.body
    assert row.message_id.startswith("<") and row.message_id.endswith("@localhost>")


def test_a_rolled_back_change_leaves_no_email(app, db, people, mail_on):
    services.notify(people["pm"], "account.password_reset")
    db.session.rollback()
    assert outbox_rows(db) == []
    assert db.session.scalars(select(Notification)).all() == []


def test_no_email_without_a_mail_server_or_for_a_deactivated_person(app, db, people, monkeypatch):
    services.notify(people["pm"], "account.password_reset")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    people["hr"].is_active = False
    services.notify(people["hr"], "account.password_reset")
    db.session.flush()
    assert outbox_rows(db) == []


@pytest.mark.app_context_only
def test_an_email_written_by_a_command_links_to_the_site_url(app, db, people, mail_on):
    services.notify(people["pm"], "account.password_reset")
    db.session.flush()
    assert "https://academy.example/notifications/" in outbox_rows(db)[0].body


def test_notifications_list_paginates_with_constant_queries(client, db, people, login_as):
    from tests.querycount import count_queries

    login_as(people["pm"])
    NotificationFactory.create_batch(3, user=people["pm"])
    with count_queries(db.engine) as few:
        client.get("/notifications/")
    NotificationFactory.create_batch(60, user=people["pm"])
    with count_queries(db.engine) as many:
        html = client.get("/notifications/").get_data(as_text=True)
    assert few.count == many.count
    assert "of 63" in html


@pytest.mark.app_context_only
def test_links_are_built_without_a_request_as_commands_build_them(app, db):
    """Imports and commands notify with no request around: the link builder's fallback."""
    from flask import has_request_context

    from lms.notifications.services import link_to

    assert not has_request_context()
    assert link_to("notifications.index") == "/notifications/"
    assert link_to("accounts.person", user_id=7, _anchor="roles") == "/people/7#roles"


def test_only_the_addressee_marks_a_notification_read(db, people):
    from lms.errors import ServiceError

    note = NotificationFactory(user=people["pm"])
    with pytest.raises(ServiceError):
        services.mark_read(note, actor=people["hr"])
    with pytest.raises(ServiceError):
        services.mark_all_read(people["pm"], actor=people["hr"])
    assert not note.is_read


def test_someone_elses_notification_is_not_found(db, people):
    from werkzeug.exceptions import NotFound

    from lms.notifications.queries import get_notification_or_404

    note = NotificationFactory(user=people["pm"])
    assert get_notification_or_404(note.id, people["pm"]) is note
    for user, note_id in [(people["hr"], note.id), (people["pm"], note.id + 1000)]:
        with pytest.raises(NotFound):
            get_notification_or_404(note_id, user)

"""Send and read notifications. E-mail copies go out only after the transaction commits."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from ..db import utcnow
from ..extensions import db
from .kinds import KINDS
from .models import Notification

log = logging.getLogger(__name__)


def notify(user, kind: str, *, link: str | None = None, **params) -> Notification:
    """Queue a notification for `user`; raises KeyError for an unregistered kind."""
    if kind not in KINDS:
        raise KeyError(f"unknown notification kind {kind!r}")
    note = Notification(user=user, kind=kind, params=params, link=link)
    db.session.add(note)
    if current_app.config.get("SMTP_HOST") and user.email and user.is_active:
        db.session.info.setdefault("outbox", []).append(note)
    return note


def link_to(endpoint: str, **values) -> str:
    """A site-relative link for a notification. It is stored and followed later, and commands
    and imports notify too, so it is built with or without a request."""
    if has_request_context():
        return url_for(endpoint, **values)
    anchor = values.pop("_anchor", None)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return f"{path}#{anchor}" if anchor else path


def unread_count(user) -> int:
    query = select(func.count()).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


def mark_read(user, note_id: int | None = None) -> int:
    """Mark one (or, with no id, every) unread notification of `user` read; returns how many."""
    stmt = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if note_id is not None:
        stmt = stmt.where(Notification.id == note_id)
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount


def _compose(note: Notification) -> EmailMessage:
    user = note.user
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        message = EmailMessage()
        message["Subject"] = f"[{current_app.config['SITE_NAME']}] {note.message}"
        message["From"] = current_app.config["MAIL_SENDER"]
        message["To"] = user.email
        message.set_content(render_template("emails/notification.txt", note=note, user=user))
    return message


def send_mail(messages: list[EmailMessage]) -> None:
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
        if config["SMTP_USE_TLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        for message in messages:
            smtp.send_message(message)


@event.listens_for(Session, "before_commit")
def _compose_outbox(session: Session) -> None:
    outbox = session.info.pop("outbox", None)
    if outbox:
        session.info["mail"] = [_compose(note) for note in outbox]


@event.listens_for(Session, "after_commit")
def _send_mail_after_commit(session: Session) -> None:
    messages = session.info.pop("mail", None)
    if not messages:
        return
    try:
        send_mail(messages)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send %d notification e-mails", len(messages))


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session: Session) -> None:
    session.info.pop("outbox", None)
    session.info.pop("mail", None)

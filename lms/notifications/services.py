"""Send and read notifications. An e-mail copy goes into the outbox in the same transaction."""

from __future__ import annotations

from flask import current_app, has_request_context, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..db import utcnow
from ..extensions import db
from ..permissions import ensure
from .kinds import KINDS
from .models import Notification, OutboxMessage
from .outbox import enqueue_mail
from .permissions import can_read_notification


def notify(user, kind: str, *, link: str | None = None, **params) -> Notification:
    """Queue a notification for `user`, and its e-mail copy when mail is on (SMTP_HOST): both
    are written in the caller's transaction, so they exist exactly when the change commits.
    Raises KeyError for an unregistered kind."""
    if kind not in KINDS:
        raise KeyError(f"unknown notification kind {kind!r}")
    note = Notification(user=user, kind=kind, params=params, link=link)
    db.session.add(note)
    if current_app.config.get("SMTP_HOST") and user.email and user.is_active:
        queue_email_copy(note)
    return note


def queue_email_copy(note: Notification) -> OutboxMessage:
    """The notification as an e-mail in the recipient's language, composed now (a worker sends
    it later, with no request and no reader's language around)."""
    user = note.user
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = f"[{current_app.config['SITE_NAME']}] {note.message}"
        body = render_template(
            "emails/notification.txt",
            note=note,
            user=user,
            link=absolute_url(link_to("notifications.index")),
        )
    return enqueue_mail(user.email, subject, body)


def link_to(endpoint: str, **values) -> str:
    """A site-relative link for a notification. It is stored and followed later, and commands
    and imports notify too, so it is built with or without a request."""
    if has_request_context():
        return url_for(endpoint, **values)
    anchor = values.pop("_anchor", None)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return f"{path}#{anchor}" if anchor else path


def absolute_url(path: str) -> str | None:
    """`path` on the site's address (SITE_URL, else the request's host), for e-mails; None when
    neither is known (a command on a site with no SITE_URL)."""
    base = current_app.config.get("SITE_URL") or (request.host_url if has_request_context() else "")
    return f"{base.rstrip('/')}{path}" if base else None


def unread_count(user) -> int:
    query = select(func.count()).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


def mark_read(note: Notification, *, actor) -> None:
    """Only the addressee reads (and so marks) a notification."""
    ensure(can_read_notification(actor, note), _("This is someone else's notification."))
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.flush()


def mark_all_read(user, *, actor) -> int:
    """Mark every unread notification of `user` read; returns how many. Only for oneself."""
    ensure(
        getattr(actor, "id", None) is not None and actor.id == user.id,
        _("This is someone else's notification."),
    )
    stmt = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount

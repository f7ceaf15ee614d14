"""Read side of notifications: a person's own, never anyone else's."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from ..extensions import db
from .models import Notification
from .permissions import can_read_notification


def notifications_of(user, *, unread_only: bool = False) -> Select:
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def get_notification_or_404(note_id: int, user) -> Notification:
    """Someone else's notification answers 404, like one that does not exist."""
    note = db.session.get(Notification, note_id)
    if note is None or not can_read_notification(user, note):
        abort(404)
    return note

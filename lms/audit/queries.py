"""Read side of the audit log: the filtered list, newest first, and the recent entries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..clock import site_timezone
from ..extensions import db
from .models import AuditEntry
from .services import ACTIONS


def _instant(day: date, end: bool) -> datetime:
    """The first (or last) instant of a day in the site's time zone, in UTC."""
    local = datetime.combine(day, time.max if end else time.min, tzinfo=site_timezone())
    return local.astimezone(UTC)


def audit_query(
    *,
    actor: str = "",
    action: str = "",
    about: str = "",
    start: date | None = None,
    end: date | None = None,
) -> Select:
    """Entries by an actor whose e-mail contains `actor`, of one action, about an object whose
    label contains `about`, between two days of the site's calendar (inclusive)."""
    query = select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
    if actor:
        query = query.join(AuditEntry.actor).where(User.email.like(f"%{actor.lower()}%"))
    if action in ACTIONS:
        query = query.where(AuditEntry.action == action)
    if about:
        query = query.where(AuditEntry.object_label.like(f"%{about}%"))
    if start is not None:
        query = query.where(AuditEntry.created_at >= _instant(start, end=False))
    if end is not None:
        query = query.where(AuditEntry.created_at <= _instant(end, end=True))
    return query


def recent_entries(limit: int = 5) -> list[AuditEntry]:
    query = (
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))

"""The platform's own panels: getting started, people administration, recent audit, notifications."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts import queries as account_queries
from ..audit.models import AuditEntry
from ..extensions import db
from ..notifications.models import Notification
from ..permissions import Role
from .panels import register_panel


def _recent_notifications(user) -> dict:
    query = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
        .limit(5)
    )
    return {"notes": db.session.scalars(query).all()}


def _recent_audit(user) -> dict:
    query = (
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.id.desc())
        .limit(5)
    )
    return {"entries": db.session.scalars(query).all()}


def register() -> None:
    register_panel("getting_started", "dashboard/panels/getting_started.html", order=10)
    register_panel(
        "people",
        "dashboard/panels/people.html",
        roles=(Role.ADMIN, Role.HR),
        context=lambda user: {"counts": account_queries.counts()},
        order=20,
    )
    register_panel(
        "audit",
        "dashboard/panels/audit.html",
        roles=(Role.ADMIN, Role.PMO),
        context=_recent_audit,
        order=80,
    )
    register_panel(
        "notifications",
        "dashboard/panels/notifications.html",
        context=_recent_notifications,
        order=90,
    )

"""The platform's own panels: getting started, people administration, recent audit, notifications."""

from __future__ import annotations

from ..accounts import queries as account_queries
from ..accounts.permissions import can_edit_people
from ..audit.permissions import can_view_audit_log
from ..audit.queries import recent_entries
from ..extensions import db
from ..notifications.queries import notifications_of
from .panels import register_panel


def _recent_notifications(user) -> dict:
    return {"notes": db.session.scalars(notifications_of(user).limit(5)).all()}


def register() -> None:
    register_panel("getting_started", "dashboard/panels/getting_started.html", order=10)
    register_panel(
        "people",
        "dashboard/panels/people.html",
        visible=can_edit_people,
        context=lambda user: {"counts": account_queries.counts()},
        order=20,
        shared=True,
    )
    register_panel(
        "audit",
        "dashboard/panels/audit.html",
        visible=can_view_audit_log,
        context=lambda user: {"entries": recent_entries()},
        order=80,
    )
    register_panel(
        "notifications",
        "dashboard/panels/notifications.html",
        context=_recent_notifications,
        order=90,
    )

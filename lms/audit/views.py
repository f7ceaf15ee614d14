"""The audit log page for the PMO and administrators, filterable by actor, action, object, date."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..permissions import Role, role_required
from ..web.pagination import paginate
from .models import AuditEntry
from .services import ACTIONS, action_label

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _day(name: str, end: bool = False) -> datetime | None:
    value = request.args.get(name, "")
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None
    local = datetime.combine(day.date(), time.max if end else time.min)
    return local.replace(tzinfo=ZoneInfo(current_app.config["SITE_TIMEZONE"])).astimezone(UTC)


@bp.route("/")
@role_required(Role.PMO, Role.ADMIN)
def index():
    query = select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
    filters = {
        key: request.args.get(key, "") for key in ("actor", "action", "object", "from", "to")
    }
    if filters["actor"]:
        query = query.join(AuditEntry.actor).where(User.email.like(f"%{filters['actor'].lower()}%"))
    if filters["action"] in ACTIONS:
        query = query.where(AuditEntry.action == filters["action"])
    if filters["object"]:
        query = query.where(AuditEntry.object_label.like(f"%{filters['object']}%"))
    if start := _day("from"):
        query = query.where(AuditEntry.created_at >= start)
    if end := _day("to", end=True):
        query = query.where(AuditEntry.created_at <= end)
    actions = sorted(((key, action_label(key)) for key in ACTIONS), key=lambda item: item[1])
    return render_template(
        "audit/index.html", page=paginate(query), filters=filters, actions=actions
    )

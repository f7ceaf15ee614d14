"""The audit log page for the PMO and administrators, filterable by actor, action, object, date."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..permissions import require
from ..web.pagination import paginate
from .permissions import can_view_audit_log
from .queries import audit_query
from .services import ACTIONS, action_label

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/")
@login_required
def index():
    require(can_view_audit_log(current_user))
    filters = {
        key: request.args.get(key, "") for key in ("actor", "action", "object", "from", "to")
    }
    query = audit_query(
        actor=filters["actor"],
        action=filters["action"],
        about=filters["object"],
        start=_day("from"),
        end=_day("to"),
    )
    actions = sorted(((key, action_label(key)) for key in ACTIONS), key=lambda item: item[1])
    return render_template(
        "audit/index.html", page=paginate(query), filters=filters, actions=actions
    )

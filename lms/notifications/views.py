"""The notification list and marking notifications read."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..web.forms import ConfirmForm, run_action
from ..web.pagination import paginate
from . import services
from .queries import get_notification_or_404, notifications_of

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Everyone reads only their own notifications."""


@bp.route("/")
def index():
    query = notifications_of(current_user, unread_only=request.args.get("show") == "unread")
    return render_template("notifications/index.html", page=paginate(query), confirm=ConfirmForm())


@bp.route("/<int:note_id>/open", methods=["POST"])
def open_note(note_id: int):
    """Mark read and follow its link (a POST, so reading changes state only with a CSRF token)."""
    note = get_notification_or_404(note_id, current_user)
    run_action(services.mark_read, note, None)
    return redirect(note.link or url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
def read_all():
    run_action(services.mark_all_read, current_user, None)
    return redirect(url_for("notifications.index"))

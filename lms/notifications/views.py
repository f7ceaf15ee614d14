"""The notification list and marking notifications read."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..web.forms import ConfirmForm
from ..web.pagination import paginate
from . import services
from .models import Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Everyone reads only their own notifications."""


@bp.route("/")
def index():
    query = select(Notification).where(Notification.user_id == current_user.id)
    if request.args.get("show") == "unread":
        query = query.where(Notification.read_at.is_(None))
    page = paginate(query.order_by(Notification.created_at.desc(), Notification.id.desc()))
    return render_template("notifications/index.html", page=page, confirm=ConfirmForm())


@bp.route("/<int:note_id>/open", methods=["POST"])
def open_note(note_id: int):
    """Mark read and follow its link (a POST, so reading changes state only with a CSRF token)."""
    note = db.session.get(Notification, note_id)
    if note is None or note.user_id != current_user.id:
        return render_template("errors/404.html"), 404
    if ConfirmForm().validate_on_submit():
        services.mark_read(current_user, note.id)
        db.session.commit()
    return redirect(note.link or url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
def read_all():
    if ConfirmForm().validate_on_submit():
        services.mark_read(current_user)
        db.session.commit()
    return redirect(url_for("notifications.index"))

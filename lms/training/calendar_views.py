"""Calendars: classes by month or week (mine, my department's, all), a class as an .ics file,
and each person's feed (a secret address that calendar apps subscribe to), created, shown once
and revoked on its own page."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from ..clock import site_today
from ..extensions import db, limiter
from ..i18n import gettext as _
from ..web.downloads import attachment
from ..web.forms import ConfirmForm, run_action
from .agenda import SCOPES, VIEWS, entries, span_of
from .calendar import calendar_of, classes_of, create_feed, feed_owner_id, live_feed, revoke_feeds
from .models import TrainingClass

bp = Blueprint("calendar", __name__)
ICS = "text/calendar; charset=utf-8"


@bp.route("/classes/<int:class_id>.ics")
@login_required
def class_ics(class_id: int):
    training_class = db.session.get(
        TrainingClass,
        class_id,
        options=[selectinload(TrainingClass.sessions), selectinload(TrainingClass.course)],
    )
    if training_class is None:
        abort(404)
    data = calendar_of([training_class], training_class.course.name)
    return attachment(data, f"class-{class_id}.ics", ICS)


@bp.route("/calendar/<token>.ics")
@limiter.limit("120 per minute")
def feed(token: str):
    """The feed a calendar app polls: no log-in (apps cannot), the token is the key."""
    owner_id = feed_owner_id(token)
    if owner_id is None:
        abort(404)
    return attachment(calendar_of(classes_of(owner_id), _("My training")), "training.ics", ICS)


@bp.route("/calendar/feed", methods=["GET", "POST"])
@login_required
def feed_settings():
    """The person's feed: a new address is shown once, on the page that made it."""
    token = None
    if request.method == "POST":
        token = run_action(create_feed, current_user, None)
    return render_template(
        "training/feed.html",
        address=url_for("calendar.feed", token=token, _external=True) if token else None,
        feed=live_feed(current_user),
        form=ConfirmForm(),
    )


@bp.route("/calendar/feed/revoke", methods=["POST"])
@login_required
def revoke_feed():
    run_action(revoke_feeds, current_user, _("The feed address no longer works."))
    return redirect(url_for("calendar.feed_settings"))


@bp.route("/calendar/")
@login_required
def month():
    """Classes by month or week: mine, my department's, or all."""
    view = request.args.get("view") if request.args.get("view") in VIEWS else "month"
    scope = request.args.get("scope") if request.args.get("scope") in SCOPES else "mine"
    try:
        anchor = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        anchor = site_today()
    span = span_of(view, anchor)
    return render_template(
        "training/calendar.html",
        span=span,
        view=view,
        scope=scope,
        today=site_today(),
        by_day=entries(span, scope, current_user),
    )

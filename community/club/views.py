"""The club's own pages: the member directory and profiles, the expert directory, joining and
leaving."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.i18n import gettext as _
from lms.permissions import require
from lms.web.forms import ConfirmForm, run_action

from ..forum import queries as forum_queries
from . import experts, queries, services
from .permissions import can_join_club, can_leave_club, can_see_club

bp = Blueprint("club", __name__, url_prefix="/club")


@bp.before_request
@login_required
def _signed_in() -> None:
    require(can_see_club(current_user))


@bp.route("/members")
def members():
    text = request.args.get("q", "")[:100].strip()
    page = queries.members(
        request.args.get("page", 1, type=int), current_app.config["PER_PAGE"], text
    )
    return render_template(
        "community/club/members.html",
        page=page,
        q=text,
        form=ConfirmForm(),
        strongest=experts.strongest([m.id for m in page.items]),
    )


@bp.route("/members/<int:user_id>")
def profile(user_id: int):
    member = queries.profile_or_404(user_id)
    answered, answers = forum_queries.accepted_answers(member.id)
    return render_template(
        "community/club/profile.html",
        member=member,
        strongest=experts.strongest([member.id], limit=5).get(member.id, []),
        expertise=experts.expertise_of(member.id),
        answered=answered,
        answers=answers,
    )


@bp.route("/experts")
def experts_directory():
    return render_template("community/club/experts.html", fields=experts.directory())


@bp.route("/join", methods=["POST"])
def join():
    require(can_join_club(current_user))
    run_action(
        lambda user, actor: services.join_club(user, actor=actor),
        current_user,
        _("Welcome to the PM club."),
    )
    return redirect(url_for("forum.index"))


@bp.route("/leave", methods=["POST"])
def leave():
    require(can_leave_club(current_user))
    run_action(
        lambda user, actor: services.leave_club(user, actor=actor),
        current_user,
        _("You have left the PM club. You can still read it, and join again at any time."),
    )
    return redirect(url_for("forum.index"))

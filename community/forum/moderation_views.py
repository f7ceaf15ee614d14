"""Moderation pages of the forum: flagging a post, the moderators' review queue and its
answers, deleting a post, moving and merging topics (the rules are in moderation.py)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.i18n import gettext as _
from lms.permissions import require
from lms.web.forms import ConfirmForm, run_action, save_form

from ..club.permissions import can_see_club
from . import moderation, queries
from .forms import FLAG_LABELS, FlagForm, MergeForm, MoveForm
from .permissions import (
    can_delete_post,
    can_flag_post,
    can_moderate_category,
    can_move_topic,
    can_review_flags,
)
from .views import at_post

bp = Blueprint("forum_moderation", __name__, url_prefix="/club")


@bp.before_request
@login_required
def _signed_in() -> None:
    require(can_see_club(current_user))


@bp.route("/p/<int:post_id>/flag", methods=["GET", "POST"])
def flag(post_id: int):
    post = queries.get_post_or_404(post_id, current_user)
    require(can_flag_post(current_user, post))
    form = FlagForm()
    saved, _flag = save_form(
        form,
        lambda: moderation.flag_post(
            post, actor=current_user, reason=form.reason.data, text=form.text.data or ""
        ),
    )
    if saved:
        return at_post(post)
    return render_template("community/forum/flag.html", form=form, post=post), (
        422 if form.errors else 200
    )


@bp.route("/review")
def review():
    require(can_review_flags(current_user))
    page = queries.review_queue(current_user, request.args.get("page", 1, type=int))
    return render_template(
        "community/forum/review.html", page=page, labels=FLAG_LABELS, form=ConfirmForm()
    )


def _answer(post_id: int, service, message: str):
    post = queries.get_post_or_404(post_id, current_user)
    require(can_moderate_category(current_user, post.topic.category))
    run_action(service, post, message)
    return redirect(url_for("forum_moderation.review"))


@bp.route("/p/<int:post_id>/agree", methods=["POST"])
def agree(post_id: int):
    return _answer(post_id, moderation.agree_with_flags, _("Post hidden; the flaggers are told."))


@bp.route("/p/<int:post_id>/disagree", methods=["POST"])
def disagree(post_id: int):
    return _answer(
        post_id, moderation.disagree_with_flags, _("Flags dismissed; the flaggers are told.")
    )


@bp.route("/p/<int:post_id>/delete", methods=["POST"])
def delete(post_id: int):
    post = queries.get_post_or_404(post_id, current_user)
    require(can_delete_post(current_user, post))
    run_action(moderation.delete_post, post, _("Post deleted."))
    if post.number == 1:
        return redirect(url_for("forum.category", slug=post.topic.category.slug))
    return at_post(post)


@bp.route("/t/<int:topic_id>/move", methods=["GET", "POST"])
def move(topic_id: int):
    found = queries.get_topic_or_404(topic_id, current_user)
    require(can_move_topic(current_user, found))
    choices = [
        c
        for c in queries.categories()
        if c.id != found.category_id and can_move_topic(current_user, found, c)
    ]
    form = MoveForm()
    form.category_id.choices = [SelectChoice(c.id, c.name) for c in choices]
    chosen = next((c for c in choices if c.id == form.category_id.data), None)
    if request.method == "POST" and chosen is None:
        form.validate_on_submit()
        form.category_id.errors = [_("Choose a category you moderate.")]
        return render_template("community/forum/move.html", form=form, topic=found), 422
    saved, _moved = save_form(
        form, lambda: moderation.move_topic(found, chosen, actor=current_user)
    )
    if saved:
        return redirect(url_for("forum.topic", topic_id=found.id))
    return render_template("community/forum/move.html", form=form, topic=found), (
        422 if form.errors else 200
    )


@bp.route("/t/<int:topic_id>/merge", methods=["GET", "POST"])
def merge(topic_id: int):
    found = queries.get_topic_or_404(topic_id, current_user)
    require(can_move_topic(current_user, found))
    form = MergeForm()
    target = None
    if form.validate_on_submit():
        target = queries.find_topic(form.target_id.data, current_user)
        if target is None or target.merged_into_id is not None:
            form.target_id.errors, target = [_("There is no topic with this number.")], None
        elif not can_move_topic(current_user, found, target.category):
            form.target_id.errors, target = [_("You do not moderate that topic's category.")], None
    saved, _merged = (
        save_form(form, lambda: moderation.merge_topic(found, target, actor=current_user))
        if target is not None
        else (False, None)
    )
    if saved:
        return redirect(url_for("forum.topic", topic_id=target.id))
    return render_template("community/forum/merge.html", form=form, topic=found), (
        422 if form.errors else 200
    )

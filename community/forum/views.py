"""Forum pages: the topic lists (latest, new, unread; all or one category), a topic with its
posts, starting a topic, replying and quoting, the reader's place and level, the moderator's
pin and lock, and the PMO's categories."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.db import committing
from lms.i18n import gettext as _
from lms.permissions import require
from lms.web.forms import ConfirmForm, fill_texts, form_texts, run_action, save_form

from ..club.permissions import can_see_club
from . import queries, services
from .forms import LEVEL_HINTS, CategoryForm, LevelForm, ReadForm, ReplyForm, TopicForm
from .models import Level
from .permissions import can_manage_forum, can_moderate_forum, can_reply_to_topic, can_start_topic

bp = Blueprint("forum", __name__, url_prefix="/club")


@bp.before_request
@login_required
def _signed_in() -> None:
    require(can_see_club(current_user))


def _page() -> int:
    return request.args.get("page", 1, type=int)


def _list(which: str, category=None):
    page = queries.topics(current_user, which, _page(), category=category)
    pinned = queries.pinned(current_user, category) if which == "latest" else []
    return render_template(
        "community/forum/index.html",
        which=which,
        page=page,
        pinned=pinned if page.page == 1 else [],  # read on every page: the same statements
        category=category,
        categories=queries.categories(),
        counts=queries.counts(current_user),
        form=ConfirmForm(),
    )


@bp.route("/")
def index():
    return _list("latest")


@bp.route("/new")
def new():
    return _list("new")


@bp.route("/unread")
def unread():
    return _list("unread")


@bp.route("/c/<slug>")
def category(slug: str):
    return _list("latest", queries.get_category_or_404(slug))


@bp.route("/c/<slug>/new")
def category_new(slug: str):
    return _list("new", queries.get_category_or_404(slug))


@bp.route("/c/<slug>/unread")
def category_unread(slug: str):
    return _list("unread", queries.get_category_or_404(slug))


@bp.route("/new-topic", methods=["GET", "POST"])
def new_topic():
    allowed = [c for c in queries.categories() if can_start_topic(current_user, c)]
    require(bool(allowed))
    form = TopicForm()
    form.category_id.choices = [SelectChoice(c.id, c.name) for c in allowed]
    if request.method == "GET":
        slug = request.args.get("category", "")
        form.category_id.data = next((c.id for c in allowed if c.slug == slug), allowed[0].id)
    chosen = next((c for c in allowed if c.id == form.category_id.data), None)
    if request.method == "POST" and chosen is None:
        form.category_id.errors = [_("Choose a category you may post in.")]
        form.validate_on_submit()
        return render_template("community/forum/new_topic.html", form=form), 422
    saved, topic = save_form(
        form,
        lambda: services.start_topic(
            chosen, actor=current_user, title=form.title.data, body=form.body.data
        ),
    )
    if saved:
        return redirect(url_for("forum.topic", topic_id=topic.id))
    return render_template("community/forum/new_topic.html", form=form), (
        422 if form.errors else 200
    )


def _topic_page(topic, page_number: int, *, highlight: int | None = None):
    last_read, level = queries.place_of(current_user, topic)
    page = queries.posts(topic, page_number)
    reply = ReplyForm()
    return render_template(
        "community/forum/topic.html",
        topic=topic,
        page=page,
        last_read=last_read,
        first_unread=min(last_read + 1, topic.post_count)
        if 0 < last_read < topic.post_count
        else None,
        level=level,
        level_form=LevelForm(level=level),
        level_hints=LEVEL_HINTS,
        read_form=ReadForm(),
        reply_form=reply,
        form=ConfirmForm(),
        highlight=highlight,
        may_reply=can_reply_to_topic(current_user, topic),
        may_moderate=can_moderate_forum(current_user),
    )


@bp.route("/t/<int:topic_id>")
def topic(topic_id: int):
    found = queries.get_topic_or_404(topic_id, current_user)
    return _topic_page(found, _page())


@bp.route("/t/<int:topic_id>/<int:number>")
def topic_at(topic_id: int, number: int):
    """The page holding post `number` (a list's "first unread" link, a quote's source)."""
    found = queries.get_topic_or_404(topic_id, current_user)
    number = max(1, min(number, found.post_count))
    return _topic_page(found, queries.page_of_post(number), highlight=number)


def _quote(found, number: int) -> str:
    quoted = queries.post_of(found, number)
    if quoted is None:
        return ""
    body, author = quoted
    source = url_for("forum.topic_at", topic_id=found.id, number=number, _anchor=f"post-{number}")
    heading = _("%(name)s wrote in post %(number)s", name=author or _("Someone"), number=number)
    lines = [f"> [{heading}]({source}):", ">"] + [f"> {line}" for line in body.splitlines()]
    return "\n".join(lines) + "\n\n"


@bp.route("/t/<int:topic_id>/reply", methods=["GET", "POST"])
def reply(topic_id: int):
    found = queries.get_topic_or_404(topic_id, current_user)
    require(can_reply_to_topic(current_user, found))
    form = ReplyForm()
    if request.method == "GET":
        quote = request.args.get("quote", type=int)
        to = request.args.get("to", type=int) or quote
        if to and 1 <= to <= found.post_count:
            form.reply_to.data = to
        if quote:
            form.body.data = _quote(found, quote)
    saved, post = save_form(
        form,
        lambda: services.reply_to_topic(
            found, actor=current_user, body=form.body.data, reply_to_number=form.reply_to.data
        ),
    )
    if saved:
        return redirect(
            url_for(
                "forum.topic_at",
                topic_id=found.id,
                number=post.number,
                _anchor=f"post-{post.number}",
            )
        )
    replying_to = queries.post_of(found, form.reply_to.data) if form.reply_to.data else None
    return render_template(
        "community/forum/reply.html", topic=found, form=form, replying_to=replying_to
    ), (422 if form.errors else 200)


@bp.route("/t/<int:topic_id>/read", methods=["POST"])
def read(topic_id: int):
    """The page tells how far the reader has scrolled (htmx, no answer to show)."""
    found = queries.get_topic_or_404(topic_id, current_user)
    form = ReadForm()
    if not form.validate_on_submit():
        return "", 422
    with committing():
        services.mark_topic_read(found, actor=current_user, up_to=form.number.data)
    return "", 204


@bp.route("/t/<int:topic_id>/level", methods=["POST"])
def level(topic_id: int):
    found = queries.get_topic_or_404(topic_id, current_user)
    form = LevelForm()
    if form.validate_on_submit():
        with committing():
            services.set_topic_level(found, actor=current_user, level=Level(form.level.data))
    return redirect(url_for("forum.topic", topic_id=found.id))


def _moderation(topic_id: int, service, message: str):
    found = queries.get_topic_or_404(topic_id, current_user)
    require(can_moderate_forum(current_user))
    run_action(service, found, message)
    return redirect(url_for("forum.topic", topic_id=found.id))


@bp.route("/t/<int:topic_id>/pin", methods=["POST"])
def pin(topic_id: int):
    return _moderation(topic_id, services.pin_topic, _("Topic pinned."))


@bp.route("/t/<int:topic_id>/unpin", methods=["POST"])
def unpin(topic_id: int):
    return _moderation(topic_id, services.unpin_topic, _("Topic unpinned."))


@bp.route("/t/<int:topic_id>/lock", methods=["POST"])
def lock(topic_id: int):
    return _moderation(topic_id, services.lock_topic, _("Topic closed to replies."))


@bp.route("/t/<int:topic_id>/unlock", methods=["POST"])
def unlock(topic_id: int):
    return _moderation(topic_id, services.unlock_topic, _("Topic open to replies again."))


@bp.route("/categories/")
def categories():
    require(can_manage_forum(current_user))
    return render_template("community/forum/categories.html", categories=queries.categories())


@bp.route("/categories/new", methods=["GET", "POST"])
@bp.route("/categories/<int:category_id>/edit", methods=["GET", "POST"])
def edit_category(category_id: int | None = None):
    require(can_manage_forum(current_user))
    found = None
    if category_id is not None:
        found = next((c for c in queries.categories() if c.id == category_id), None)
        if found is None:
            abort(404)
    form = CategoryForm(obj=found if request.method == "GET" else None)
    if request.method == "GET" and found is not None:
        fill_texts(form, "name", found.names)
        fill_texts(form, "description", found.descriptions)
    saved, _result = save_form(
        form,
        lambda: services.save_category(
            found,
            actor=current_user,
            slug=form.slug.data,
            names=form_texts(form, "name"),
            descriptions=form_texts(form, "description"),
            position=form.position.data,
            is_read_only=form.is_read_only.data,
        ),
        version_of=found,
    )
    if saved:
        return redirect(url_for("forum.categories"))
    return render_template("community/forum/category_form.html", form=form, category=found), (
        422 if form.errors else 200
    )

"""Forum pages: the topic lists (latest, new, unread; all or one category), a topic with its
posts, starting a topic, replying and quoting, the reader's place and level, the moderator's
pin and lock, and the PMO's categories."""

from __future__ import annotations

from itertools import pairwise

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.db import committing
from lms.errors import ServiceError
from lms.i18n import gettext as _
from lms.permissions import require
from lms.search import queries as search_queries
from lms.web.forms import ConfirmForm, fill_texts, form_texts, run_action, save_form

from ..club import experts
from ..club import queries as club_queries
from ..club.permissions import can_see_club
from ..tags import queries as tag_queries
from . import queries, services
from .forms import (
    CATEGORY_LEVEL_SAVED,
    LEVEL_HINTS,
    CategoryForm,
    DraftForm,
    EditForm,
    FirstPostEditForm,
    LevelForm,
    ReadForm,
    ReplyForm,
    TopicForm,
)
from .mentions import handle_of as mention_handle
from .mentions import people_for as mention_people
from .models import Level
from .permissions import (
    can_accept_answer,
    can_attach_file,
    can_edit_post,
    can_follow_category,
    can_keep_draft,
    can_like_post,
    can_manage_forum,
    can_moderate_category,
    can_post_in_club,
    can_reply_to_topic,
    can_review_flags,
    can_start_topic,
)
from .rows import diff_html
from .throttle import throttled

bp = Blueprint("forum", __name__, url_prefix="/club")


@bp.before_request
@login_required
def _signed_in() -> None:
    require(can_see_club(current_user))


def _composer(field, topic_id: int | None = None) -> None:
    """The text box offers @mentions as it is typed (static/js/forum.js)."""
    field.render_kw = {
        **(field.render_kw or {}),
        "data-mentions": url_for("forum.mentions", topic=topic_id),
        "data-mentions-label": _("Members to mention"),
    }


def _page() -> int:
    return request.args.get("page", 1, type=int)


def _list(which: str, category=None, tag=None):
    if tag is not None:
        page = queries.tagged_topics(current_user, tag, _page())
    else:
        page = queries.topics(current_user, which, _page(), category=category)
    pinned = queries.pinned(current_user, category) if which == "latest" else []
    return render_template(
        "community/forum/index.html",
        which=which,
        tag=tag,
        page=page,
        tags=queries.tags_of([item.id for item in [*pinned, *page.items]]),
        level_form=_category_level_form(category),
        pinned=pinned if page.page == 1 else [],  # read on every page: the same statements
        category=category,
        categories=queries.categories(),
        review_count=queries.review_count(current_user) if can_review_flags(current_user) else None,
        form=ConfirmForm(),
        may_start=any(
            can_start_topic(current_user, c)
            for c in ([category] if category else queries.categories())
        ),
    )


def _category_level_form(category) -> LevelForm | None:
    if category is None or not can_follow_category(current_user, category):
        return None
    form = LevelForm()
    form.level.data = queries.category_levels(current_user).get(category.id, Level.NORMAL)
    return form


@bp.route("/")
def index():
    return _list("latest")


@bp.route("/new")
def new():
    return _list("new")


@bp.route("/unread")
def unread():
    return _list("unread")


@bp.route("/counts")
def list_counts():
    """The New and Unread tabs' counts, fetched once a list has shown (off its critical path:
    the two counts walk the reader's rows over the whole forum)."""
    return render_template("community/forum/_counts.html", counts=queries.counts(current_user))


@bp.route("/tag/")
def tags():
    """The tag set by group, with how many topics carry each tag."""
    return render_template(
        "community/forum/tags.html",
        grouped=tag_queries.grouped(),
        counts=queries.tag_topic_counts(),
    )


@bp.route("/tag/<tag_slug>")
def tag(tag_slug: str):
    """The topics with one tag, latest activity first."""
    return _list("tag", tag=tag_queries.get_tag_by_slug_or_404(tag_slug))


@bp.route("/c/<slug>")
def category(slug: str):
    return _list("latest", queries.get_category_or_404(slug))


@bp.route("/c/<slug>/level", methods=["POST"])
def category_level(slug: str):
    found = queries.get_category_or_404(slug)
    require(can_follow_category(current_user, found))
    form = LevelForm()
    if form.validate_on_submit():
        with committing():
            services.set_category_level(found, actor=current_user, level=Level(form.level.data))
        flash(CATEGORY_LEVEL_SAVED[Level(form.level.data)], "success")
    return redirect(url_for("forum.category", slug=found.slug))


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
    _composer(form.body)
    form.category_id.choices = [SelectChoice(c.id, c.name) for c in allowed]
    if request.method == "GET":
        slug = request.args.get("category", "")
        form.category_id.data = next((c.id for c in allowed if c.slug == slug), allowed[0].id)
        draft = queries.draft_of(current_user, "new")
        if draft is not None:
            form.title.data, form.body.data = draft.title, draft.body
            form.draft_version.data = draft.version
            if any(c.id == draft.category_id for c in allowed):
                form.category_id.data = draft.category_id
        _ask_the_experts(form)
    chosen = next((c for c in allowed if c.id == form.category_id.data), None)
    if request.method == "POST" and chosen is None:
        form.category_id.errors = [_("Choose a category you may post in.")]
        form.validate_on_submit()
        return render_template("community/forum/new_topic.html", form=form), 422
    saved, topic = save_form(
        form,
        lambda: throttled(
            current_user,
            lambda: services.start_topic(
                chosen,
                actor=current_user,
                title=form.title.data,
                body=form.body.data,
                is_question=form.is_question.data,
                competency_idnumber=form.competency.data,
                tag_ids=form.tag_ids.data,
            ),
        ),
    )
    if saved:
        return redirect(url_for("forum.topic", topic_id=topic.id))
    return render_template("community/forum/new_topic.html", form=form), (
        422 if form.errors else 200
    )


def _ask_the_experts(form: TopicForm) -> None:
    """The expert directory's "ask": a question of that competency, mentioning the expert
    asked (?ask=<person>&competency=<id number>), or all its experts."""
    field = experts.field_of(request.args.get("competency"))
    if field is None:
        return
    asked = request.args.get("ask", type=int)
    chosen = [e for e in field.experts if asked in (None, e.user_id)] or field.experts
    handles = " ".join(f"@{mention_handle(e.email)}" for e in chosen)
    form.competency.data, form.is_question.data = field.idnumber, True
    form.body.data = f"{handles} {form.body.data or ''}".strip() + " "


def _topic_page(topic, page_number: int, *, highlight: int | None = None):
    last_read, level = queries.place_of(current_user, topic)
    page = queries.posts(topic, page_number, current_user)
    reply = ReplyForm()
    _composer(reply.body, topic.id)
    may_reply = can_reply_to_topic(current_user, topic)
    if may_reply and page.page == page.pages:
        _fill_from_draft(reply, topic)
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
        may_reply=may_reply,
        may_moderate=can_moderate_category(current_user, topic.category),
        may_accept=can_accept_answer(current_user, topic),
        solution=queries.solution(topic),
    )


def _fill_from_draft(form, topic) -> None:
    draft = queries.draft_of(current_user, f"topic-{topic.id}")
    if draft is not None and not form.body.data:
        form.body.data, form.draft_version.data = draft.body, draft.version


@bp.route("/t/<int:topic_id>")
def topic(topic_id: int):
    found = queries.get_topic_or_404(topic_id, current_user, follow_merge=True)
    return _topic_page(found, _page())


@bp.route("/t/<int:topic_id>/<int:number>")
def topic_at(topic_id: int, number: int):
    """The page holding post `number` (a list's "first unread" link, a quote's source)."""
    found = queries.get_topic_or_404(topic_id, current_user, follow_merge=True)
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
    _composer(form.body, found.id)
    if request.method == "GET":
        quote = request.args.get("quote", type=int)
        to = request.args.get("to", type=int) or quote
        if to and 1 <= to <= found.post_count:
            form.reply_to.data = to
        _fill_from_draft(form, found)
        if quote:
            form.body.data = (form.body.data or "") + _quote(found, quote)
    saved, post = save_form(
        form,
        lambda: throttled(
            current_user,
            lambda: services.reply_to_topic(
                found, actor=current_user, body=form.body.data, reply_to_number=form.reply_to.data
            ),
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
    require(can_moderate_category(current_user, found.category))
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
    return render_template(
        "community/forum/categories.html", categories=queries.categories_with_moderators()
    )


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
        form.moderators.data = "\n".join(m.email for m in found.moderators)
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
            moderator_emails=(form.moderators.data or "").replace(",", " ").split(),
        ),
        version_of=found,
    )
    if saved:
        return redirect(url_for("forum.categories"))
    return render_template("community/forum/category_form.html", form=form, category=found), (
        422 if form.errors else 200
    )


def at_post(post):
    """Back to a post in its topic (the page it is on, scrolled to it)."""
    return redirect(
        url_for(
            "forum.topic_at",
            topic_id=post.topic_id,
            number=post.number,
            _anchor=f"post-{post.number}",
        )
    )


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id: int):
    post = queries.get_post_or_404(post_id, current_user)
    require(can_edit_post(current_user, post))
    first = post.number == 1
    form = FirstPostEditForm() if first else EditForm()
    _composer(form.body, post.topic_id)
    if request.method == "GET":
        form.body.data, form.seen_revision.data = post.body, post.revision_count
        if first:
            form.title.data = post.topic.title
            form.tag_ids.data = [tag.id for tag in post.topic.tags]
    saved, _made = save_form(
        form,
        lambda: services.edit_post(
            post,
            actor=current_user,
            body=form.body.data,
            reason=form.reason.data or "",
            seen_revision=form.seen_revision.data,
            title=form.title.data if first else None,
            tag_ids=form.tag_ids.data if first else None,
        ),
    )
    if saved:
        return at_post(post)
    return render_template("community/forum/edit_post.html", form=form, post=post), (
        422 if form.errors else 200
    )


@bp.route("/p/<int:post_id>/history")
def history(post_id: int):
    post = queries.get_post_or_404(post_id, current_user)
    versions = queries.history(post)
    changes = [
        (
            version,
            diff_html(previous.body, version.body),
            diff_html(previous.title, version.title)
            if previous.title is not None and version.title != previous.title
            else None,
        )
        for previous, version in pairwise(versions)
    ]
    return render_template(
        "community/forum/history.html",
        post=post,
        first=versions[0],
        changes=list(reversed(changes)),
        may_restore=can_edit_post(current_user, post),
        form=ConfirmForm(),
    )


@bp.route("/p/<int:post_id>/restore/<int:number>", methods=["POST"])
def restore(post_id: int, number: int):
    post = queries.get_post_or_404(post_id, current_user)
    require(can_edit_post(current_user, post))
    run_action(
        lambda target, actor: services.restore_revision(target, number, actor=actor),
        post,
        _("Version %(number)s restored.", number=number),
    )
    return at_post(post)


def _like_button(post):
    return render_template(
        "community/forum/_like.html",
        post_id=post.id,
        count=post.like_count,
        liked=bool(request.endpoint == "forum.like"),
        form=ConfirmForm(),
    )


@bp.route("/p/<int:post_id>/like", methods=["POST"])
@bp.route("/p/<int:post_id>/unlike", methods=["POST"], endpoint="unlike")
def like(post_id: int):
    post = queries.get_post_or_404(post_id, current_user)
    require(can_like_post(current_user, post))
    service = services.like_post if request.endpoint == "forum.like" else services.unlike_post
    run_action(service, post, None)
    if request.headers.get("HX-Request"):
        return _like_button(post)
    return at_post(post)


@bp.route("/t/<int:topic_id>/accept/<int:number>", methods=["POST"])
def accept(topic_id: int, number: int):
    found = queries.get_topic_or_404(topic_id, current_user)
    require(can_accept_answer(current_user, found))
    run_action(
        lambda target, actor: services.accept_answer(target, number, actor=actor),
        found,
        _("Marked as the answer."),
    )
    return redirect(url_for("forum.topic", topic_id=found.id))


@bp.route("/t/<int:topic_id>/unaccept", methods=["POST"])
def unaccept(topic_id: int):
    found = queries.get_topic_or_404(topic_id, current_user)
    require(can_accept_answer(current_user, found))
    run_action(services.unaccept_answer, found, _("The question is open again."))
    return redirect(url_for("forum.topic", topic_id=found.id))


@bp.route("/drafts/<key>", methods=["POST"])
def save_draft(key: str):
    """The composer keeps its text as it is typed (htmx); answers the status line and the
    draft's new version, or why it was not kept."""
    require(can_keep_draft(current_user))
    form = DraftForm()
    if not form.validate_on_submit():
        return "", 422
    try:
        with committing():
            version = services.save_draft(
                actor=current_user,
                key=key,
                body=form.body.data or "",
                title=form.title.data or "",
                category_id=form.category_id.data,
                version=form.draft_version.data or 0,
            )
    except ServiceError as error:
        return render_template("community/forum/_draft_status.html", problem=error.message)
    return render_template("community/forum/_draft_status.html", version=version)


@bp.route("/drafts/<key>/discard", methods=["POST"])
def discard_draft(key: str):
    require(can_keep_draft(current_user))
    run_action(
        lambda _target, actor: services.discard_draft(actor=actor, key=key),
        None,
        _("Draft discarded."),
    )
    topic = key.removeprefix("topic-")
    if topic.isdigit():
        return redirect(url_for("forum.topic", topic_id=int(topic)))
    return redirect(url_for("forum.index"))


@bp.route("/mentions")
def mentions():
    """@mention suggestions for the composer (htmx/JS): a topic's participants first."""
    require(can_post_in_club(current_user))
    topic_id = request.args.get("topic", type=int)
    first = queries.participant_ids(topic_id) if topic_id else []
    people = club_queries.suggestions(request.args.get("q", "")[:60], first)
    return jsonify(
        [
            {
                "id": person.id,
                "name": person.name,
                "handle": mention_handle(person.email),
                "department": person.department or "",
            }
            for person in people
        ]
    )


@bp.route("/uploads", methods=["POST"])
def attach():
    """The composer's "attach a file": the file kept, its Markdown for the post (JSON)."""
    require(can_attach_file(current_user))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return jsonify(error=_("Choose a file to attach.")), 422
    try:
        with committing():
            attachment = services.attach_file(upload, actor=current_user)
    except ServiceError as error:
        return jsonify(error=error.message), 422
    url = url_for("forum_files.download", file_token=attachment.token)
    return jsonify(markdown=services.attachment_markdown(attachment, url))


@bp.route("/search")
def search():
    """Full-text search over what the reader may see: every word must match, titles first."""
    typed = request.args.get("q", "")[:200].strip()
    slug = request.args.get("category", "")
    chosen = next((c for c in queries.categories() if c.slug == slug), None)
    author = None
    handle = request.args.get("author", "").strip().lstrip("@").lower()[:64]
    if handle:
        author = mention_people({handle}).get(handle)
    solved = {"yes": True, "no": False}.get(request.args.get("solved", ""))
    after = _day_arg("after")
    tag = next((t for t in tag_queries.all_tags() if t.slug == request.args.get("tag")), None)
    filters = search_queries.Filters(
        scope_id=chosen.id if chosen else None,
        tag_id=tag.id if tag else None,
        author_id=author.id if author else (-1 if handle else None),
        solved=solved,
        after=after,
    )
    page = search_queries.search(typed, filters, _page(), queries.TOPICS_PER_PAGE)
    return render_template(
        "community/forum/search.html",
        q=typed,
        page=page,
        categories=queries.categories(),
        chosen=chosen,
        tags=tag_queries.grouped(),
        tag=tag,
        author=request.args.get("author", "")[:64],
        solved=request.args.get("solved", ""),
        after=request.args.get("after", "")[:10],
    )


def _day_arg(name: str):
    from datetime import UTC, datetime

    raw = request.args.get(name, "")[:10]
    try:
        return datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=UTC) if raw else None
    except ValueError:
        return None


def _hiding(service, target, category, message: str, back):
    require(can_moderate_category(current_user, category))
    reason = request.form.get("reason", "")[:200]
    run_action(
        lambda t, actor: service(t, actor=actor, **({"reason": reason} if reason else {})),
        target,
        message,
    )
    return back


@bp.route("/p/<int:post_id>/hide", methods=["POST"])
def hide_post(post_id: int):
    post = queries.get_post_or_404(post_id, current_user)
    return _hiding(services.hide_post, post, post.topic.category, _("Post hidden."), at_post(post))


@bp.route("/p/<int:post_id>/show", methods=["POST"])
def show_post(post_id: int):
    post = queries.get_post_or_404(post_id, current_user)
    require(can_moderate_category(current_user, post.topic.category))
    run_action(services.show_post, post, _("Post shown again."))
    return at_post(post)


@bp.route("/t/<int:topic_id>/hide", methods=["POST"])
def hide_topic(topic_id: int):
    found = queries.get_topic_or_404(topic_id, current_user)
    return _hiding(
        services.hide_topic,
        found,
        found.category,
        _("Topic hidden."),
        redirect(url_for("forum.topic", topic_id=found.id)),
    )


@bp.route("/t/<int:topic_id>/show", methods=["POST"])
def show_topic(topic_id: int):
    found = queries.get_topic_or_404(topic_id, current_user)
    require(can_moderate_category(current_user, found.category))
    run_action(services.show_topic, found, _("Topic shown again."))
    return redirect(url_for("forum.topic", topic_id=found.id))

"""The moderators' pin and lock, hiding and showing posts and topics (the search follows at
once), and resolving flags; the author is told."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update

from lms.accounts.models import User
from lms.audit.services import record, register_action
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import ensure
from lms.search import services as search
from lms.search.models import SearchEntry

from ..models import (
    Category,
    FlagState,
    Post,
    PostFlag,
    Topic,
)
from ..permissions import (
    can_moderate_category,
)
from .editing import locked_post

register_action("forum.topic_pinned", N_("Topic pinned"))
register_action("forum.topic_unpinned", N_("Topic unpinned"))
register_action("forum.topic_locked", N_("Topic locked"))
register_action("forum.topic_unlocked", N_("Topic unlocked"))
register_kind("forum.pinned", N_("A moderator pinned your topic “%(topic)s”."))
register_kind("forum.unpinned", N_("A moderator unpinned your topic “%(topic)s”."))
register_kind("forum.locked", N_("A moderator closed your topic “%(topic)s” to replies."))
register_kind("forum.unlocked", N_("A moderator opened your topic “%(topic)s” to replies again."))
register_action("forum.post_hidden", N_("Post hidden"))
register_action("forum.post_shown", N_("Post shown again"))
register_action("forum.topic_hidden", N_("Topic hidden"))
register_action("forum.topic_shown", N_("Topic shown again"))
register_kind("forum.post_hidden", N_("A moderator hid your post in “%(topic)s”: %(reason)s"))
register_kind("forum.topic_hidden", N_("A moderator hid your topic “%(topic)s”: %(reason)s"))
register_kind(
    "forum.flag_agreed",
    N_("A moderator agreed with your flag on a post in “%(topic)s” and removed it. Thank you."),
)
register_kind(
    "forum.flag_disagreed",
    N_("A moderator reviewed your flag on a post in “%(topic)s” and left the post as it is."),
)


_MODERATION = {  # (flag, value): (audit action, notification kind for the author)
    ("is_pinned", True): ("forum.topic_pinned", "forum.pinned"),
    ("is_pinned", False): ("forum.topic_unpinned", "forum.unpinned"),
    ("is_locked", True): ("forum.topic_locked", "forum.locked"),
    ("is_locked", False): ("forum.topic_unlocked", "forum.unlocked"),
}


def _moderate(topic: Topic, actor, flag: str, value: bool) -> None:
    ensure(can_moderate_category(actor, topic.category))
    db.session.execute(select(Topic.id).where(Topic.id == topic.id).with_for_update())
    if getattr(topic, flag) == value:
        return  # already so (two moderators at once): nothing to record
    setattr(topic, flag, value)
    action, kind = _MODERATION[flag, value]
    record(actor, action, topic, label=topic.title)
    author = db.session.get(User, topic.author_id) if topic.author_id else None
    if author is not None and author.id != actor.id and author.is_active:
        notify(author, kind, link=link_to("forum.topic", topic_id=topic.id), topic=topic.title)


def pin_topic(topic: Topic, *, actor) -> None:
    """Pinned topics head the lists for each reader until that reader has opened them."""
    _moderate(topic, actor, "is_pinned", True)


def unpin_topic(topic: Topic, *, actor) -> None:
    _moderate(topic, actor, "is_pinned", False)


def lock_topic(topic: Topic, *, actor) -> None:
    """A locked topic stays readable and searchable; nobody but a moderator replies."""
    _moderate(topic, actor, "is_locked", True)


def unlock_topic(topic: Topic, *, actor) -> None:
    _moderate(topic, actor, "is_locked", False)


def tell_author(author_id, kind: str, actor, link: str, **params) -> None:
    if not author_id or author_id == actor.id:
        return
    author = db.session.get(User, author_id)
    if author is not None and author.is_active:
        notify(author, kind, link=link, **params)


def hide_post(post: Post, *, actor, reason: str = "") -> None:
    """Hidden at once from the topic, from search and from everyone but moderators; the author
    is told why, and its open flags are resolved (agreed). Post 1 stands for the topic: hide
    the topic instead."""
    ensure(can_moderate_category(actor, post.topic.category))
    if post.number == 1:
        raise ServiceError(_("The first post is the topic: hide the topic instead."))
    post = locked_post(post)
    if post.is_hidden:
        return
    post.is_hidden = True
    search.change("post", object_id=post.id, is_visible=False)
    resolve_flags(Post.id == post.id, actor=actor, agreed=True)
    reason = " ".join(reason.split())[:200]
    record(actor, "forum.post_hidden", post, label=f"{post.topic.title} #{post.number}")
    link = link_to("forum.topic_at", topic_id=post.topic_id, number=post.number)
    tell_author(
        post.author_id,
        "forum.post_hidden",
        actor,
        link,
        topic=post.topic.title,
        reason=reason or "—",
    )


def show_post(post: Post, *, actor) -> None:
    ensure(can_moderate_category(actor, post.topic.category))
    post = locked_post(post)
    if not post.is_hidden:
        return
    post.is_hidden = False
    search.change("post", object_id=post.id, is_visible=not post.topic.is_hidden)
    record(actor, "forum.post_shown", post, label=f"{post.topic.title} #{post.number}")


def _topic_visibility(topic: Topic, actor, hidden: bool) -> bool:
    ensure(can_moderate_category(actor, topic.category))
    return set_topic_hidden(topic, actor=actor, hidden=hidden)


def set_topic_hidden(topic: Topic, *, actor, hidden: bool) -> bool:
    """Hide or show the topic under its row lock: lists, category counts and search follow,
    and hiding resolves the flags on its posts. The caller checked the actor. Returns whether
    anything changed."""
    db.session.execute(select(Topic.id).where(Topic.id == topic.id).with_for_update())
    db.session.refresh(topic, ["is_hidden"])
    if topic.is_hidden == hidden:
        return False
    topic.is_hidden = hidden
    change = -1 if hidden else 1
    db.session.execute(
        update(Category)
        .where(Category.id == topic.category_id)
        .values(
            topic_count=Category.topic_count + change,
            post_count=Category.post_count + change * topic.post_count,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire(topic.category, ["topic_count", "post_count"])
    if hidden:
        search.change("post", parent_id=topic.id, is_visible=False)
        resolve_flags(Post.topic_id == topic.id, actor=actor, agreed=True)
    else:  # every post shown again but those hidden one by one
        shown = select(Post.id).where(Post.topic_id == topic.id, Post.is_hidden.is_(False))
        search.change("post", parent_id=topic.id, is_visible=False)
        db.session.execute(
            update(SearchEntry)
            .where(SearchEntry.kind == "post", SearchEntry.object_id.in_(shown))
            .values(is_visible=True)
            .execution_options(synchronize_session=False)
        )
    return True


def hide_topic(topic: Topic, *, actor, reason: str = "") -> None:
    """The topic leaves every list and search at once; moderators still see it."""
    if not _topic_visibility(topic, actor, True):
        return
    reason = " ".join(reason.split())[:200]
    record(actor, "forum.topic_hidden", topic, label=topic.title)
    link = link_to("forum.topic", topic_id=topic.id)
    tell_author(
        topic.author_id, "forum.topic_hidden", actor, link, topic=topic.title, reason=reason or "—"
    )


def show_topic(topic: Topic, *, actor) -> None:
    if _topic_visibility(topic, actor, False):
        record(actor, "forum.topic_shown", topic, label=topic.title)


def resolve_flags(which, *, actor, agreed: bool) -> int:
    """Close the open flags on the posts `which` selects (a condition on Post) and tell each
    flagger the outcome: agreed when the post was hidden or deleted (by any path), disagreed
    when a moderator dismissed them. Returns how many were closed."""
    rows = db.session.execute(
        select(PostFlag, Post.topic_id, Post.number, Topic.title)
        .join(Post, Post.id == PostFlag.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(which, PostFlag.state == FlagState.OPEN)
        .with_for_update(of=PostFlag)
    ).all()
    now = utcnow()
    kind = "forum.flag_agreed" if agreed else "forum.flag_disagreed"
    for flag, topic_id, number, title in rows:
        flag.state = FlagState.AGREED if agreed else FlagState.DISAGREED
        flag.resolved_at, flag.resolved_by_id = now, getattr(actor, "id", None)
        link = link_to("forum.topic_at", topic_id=topic_id, number=number)
        tell_author(flag.user_id, kind, actor, link, topic=title)
    db.session.flush()
    return len(rows)

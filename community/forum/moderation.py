"""The forum's moderation beyond hiding (services.visibility): members' flags and the moderators'
answer to them, deleting posts, moving a topic to another category and merging one topic into
another. Each service checks its predicate, locks what it changes, audits, tells the people
concerned and flushes; the caller commits.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from lms.audit.services import record, register_action
from lms.clock import as_utc, utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to
from lms.permissions import ensure
from lms.search import services as search

from . import services
from .models import Category, FlagReason, Post, PostFlag, Topic, TopicReader
from .permissions import (
    can_delete_post,
    can_flag_post,
    can_moderate_category,
    can_move_topic,
)
from .services.editing import locked_post
from .services.posting import index_post
from .services.reading import heard
from .services.visibility import tell_author

FLAG_TEXT_MAX = 500

register_action("forum.flags_dismissed", N_("Flags on a post dismissed"))
register_action("forum.post_deleted", N_("Post deleted"))
register_action("forum.topic_moved", N_("Topic moved"))
register_action("forum.topic_merged", N_("Topic merged"))
register_kind("forum.post_deleted", N_("A moderator deleted your post in “%(topic)s”."))
register_kind("forum.topic_moved", N_("A moderator moved your topic “%(topic)s” to %(category)s."))
register_kind(
    "forum.topic_merged",
    N_("A moderator merged the topic “%(source)s”, where you posted, into “%(topic)s”."),
)


# --- flags -------------------------------------------------------------------------------------


def flag_post(post: Post, *, actor, reason: str, text: str = "") -> PostFlag:
    """A member asks moderators to look at a post, saying why ("something else" needs their
    own words). One flag per person and post. Raises ServiceError: unknown reason, missing
    words, already flagged."""
    ensure(can_flag_post(actor, post))
    if reason not in set(FlagReason):
        raise ServiceError(_("Choose why you flag this post."), field="reason")
    text = " ".join(text.split())[:FLAG_TEXT_MAX]
    if reason == FlagReason.OTHER and not text:
        raise ServiceError(_("Say what is wrong with this post."), field="text")
    dialect = db.session.get_bind().dialect.name
    statement = (
        (postgresql if dialect == "postgresql" else sqlite)
        .insert(PostFlag)
        .values(post_id=post.id, user_id=actor.id, reason=reason, text=text, created_at=utcnow())
        .on_conflict_do_nothing()
        .returning(PostFlag.id)
    )
    flag_id = db.session.execute(statement).scalar()
    if flag_id is None:
        raise ServiceError(_("You have already flagged this post."), field="reason")
    return db.session.get(PostFlag, flag_id)


def agree_with_flags(post: Post, *, actor, reason: str = "") -> None:
    """The moderator agrees: the post is hidden (its first post: the topic), which resolves
    its flags and tells the flaggers and the author."""
    ensure(can_moderate_category(actor, post.topic.category))
    reason = reason or _("flagged by members")
    if post.number == 1:
        services.hide_topic(post.topic, actor=actor, reason=reason)
    else:
        services.hide_post(post, actor=actor, reason=reason)


def disagree_with_flags(post: Post, *, actor) -> None:
    """The moderator leaves the post as it is: its open flags are dismissed and the flaggers
    told. Raises ServiceError when there was nothing open (another moderator was first)."""
    ensure(can_moderate_category(actor, post.topic.category))
    if not services.resolve_flags(Post.id == post.id, actor=actor, agreed=False):
        raise ServiceError(_("This post has no open flags any more."))
    record(actor, "forum.flags_dismissed", post, label=f"{post.topic.title} #{post.number}")


# --- deleting ----------------------------------------------------------------------------------


def delete_post(post: Post, *, actor) -> None:
    """Soft delete: the post stays (numbers and reply links hold) but shows as "post deleted",
    leaves search at once and its flags are resolved. Deleting post 1 deletes the topic: all
    its posts, and the topic hidden from lists. The author is told when a moderator does it."""
    ensure(can_delete_post(actor, post))
    post = locked_post(post)
    if post.is_deleted:
        return
    topic = post.topic
    which = Post.topic_id == topic.id if post.number == 1 else Post.id == post.id
    services.resolve_flags(which, actor=actor, agreed=True)
    gone = db.session.scalars(select(Post.id).where(which, Post.is_deleted.is_(False))).all()
    db.session.execute(
        update(Post)
        .where(Post.id.in_(gone))
        .values(is_deleted=True, deleted_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    for post_id in gone:
        search.remove("post", post_id)
    if post.number == 1 and not topic.is_hidden:
        services.set_topic_hidden(topic, actor=actor, hidden=True)
    record(actor, "forum.post_deleted", post, label=f"{topic.title} #{post.number}")
    link = link_to("forum.topic_at", topic_id=topic.id, number=post.number)
    tell_author(post.author_id, "forum.post_deleted", actor, link, topic=topic.title)


# --- moving and merging ------------------------------------------------------------------------


def _locked_topics(*topics: Topic) -> None:
    """Row locks on the topics, always in id order (two moderators at once wait, not
    deadlock), and their counters read afresh."""
    ids = sorted(t.id for t in topics)
    db.session.scalars(
        select(Topic)
        .where(Topic.id.in_(ids))
        .order_by(Topic.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()


def _count(category_id: int, topics: int, posts: int) -> None:
    db.session.execute(
        update(Category)
        .where(Category.id == category_id)
        .values(topic_count=Category.topic_count + topics, post_count=Category.post_count + posts)
        .execution_options(synchronize_session=False)
    )


def move_topic(topic: Topic, category: Category, *, actor) -> None:
    """The topic and its posts go to `category` (lists, counts and search follow). Needs a
    moderator of both categories. Raises ServiceError: it is already there, or was merged
    into another topic meanwhile."""
    ensure(can_move_topic(actor, topic, category))
    _locked_topics(topic)
    source_id = topic.category_id  # as locked: a merge or move just before is seen
    if topic.merged_into_id is not None:
        raise ServiceError(_("This topic was merged into another one."), field="category_id")
    if source_id == category.id:
        raise ServiceError(_("The topic is already in this category."), field="category_id")
    if not topic.is_hidden:
        _count(source_id, -1, -topic.post_count)
        _count(category.id, 1, topic.post_count)
    topic.category_id = category.id
    db.session.flush()
    db.session.expire_all()  # the topic's category and both categories' counters
    search.change("post", parent_id=topic.id, scope_id=category.id)
    record(actor, "forum.topic_moved", topic, label=f"{topic.title} → {category.names['en']}")
    link = link_to("forum.topic", topic_id=topic.id)
    tell_author(
        topic.author_id, "forum.topic_moved", actor, link, topic=topic.title, category=category.name
    )


def merge_topic(source: Topic, target: Topic, *, actor) -> None:
    """Append the source topic's posts to the target, after its last post and in their order
    (reply links follow); the source is hidden and its old links lead to the target. Both
    topics are locked. Raises ServiceError: the same topic, or one already merged."""
    ensure(can_move_topic(actor, source, target.category))
    if source.id == target.id:
        raise ServiceError(_("Choose another topic to merge into."), field="target_id")
    _locked_topics(source, target)
    if source.merged_into_id is not None or target.merged_into_id is not None:
        raise ServiceError(_("This topic was merged already."), field="target_id")
    offset, moved = target.post_count, source.post_count
    _move_posts(source, target, offset)
    _move_readers(source, target, offset)
    _move_search(target, offset)
    if not source.is_hidden:
        _count(source.category_id, -1, -moved)
    if not target.is_hidden:
        _count(target.category_id, 0, moved)
    if as_utc(source.last_posted_at) > as_utc(target.last_posted_at):
        target.last_posted_at, target.last_poster_id = source.last_posted_at, source.last_poster_id
    target.post_count = offset + moved
    source.is_hidden, source.merged_into_id, source.post_count = True, target.id, 0
    source.solution_number = None
    db.session.flush()
    heard(target.id, target.post_count)  # its readers' Unread counts see the posts
    record(actor, "forum.topic_merged", target, label=f"{source.title} → {target.title}")
    _tell_merged(source, target, offset, actor)


def _move_posts(source: Topic, target: Topic, offset: int) -> None:
    db.session.flush()
    db.session.execute(
        update(Post)
        .where(Post.topic_id == source.id)
        .values(
            topic_id=target.id,
            number=Post.number + offset,
            reply_to_number=Post.reply_to_number + offset,  # NULL stays NULL
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()  # the posts loaded before have new topics and numbers


def _move_readers(source: Topic, target: Topic, offset: int) -> None:
    """A reader of both keeps their place in the target, carried into the merged posts when
    they had read all of it; a reader of the source only starts at the target's beginning."""
    readers = db.session.scalars(select(TopicReader).where(TopicReader.topic_id == source.id))
    theirs = {
        r.user_id: r
        for r in db.session.scalars(select(TopicReader).where(TopicReader.topic_id == target.id))
    }
    for reader in readers.all():
        mine = theirs.get(reader.user_id)
        if mine is None:
            db.session.add(
                TopicReader(
                    user_id=reader.user_id,
                    topic_id=target.id,
                    last_read=0,
                    level=reader.level,
                    reason=reader.reason,
                )
            )
        else:
            if mine.last_read >= offset and reader.last_read:
                mine.last_read = offset + reader.last_read
            mine.level = max(mine.level, reader.level)
        db.session.delete(reader)
    db.session.flush()


def _move_search(target: Topic, offset: int) -> None:
    """The merged posts' entries now name the target: its id, their new numbers, its category,
    its visibility (a first post's title is no longer theirs). Deleted posts have none."""
    moved = db.session.scalars(
        select(Post).where(
            Post.topic_id == target.id, Post.number > offset, Post.is_deleted.is_(False)
        )
    ).all()
    for post in moved:
        index_post(post, target)


def _tell_merged(source: Topic, target: Topic, offset: int, actor) -> None:
    authors = db.session.scalars(
        select(func.distinct(Post.author_id)).where(
            Post.topic_id == target.id, Post.number > offset, Post.author_id.is_not(None)
        )
    ).all()
    link = link_to("forum.topic_at", topic_id=target.id, number=offset + 1)
    for author_id in authors:
        tell_author(
            author_id, "forum.topic_merged", actor, link, source=source.title, topic=target.title
        )

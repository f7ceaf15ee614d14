"""Editing a post with its revisions (the quick-edit grace, a stale form refused), a topic's
title and tags with its first post, restoring a version, and the drafts kept while writing."""

from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from community.tags import queries as tag_queries
from lms.accounts.models import User
from lms.clock import as_utc, utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import ensure
from lms.search import services as search
from lms.search.models import label_words
from lms.web.markdown import render_markdown

from .. import mentions
from ..models import (
    Draft,
    Level,
    Post,
    PostRevision,
    Topic,
    TopicReader,
)
from ..permissions import (
    can_edit_post,
    can_keep_draft,
    can_read_topic,
)
from .posting import BODY_MAX, TITLE_MAX, check_body, check_title, index_post, rendered

GRACE = timedelta(minutes=5)  # an author's quick fix after posting makes no revision

register_kind("forum.edited", N_("A moderator edited your post in “%(topic)s”: %(reason)s"))


def locked_post(post: Post) -> Post:
    """The post's row, locked (PostgreSQL) and read afresh: a second editor waits, then sees
    the first one's edit."""
    return db.session.scalars(
        select(Post)
        .where(Post.id == post.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def edit_post(
    post: Post,
    *,
    actor,
    body: str,
    reason: str = "",
    seen_revision: int | None = None,
    title: str | None = None,
    tag_ids=None,
) -> bool:
    """Change a post's text (and, for a topic's first post, its title and tags: `title`,
    `tag_ids`; None leaves them). Its author's edits within GRACE of posting, before any
    revision, change it in place; any other edit keeps what it said (and the title) as a
    revision, with the reason. `seen_revision`: the revision count the editor's form was made
    from — a post edited in the meantime is refused, not overwritten. Returns whether a
    revision was made."""
    ensure(can_edit_post(actor, post))
    body = check_body(body)
    reason = " ".join(reason.split())[:200]
    post = locked_post(post)
    topic = post.topic
    if post.number != 1:
        title = tag_ids = None
    if title is not None:
        title = check_title(title)
    if seen_revision is not None and post.revision_count != seen_revision:
        raise ServiceError(
            _("Someone else edited this post in the meantime. Reload and try again."),
            field="body",
        )
    new_tags = tag_queries.by_ids(tag_ids) if tag_ids is not None else None
    retitled = title is not None and title != topic.title
    retagged = new_tags is not None and {t.id for t in new_tags} != {t.id for t in topic.tags}
    if body == post.body and not retitled:
        if retagged:
            _retag(topic, new_tags)
        return False
    now = utcnow()
    html, mentioned = rendered(body)
    already = mentions.handles_in(render_markdown(post.body))  # before mentions were linked
    newly = {h: p for h, p in mentioned.items() if h not in already}
    quick = (
        actor.id == post.author_id
        and post.revision_count == 0
        and now - as_utc(post.created_at) <= GRACE
    )
    if not quick:
        post.revision_count += 1
        db.session.add(
            PostRevision(
                post_id=post.id,
                number=post.revision_count,
                body=post.body,
                html=post.html,
                title=topic.title if post.number == 1 else None,
                editor_id=actor.id,
                reason=reason,
                created_at=now,
            )
        )
    post.body, post.html, post.edited_at = body, html, now
    if retitled:
        topic.title = title
    if retagged:
        _retag(topic, new_tags)
    db.session.flush()
    index_post(post, topic)
    tell_mentioned(post, actor, newly)
    if not quick and post.author_id and post.author_id != actor.id:
        author = db.session.get(User, post.author_id)
        if author is not None and author.is_active:
            notify(
                author,
                "forum.edited",
                link=link_to("forum.topic_at", topic_id=post.topic_id, number=post.number),
                topic=topic.title,
                reason=reason or "—",
            )
    return not quick


def _retag(topic: Topic, tags: list) -> None:
    """The topic's new tags, and every one of its posts found by them at once."""
    topic.tags = tags
    db.session.flush()
    search.change("post", parent_id=topic.id, labels=label_words(t.id for t in tags))


def tell_mentioned(post: Post, actor, people: dict) -> None:
    """Those an edit newly mentions, as a new post would tell them."""
    topic = post.topic
    for person in people.values():
        if person.id == actor.id or not can_read_topic(person, topic):
            continue
        level = db.session.scalar(
            select(TopicReader.level).where(
                TopicReader.user_id == person.id, TopicReader.topic_id == topic.id
            )
        )
        if level is None or level > Level.MUTED:
            notify(
                person,
                "forum.mentioned",
                link=link_to("forum.topic_at", topic_id=topic.id, number=post.number),
                name=actor.name,
                topic=topic.title,
            )


def restore_revision(post: Post, number: int, *, actor) -> bool:
    """Make the post say again what it said in version `number` (a revision of its history)."""
    ensure(can_edit_post(actor, post))
    revision = db.session.scalar(
        select(PostRevision).where(PostRevision.post_id == post.id, PostRevision.number == number)
    )
    if revision is None:
        raise ServiceError(_("That version of the post does not exist."))
    return edit_post(
        post,
        actor=actor,
        body=revision.body,
        title=revision.title,
        reason=_("Restored version %(number)s", number=number),
    )


DRAFT_KEY = re.compile(r"new|topic-\d{1,12}")


def save_draft(
    *, actor, key: str, body: str, title: str = "", category_id: int | None = None, version: int = 0
) -> int:
    """Keep what someone is writing; returns the draft's new version. `version`: the one the
    writer's window last saw (0: none) — when another window saved since, it is refused with
    a message, never silently overwritten."""
    ensure(can_keep_draft(actor))
    if not DRAFT_KEY.fullmatch(key):
        raise ServiceError(_("Unknown draft."))
    body, title = body[:BODY_MAX], " ".join(title.split())[:TITLE_MAX]
    draft = db.session.scalars(
        select(Draft).where(Draft.user_id == actor.id, Draft.key == key).with_for_update()
    ).first()
    if draft is None:
        if version:
            raise ServiceError(_("This draft was posted or discarded in another window."))
        draft = Draft(user_id=actor.id, key=key, version=0)
        db.session.add(draft)
    elif draft.version != version:
        raise ServiceError(
            _("This draft was changed in another window. Reload the page to carry on from it.")
        )
    draft.body, draft.title, draft.category_id = body, title, category_id
    draft.version += 1
    draft.updated_at = utcnow()
    db.session.flush()
    return draft.version


def discard_draft(*, actor, key: str) -> None:
    ensure(can_keep_draft(actor))
    db.session.execute(delete(Draft).where(Draft.user_id == actor.id, Draft.key == key))

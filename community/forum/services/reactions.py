"""Likes, and the accepted answer of a question topic."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from lms.accounts.models import User
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import ensure
from lms.search import services as search

from ..models import (
    Post,
    PostLike,
    Topic,
)
from ..permissions import (
    can_accept_answer,
    can_like_post,
)

register_kind("forum.accepted", N_("%(name)s marked your reply in “%(topic)s” as the answer."))


def like_post(post: Post, *, actor) -> bool:
    """One like per person and post; True if it was new (the count moves once)."""
    ensure(can_like_post(actor, post))
    dialect = db.session.get_bind().dialect.name
    statement = (
        (postgresql if dialect == "postgresql" else sqlite)
        .insert(PostLike)
        .values(user_id=actor.id, post_id=post.id, created_at=utcnow())
        .on_conflict_do_nothing()
        .returning(PostLike.post_id)
    )
    if db.session.execute(statement).first() is None:
        return False
    _count_like(post, +1)
    return True


def unlike_post(post: Post, *, actor) -> bool:
    ensure(can_like_post(actor, post))
    gone = db.session.execute(
        delete(PostLike)
        .where(PostLike.user_id == actor.id, PostLike.post_id == post.id)
        .returning(PostLike.post_id)
    ).first()
    if gone is None:
        return False
    _count_like(post, -1)
    return True


def _count_like(post: Post, change: int) -> None:
    db.session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(like_count=Post.like_count + change)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(post, ["like_count"])


def accept_answer(topic: Topic, number: int, *, actor) -> None:
    """Mark reply `number` as what solved the question (replacing an earlier choice). Two
    choices at once are serialised on the topic's row: the later one stands."""
    ensure(can_accept_answer(actor, topic))
    answer = db.session.scalar(
        select(Post).where(Post.topic_id == topic.id, Post.number == number, Post.number > 1)
    )
    if answer is None or answer.is_hidden or answer.is_deleted:
        raise ServiceError(_("Only a reply that is shown can be the answer."))
    _set_solution(topic, number)
    if answer.author_id and answer.author_id != actor.id:
        author = db.session.get(User, answer.author_id)
        if author is not None and author.is_active:
            notify(
                author,
                "forum.accepted",
                link=link_to("forum.topic_at", topic_id=topic.id, number=number),
                name=actor.name,
                topic=topic.title,
            )


def unaccept_answer(topic: Topic, *, actor) -> None:
    ensure(can_accept_answer(actor, topic))
    _set_solution(topic, None)


def _set_solution(topic: Topic, number: int | None) -> None:
    """One UPDATE on the topic's row (so two choices at once serialise on it), and the
    topic's posts marked solved or not in search."""
    db.session.execute(
        update(Topic)
        .where(Topic.id == topic.id)
        .values(solution_number=number)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(topic, ["solution_number"])
    search.change("post", parent_id=topic.id, is_solved=number is not None)

"""Each reader's place in a topic (the highest post number read) and notification level. A
place only moves forward: one upsert keeping the higher number."""

from __future__ import annotations

from sqlalchemy import case, update
from sqlalchemy.dialects import postgresql, sqlite

from lms.clock import utcnow
from lms.extensions import db
from lms.permissions import ensure

from ..models import (
    Level,
    Topic,
    TopicReader,
)
from ..permissions import (
    can_follow_topic,
    can_read_topic,
)


def _insert():
    dialect = db.session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(TopicReader)


def _higher(column, value):
    return case((column > value, column), else_=value)


def heard(topic_id: int, post_count: int) -> None:
    """Every reader's row learns the topic now has `post_count` posts (see TopicReader)."""
    db.session.execute(
        update(TopicReader)
        .where(TopicReader.topic_id == topic_id, TopicReader.topic_posts < post_count)
        .values(topic_posts=post_count)
        .execution_options(synchronize_session=False)
    )


def place_reader(
    user_id: int, topic: Topic, *, last_read: int, level: Level | None, reason: str
) -> None:
    """Move a reader's place forward to `last_read` (never back), and raise their level to
    `level` (never lower it; None leaves it, a first read starts at tracking). Both counts only
    rise, so places written at once by a read and a reply end right whatever their order."""
    table = TopicReader.__table__.c
    now = utcnow()
    values = {
        "last_read": _higher(table.last_read, last_read),
        "topic_posts": _higher(table.topic_posts, topic.post_count),
        "updated_at": now,
    }
    if level is not None:
        values["level"] = _higher(table.level, int(level))
        values["reason"] = case((table.level < int(level), reason), else_=table.reason)
    statement = (
        _insert()
        .values(
            user_id=user_id,
            topic_id=topic.id,
            last_read=last_read,
            topic_posts=topic.post_count,
            level=int(level if level is not None else Level.TRACKING),
            reason=reason if level is not None else "read",
            updated_at=now,
        )
        .on_conflict_do_update(index_elements=[table.user_id, table.topic_id], set_=values)
    )
    db.session.execute(statement)


def mark_topic_read(topic: Topic, *, actor, up_to: int) -> None:
    """The reader has seen the topic's posts up to number `up_to` (sent by the page as it
    scrolls). Opening a topic the first time starts tracking it."""
    ensure(can_read_topic(actor, topic))
    up_to = max(0, min(up_to, topic.post_count))
    if up_to:
        place_reader(actor.id, topic, last_read=up_to, level=None, reason="read")


def set_topic_level(topic: Topic, *, actor, level: Level) -> None:
    """The reader's own choice of how closely to follow the topic (it may lower it)."""
    ensure(can_follow_topic(actor, topic))
    table = TopicReader.__table__.c
    statement = (
        _insert()
        .values(
            user_id=actor.id,
            topic_id=topic.id,
            last_read=0,
            topic_posts=topic.post_count,
            level=int(level),
            reason="chosen",
            updated_at=utcnow(),
        )
        .on_conflict_do_update(
            index_elements=[table.user_id, table.topic_id],
            set_={"level": int(level), "reason": "chosen", "updated_at": utcnow()},
        )
    )
    db.session.execute(statement)

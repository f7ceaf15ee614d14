"""The forum's tables.

A topic's posts are numbered 1, 2, 3... in the order they were written (post 1 opens the
topic); `Topic.post_count` is the highest number, so a page of a topic is a range of numbers and
a reader's place is one number (`TopicReader.last_read`), as in Discourse. Counters on a topic
and its category are kept by the services that add posts, under the topic's row lock.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.tags.models import Tag, link_table
from lms.accounts.models import User
from lms.db import TimestampMixin, Translatable, VersionMixin, may_race, utcnow
from lms.extensions import db


class Level(enum.IntEnum):
    """How closely someone follows a topic (Discourse's notification levels)."""

    MUTED = 0  # never told, left out of the latest list
    NORMAL = 1  # told of replies to their posts and of mentions
    TRACKING = 2  # as normal, and the topic's unread posts are counted for them
    WATCHING = 3  # told of every new post


category_moderators = Table(
    "forum_category_moderators",
    db.metadata,
    Column(
        "category_id",
        ForeignKey("forum_categories.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class FlagReason(enum.StrEnum):
    """Why a member flags a post (Discourse's choices)."""

    OFF_TOPIC = "off_topic"
    INAPPROPRIATE = "inappropriate"
    SPAM = "spam"
    OTHER = "other"  # with the flagger's own words


class FlagState(enum.StrEnum):
    OPEN = "open"
    AGREED = "agreed"  # the post was hidden or deleted
    DISAGREED = "disagreed"  # a moderator dismissed it


class Category(Translatable, TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "forum_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_read_only: Mapped[bool] = mapped_column(Boolean, default=False)  # announcements
    topic_count: Mapped[int] = mapped_column(Integer, default=0)  # not hidden
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    moderators: Mapped[list[User]] = relationship(
        secondary=category_moderators, order_by="User.name"
    )


topic_tags = link_table("topic_tags", "forum_topics", "topic_id")


class Topic(db.Model):
    __tablename__ = "forum_topics"
    __table_args__ = (
        Index("ix_forum_topics_latest", "is_hidden", "last_posted_at", "id"),
        Index(
            "ix_forum_topics_category_latest", "category_id", "is_hidden", "last_posted_at", "id"
        ),
        Index("ix_forum_topics_created", "is_hidden", "created_at"),
        Index("ix_forum_topics_category_created", "category_id", "is_hidden", "created_at"),
        Index("ix_forum_topics_pinned", "is_pinned", "is_hidden", "last_posted_at"),
        Index(
            "ix_forum_topics_category_pinned",
            "category_id",
            "is_pinned",
            "is_hidden",
            "last_posted_at",
        ),
        Index(
            "ix_forum_topics_asked",
            "competency_idnumber",
            "is_hidden",
            "solution_number",
            "created_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("forum_categories.id"))
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_poster_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    post_count: Mapped[int] = mapped_column(Integer, default=0)  # the highest post number
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    is_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    is_question: Mapped[bool] = mapped_column(Boolean, default=False)
    solution_number: Mapped[int | None] = mapped_column(Integer)  # the accepted answer
    # a question asked of the experts in this competency (the expert directory's "ask")
    competency_idnumber: Mapped[str | None] = mapped_column(String(100))
    # merged into another topic: this one is hidden and its old links lead there
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_topics.id", ondelete="SET NULL")
    )

    category: Mapped[Category] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=lambda: topic_tags, order_by=Tag.position)


class Post(TimestampMixin, db.Model):
    __tablename__ = "forum_posts"
    __table_args__ = (UniqueConstraint("topic_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("forum_topics.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)  # the author's Markdown
    html: Mapped[str] = mapped_column(Text)  # rendered and sanitised when saved
    reply_to_number: Mapped[int | None] = mapped_column(Integer)
    is_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    like_count: Mapped[int] = mapped_column(Integer, default=0)
    topic: Mapped[Topic] = relationship()
    revision_count: Mapped[int] = mapped_column(Integer, default=0)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PostFlag(db.Model):
    """A member's report that a post needs a moderator's look; one open flag per person and
    post (ever: a dismissed flag is not raised again). Resolved when a moderator agrees (the post hidden or deleted) or disagrees."""

    __tablename__ = "forum_post_flags"
    __table_args__ = (
        UniqueConstraint("post_id", "user_id"),  # a person flags a post once
        Index("ix_forum_post_flags_state_post", "state", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # a FlagReason
    text: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[str] = mapped_column(String(20), default=FlagState.OPEN)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PostRevision(db.Model):
    """What a post said before an edit (an edit by its author within the grace period after
    posting makes none), with who changed it and why."""

    __tablename__ = "forum_post_revisions"
    __table_args__ = (UniqueConstraint("post_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1: the post as first written
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(200))  # the topic's, for its first post
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PostLike(db.Model):
    __tablename__ = "forum_post_likes"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_posts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Draft(db.Model):
    """A post being written, kept on the server: one per person for a new topic ("new") and
    one per topic they reply to ("topic-<id>"). `version` tells a second window it is behind."""

    __tablename__ = "forum_drafts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# A reader's row with posts they have not read (the partial index's condition, which a query
# must repeat word for word, the 0 included, for the index to serve it).
BEHIND = "last_read > 0 AND topic_posts > last_read"


class TopicReader(db.Model):
    """One person's place in a topic (the highest post number they have read) and how closely
    they follow it, with why (`reason`: created, replied, read or chosen). `topic_posts` is the
    topic's post count as this row last heard it (raised on every reply, never lowered), so
    "has unread posts" is a comparison within the row: the Unread list counts the reader's own
    rows without visiting each topic."""

    __tablename__ = "forum_topic_readers"
    __table_args__ = (
        # only the rows with posts left to read: a reader's Unread count walks those alone
        Index(
            "ix_forum_topic_readers_behind",
            "user_id",
            "level",
            "topic_id",
            "last_read",
            "topic_posts",
            sqlite_where=text(BEHIND),
            postgresql_where=text(BEHIND),
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("forum_topics.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    last_read: Mapped[int] = mapped_column(Integer, default=0)
    topic_posts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    level: Mapped[int] = mapped_column(SmallInteger, default=Level.NORMAL)
    reason: Mapped[str] = mapped_column(String(20), default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Attachment(db.Model):
    """A file attached to a post through the shared upload service (lms.web.uploads): kept
    outside static/ under a random name, reached by its random token, always sent as a
    download (an image still shows in a post: <img> ignores the download header)."""

    __tablename__ = "forum_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    stored_name: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class CategoryReader(db.Model):
    """How closely one person follows a whole category: watching tells them of every post in
    it (unless they chose less for a topic), muted leaves its topics out of their latest and
    new lists (the category's own page still shows them)."""

    __tablename__ = "forum_category_readers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("forum_categories.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[int] = mapped_column(SmallInteger, default=Level.NORMAL)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


may_race(
    "pk_forum_category_readers",
    "uq_forum_posts_topic_id_number",
    "pk_forum_topic_readers",
    "uq_forum_post_revisions_post_id_number",
    "pk_forum_drafts",
    "uq_forum_post_flags_post_id_user_id",
)

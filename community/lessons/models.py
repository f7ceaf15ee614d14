"""Lessons learned (the PMI lessons-learned register, the PRINCE2 lessons log): a lesson, the
steps of its workflow (who moved it, when, why) and its follow-up actions.

Each text is kept as the author's Markdown and as the HTML rendered and sanitised once when
saved (`<field>_html`). A lesson is *applied* once a follow-up action is done or the PMO links
it to a methodology document (`applied_at`, the first time either happened).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.db import TimestampMixin, VersionMixin, enum_column, utcnow
from lms.extensions import db
from lms.i18n import lazy_gettext as _l

from ..tags.models import Tag, link_table


class LessonState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VALIDATED = "validated"
    PUBLISHED = "published"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    LessonState.DRAFT: _l("Draft"),
    LessonState.SUBMITTED: _l("Awaiting validation"),
    LessonState.VALIDATED: _l("Validated"),
    LessonState.PUBLISHED: _l("Published"),
    LessonState.RETURNED: _l("Returned to the author"),
}


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return str(FOLLOW_UP_LABELS[self])


FOLLOW_UP_LABELS = {
    FollowUpStatus.OPEN: _l("Open"),
    FollowUpStatus.DONE: _l("Done"),
    FollowUpStatus.DROPPED: _l("Dropped"),
}

# the Markdown texts of a lesson, each with its rendered `<name>_html`
TEXTS = ("what_happened", "effect", "root_cause", "warning_signs", "recommendation")

lesson_tags = link_table("lesson_tags", "lessons", "lesson_id")


class Lesson(TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "lessons"
    __table_args__ = (
        Index("ix_lessons_state_published", "state", "published_at", "id"),
        Index("ix_lessons_state_updated", "state", "updated_at", "id"),  # the PMO's queue
        Index("ix_lessons_state_area", "state", "area_id", "is_positive", "published_at"),
        Index("ix_lessons_state_phase", "state", "phase_id", "published_at"),
        Index("ix_lessons_author", "author_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    project: Mapped[str] = mapped_column(String(200), default="")
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id", ondelete="SET NULL"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id", ondelete="SET NULL"))
    is_positive: Mapped[bool] = mapped_column(Boolean, default=False)
    impact: Mapped[int] = mapped_column(SmallInteger, default=3)  # 1 (minor) to 5 (severe)
    is_known_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    what_happened: Mapped[str] = mapped_column(Text, default="")
    what_happened_html: Mapped[str] = mapped_column(Text, default="")
    effect: Mapped[str] = mapped_column(Text, default="")
    effect_html: Mapped[str] = mapped_column(Text, default="")
    root_cause: Mapped[str] = mapped_column(Text, default="")
    root_cause_html: Mapped[str] = mapped_column(Text, default="")
    warning_signs: Mapped[str] = mapped_column(Text, default="")
    warning_signs_html: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    recommendation_html: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[LessonState] = enum_column(LessonState, default=LessonState.DRAFT)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("forum_topics.id", ondelete="SET NULL"))
    return_reason: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    applied_document: Mapped[str] = mapped_column(String(300), default="")
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    author: Mapped[User | None] = relationship()
    phase: Mapped[Tag | None] = relationship(foreign_keys=[phase_id])
    area: Mapped[Tag | None] = relationship(foreign_keys=[area_id])
    tags: Mapped[list[Tag]] = relationship(secondary=lesson_tags, order_by=Tag.position)
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="lesson", order_by="FollowUp.id", cascade="all, delete-orphan"
    )
    steps: Mapped[list[LessonStep]] = relationship(
        order_by="LessonStep.id", cascade="all, delete-orphan"
    )

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None

    @property
    def author_name(self) -> str | None:
        return self.author.name if self.author else None


class LessonStep(db.Model):
    """One move of a lesson through its workflow: who, from which state to which, when, why."""

    __tablename__ = "lesson_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[LessonState | None] = enum_column(LessonState)
    to_state: Mapped[LessonState] = enum_column(LessonState)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    actor: Mapped[User | None] = relationship()


class FollowUp(db.Model):
    """An action a lesson calls for: what, who owns it, by when, and whether it was done."""

    __tablename__ = "lesson_follow_ups"
    __table_args__ = (Index("ix_lesson_follow_ups_status_due", "status", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[FollowUpStatus] = enum_column(FollowUpStatus, default=FollowUpStatus.OPEN)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    lesson: Mapped[Lesson] = relationship(back_populates="follow_ups")
    owner: Mapped[User | None] = relationship()

    def is_overdue(self, today: date) -> bool:
        return (
            self.status == FollowUpStatus.OPEN and self.due_on is not None and self.due_on < today
        )

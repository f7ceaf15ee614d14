"""The methodology library: a document, its revisions (every save), its published versions
(numbered major.minor, with release notes), the PMO's decisions on a revision, and the changes
members suggest with their comment threads.

A document's `state` is where its latest revision stands: a draft being written, in review,
approved (that revision, and no later one), published (the latest revision is the published
one) or retired. Readers always see the published version (`published_version_id`) while the
next one is drafted.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.db import TimestampMixin, enum_column, may_race, utcnow
from lms.extensions import db
from lms.i18n import lazy_gettext as _l

from ..tags.models import Tag, link_table


class DocumentKind(enum.StrEnum):
    PROCESS = "process"
    GUIDELINE = "guideline"
    CHECKLIST = "checklist"
    TEMPLATE = "template"
    TRAINING = "training"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    DocumentKind.PROCESS: _l("Process"),
    DocumentKind.GUIDELINE: _l("Guideline"),
    DocumentKind.CHECKLIST: _l("Checklist"),
    DocumentKind.TEMPLATE: _l("Template"),
    DocumentKind.TRAINING: _l("Training material"),
}


class DocumentState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    DocumentState.DRAFT: _l("Draft"),
    DocumentState.IN_REVIEW: _l("In review"),
    DocumentState.APPROVED: _l("Approved, not yet published"),
    DocumentState.PUBLISHED: _l("Published"),
    DocumentState.RETIRED: _l("Retired"),
}


class SuggestionState(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(SUGGESTION_LABELS[self])


SUGGESTION_LABELS = {
    SuggestionState.OPEN: _l("Waiting for the PMO"),
    SuggestionState.ACCEPTED: _l("Accepted"),
    SuggestionState.DECLINED: _l("Declined"),
}

document_tags = link_table("document_tags", "documents", "document_id")
document_competencies = Table(
    "document_competencies",
    db.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "competency_id",
        ForeignKey("competencies.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Document(TimestampMixin, db.Model):
    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_state_published", "state", "published_at", "id"),
        Index("ix_documents_kind_published", "kind", "published_at", "id"),
        Index("ix_documents_review_by", "review_by"),
        Index("ix_documents_owner", "owner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))  # the latest revision's
    kind: Mapped[DocumentKind] = enum_column(DocumentKind, default=DocumentKind.GUIDELINE)
    state: Mapped[DocumentState] = enum_column(DocumentState, default=DocumentState.DRAFT)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_by: Mapped[date | None] = mapped_column(Date)
    revision_count: Mapped[int] = mapped_column(Integer, default=0)
    published_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_versions.id", ondelete="SET NULL", use_alter=True)
    )
    published_title: Mapped[str] = mapped_column(String(200), default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    successor_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    view_count: Mapped[int] = mapped_column(Integer, default=0)
    download_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # the lesson learned the PMO promoted into this document: applied once it is published
    source_lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("lessons.id", ondelete="SET NULL")
    )

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    tags: Mapped[list[Tag]] = relationship(secondary=document_tags, order_by=Tag.position)
    published_version: Mapped[DocumentVersion | None] = relationship(
        foreign_keys=[published_version_id], post_update=True
    )
    successor: Mapped[Document | None] = relationship(remote_side=[id])

    @property
    def is_published(self) -> bool:
        return self.published_version_id is not None


class DocumentRevision(db.Model):
    """One save of a document: its text then, who saved it and why. Never changed after."""

    __tablename__ = "document_revisions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    change_note: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    restored_from: Mapped[int | None] = mapped_column(Integer)  # the number it brought back
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User | None] = relationship()
    files: Mapped[list[DocumentFile]] = relationship(
        secondary="document_revision_files", order_by="DocumentFile.file_name"
    )


revision_files = Table(
    "document_revision_files",
    db.metadata,
    Column(
        "revision_id",
        ForeignKey("document_revisions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "file_id",
        ForeignKey("document_files.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class DocumentFile(db.Model):
    """An attachment, kept through the shared upload service (checked, stored outside static/,
    sent as a download). A revision lists the files it has; a file replaced in a later revision
    stays with the earlier ones. `text`: what search reads of a DOCX or PDF, taken out once."""

    __tablename__ = "document_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(String(32), unique=True)
    stored_name: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentVersion(db.Model):
    """A published version: which revision, its number and what changed in it."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "major", "minor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("document_revisions.id"))
    major: Mapped[int] = mapped_column(Integer)
    minor: Mapped[int] = mapped_column(Integer)
    release_notes: Mapped[str] = mapped_column(Text, default="")
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    revision: Mapped[DocumentRevision] = relationship()
    published_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return f"{self.major}.{self.minor}"


class DocumentRead(db.Model):
    """A member's word that they read a major version of a document (the revision then
    published); a later major version asks them again."""

    __tablename__ = "document_reads"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    major: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("document_revisions.id", ondelete="CASCADE")
    )
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentFeedback(db.Model):
    """ "Was this useful?" from a reader, for the version they read, with an optional comment;
    a comment is a follow-up item for the document's owner until they mark it handled."""

    __tablename__ = "document_feedback"
    __table_args__ = (
        UniqueConstraint("document_id", "user_id", "version_label"),
        Index("ix_document_feedback_open", "document_id", "handled_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version_label: Mapped[str] = mapped_column(String(20))
    is_useful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class ReviewDecision(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES = "changes"  # sent back to the draft with what to change
    PUBLISHED = "published"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return str(DECISION_LABELS[self])


DECISION_LABELS = {
    ReviewDecision.SUBMITTED: _l("Sent for review"),
    ReviewDecision.APPROVED: _l("Approved"),
    ReviewDecision.CHANGES: _l("Sent back to draft"),
    ReviewDecision.PUBLISHED: _l("Published"),
    ReviewDecision.RETIRED: _l("Retired"),
}


class DocumentStep(db.Model):
    """One move of a document through its workflow, for the revision it concerned: who, what,
    when, why. An approval is a step on one revision; "approved" holds for that revision only."""

    __tablename__ = "document_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    revision_number: Mapped[int] = mapped_column(Integer)
    decision: Mapped[ReviewDecision] = enum_column(ReviewDecision)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    actor: Mapped[User | None] = relationship()


class Suggestion(TimestampMixin, db.Model):
    """A member's proposal: a new document (no `document_id`) or a change to one, with the
    text they propose; the PMO accepts it (as a new revision, or a new draft document) or
    declines it, and the suggester is told."""

    __tablename__ = "document_suggestions"
    __table_args__ = (Index("ix_document_suggestions_state", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    base_revision: Mapped[int | None] = mapped_column(Integer)  # what the suggester read
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[SuggestionState] = enum_column(SuggestionState, default=SuggestionState.OPEN)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    revision_number: Mapped[int | None] = mapped_column(Integer)  # the revision it became

    document: Mapped[Document | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    comments: Mapped[list[SuggestionComment]] = relationship(
        order_by="SuggestionComment.id", cascade="all, delete-orphan"
    )


class SuggestionComment(db.Model):
    __tablename__ = "document_suggestion_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("document_suggestions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User | None] = relationship()


may_race(
    "uq_document_revisions_document_id_number",
    "uq_document_versions_document_id_major_minor",
    "uq_document_feedback_document_id_user_id_version_label",
)

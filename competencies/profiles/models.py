"""Ratings and evidence. A rating is never changed: each new one is a new row, so history stays."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

from sqlalchemy import (
    JSON,
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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import enum_column, utcnow
from lms.extensions import db

from ..framework.models import Competency


class RatingKind(enum.StrEnum):
    SELF = "self"
    DIRECTOR = "director"
    PMO = "pmo"


class EvidenceKind(enum.StrEnum):
    TRAINING = "training"
    CERTIFICATION = "certification"
    PROJECT = "project"
    NOTE = "note"
    FILE = "file"


rating_evidence = Table(
    "rating_evidence",
    db.metadata,
    Column("rating_id", ForeignKey("ratings.id", ondelete="CASCADE"), primary_key=True),
    Column("evidence_id", ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True),
)


RENEWAL_NOTICE = timedelta(days=90)


class Validity:
    """When a piece of evidence (a row, or a page's plain copy of one) stops counting."""

    expires_on: date | None

    def is_expired(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today

    def expires_soon(self, today: date) -> bool:
        """Within RENEWAL_NOTICE of expiring: time to book the renewal exam or PDUs."""
        return not self.is_expired(today) and (
            self.expires_on is not None and self.expires_on <= today + RENEWAL_NOTICE
        )


class Evidence(Validity, db.Model):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EvidenceKind] = enum_column(EvidenceKind)
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # certificate number, issuer, ...
    occurred_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    file_name: Mapped[str | None] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(64))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    added_by = relationship("User", foreign_keys=[added_by_id])


class Rating(db.Model):
    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_user_id_competency_id", "user_id", "competency_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int] = mapped_column(Integer)
    kind: Mapped[RatingKind] = enum_column(RatingKind)
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rated_on: Mapped[date] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    competency: Mapped[Competency] = relationship()
    rated_by = relationship("User", foreign_keys=[rated_by_id])
    evidence: Mapped[list[Evidence]] = relationship(secondary=rating_evidence)

    @property
    def is_confirmed(self) -> bool:
        return self.kind is not RatingKind.SELF


class CurrentRating(db.Model):
    """A person's newest self rating and newest confirmed rating of each competency, across the
    versions of a framework: versions share the framework's id number and each competency's id
    number (careers.versioning), so a rating against version 1.0 still counts on 1.1.

    Kept by profiles.ratings.make_current whenever a rating is recorded (a rating is never
    changed, so the newest is the highest id). Profiles, the director's panel and the reports
    all read a person's levels from here, so they cannot disagree.
    """

    __tablename__ = "current_ratings"
    __table_args__ = (
        # the reports read a framework's confirmed levels of everyone: from this index alone
        Index(
            "ix_current_ratings_framework_idnumber_is_confirmed",
            "framework_idnumber",
            "is_confirmed",
            "user_id",
            "competency_idnumber",
            "level",
        ),
        {"sqlite_with_rowid": False},
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    framework_idnumber: Mapped[str] = mapped_column(String(100), primary_key=True)
    competency_idnumber: Mapped[str] = mapped_column(String(100), primary_key=True)
    is_confirmed: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer)

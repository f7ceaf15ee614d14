"""Training: the course catalogue, rooms, classes with their sessions and trainers, and each
learner's enrolment (a seat, a place on the waitlist, an offer, a nomination).

Training sits below competencies: what a course develops is stored against the `competencies`
table by name, and what a completion means for a profile or a plan is the competencies side's
business (lms.signals), never imported here.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import TimestampMixin, Translatable, VersionMixin, enum_column, may_race, utcnow
from ..extensions import db


class DeliveryMode(enum.StrEnum):
    CLASSROOM = "classroom"
    ONLINE = "online"
    BLENDED = "blended"


class ClassState(enum.StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    FULL = "full"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class EnrolmentState(enum.StrEnum):
    """Where a learner stands in a class. Only ENROLLED holds a seat; WAITLISTED wait in the
    order they came (`queued_at`, then id); OFFERED hold a freed seat until `offered_until`."""

    NOMINATED = "nominated"  # put forward by their director, HR or the PMO: they confirm
    PENDING_APPROVAL = "pending_approval"  # the course needs their director's approval
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    OFFERED = "offered"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"
    REFUSED = "refused"  # the director said no


ACTIVE_ENROLMENTS = (
    EnrolmentState.NOMINATED,
    EnrolmentState.PENDING_APPROVAL,
    EnrolmentState.ENROLLED,
    EnrolmentState.WAITLISTED,
    EnrolmentState.OFFERED,
)
SEATED = (EnrolmentState.ENROLLED, EnrolmentState.OFFERED)  # an offered seat is held for them

course_prerequisites = Table(
    "course_prerequisites",
    db.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("prerequisite_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
)
course_trainers = Table(
    "course_trainers",
    db.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)
class_trainers = Table(
    "class_trainers",
    db.metadata,
    Column("class_id", ForeignKey("training_classes.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_class_trainers_user_id", "user_id"),
)


class Course(Translatable, TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    idnumber: Mapped[str] = mapped_column(String(60), unique=True)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    mode: Mapped[DeliveryMode] = enum_column(DeliveryMode, default=DeliveryMode.CLASSROOM)
    duration_hours: Mapped[float] = mapped_column(Float, default=0)
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    # completed with every session attended, or at least this share (percent) of them
    completion_share: Mapped[int] = mapped_column(Integer, default=100)
    is_retired: Mapped[bool] = mapped_column(Boolean, default=False)
    # what the catalogue's search reads: id number, names and descriptions in every language,
    # lower-cased (kept by courses.save_course)
    search_text: Mapped[str] = mapped_column(Text, default="")

    competencies: Mapped[list[CourseCompetency]] = relationship(
        back_populates="course", cascade="all, delete-orphan"
    )
    prerequisites: Mapped[list[Course]] = relationship(
        secondary=course_prerequisites,
        primaryjoin=lambda: Course.id == course_prerequisites.c.course_id,
        secondaryjoin=lambda: Course.id == course_prerequisites.c.prerequisite_id,
    )
    trainers = relationship("User", secondary=course_trainers)
    materials: Mapped[list[CourseMaterial]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseMaterial.id"
    )


class CourseCompetency(db.Model):
    """A competency the course develops, and the level it brings it to."""

    __tablename__ = "course_competencies"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[int] = mapped_column(Integer)

    course: Mapped[Course] = relationship(back_populates="competencies")


class CourseMaterial(db.Model):
    __tablename__ = "course_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))

    course: Mapped[Course] = relationship(back_populates="materials")


class Room(TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "rooms"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    is_retired: Mapped[bool] = mapped_column(Boolean, default=False)


def _new_uid() -> str:
    return f"{uuid.uuid4()}@pmo-academy"


class TrainingClass(TimestampMixin, VersionMixin, db.Model):
    """A run of a course: its sessions, room or online link, trainers, seats and dates. `uid`
    and `sequence` are its calendar identity: a change keeps the UID and raises the sequence."""

    __tablename__ = "training_classes"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity"),
        CheckConstraint("min_size >= 0 AND min_size <= capacity", name="min_size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("rooms.id", ondelete="SET NULL"), index=True
    )
    online_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    min_size: Mapped[int] = mapped_column(Integer, default=0)
    enrol_opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    enrol_closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # how long a freed seat is held for the first on the waitlist (0: promoted at once)
    offer_hours: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[ClassState] = enum_column(ClassState, default=ClassState.PLANNED)
    notes: Mapped[str] = mapped_column(Text, default="")
    uid: Mapped[str] = mapped_column(String(100), unique=True, default=_new_uid)
    sequence: Mapped[int] = mapped_column(Integer, default=0)

    course: Mapped[Course] = relationship()
    room: Mapped[Room | None] = relationship()
    trainers = relationship("User", secondary=class_trainers)
    sessions: Mapped[list[ClassSession]] = relationship(
        back_populates="training_class",
        cascade="all, delete-orphan",
        order_by="ClassSession.starts_at",
    )

    @property
    def label(self) -> str:
        """How the audit log and messages name the class: its course and number."""
        return f"{self.course.name} #{self.id}"


class ClassSession(db.Model):
    """One sitting of a class; times stored in UTC (shown and entered in the site's zone)."""

    __tablename__ = "class_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="order"),
        Index("ix_class_sessions_starts_at", "starts_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(
        ForeignKey("training_classes.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the code learners type (or scan) to check themselves in, once the trainer shows it
    check_in_code: Mapped[str | None] = mapped_column(String(16))

    training_class: Mapped[TrainingClass] = relationship(back_populates="sessions")


class Enrolment(TimestampMixin, db.Model):
    """One learner in one class (one row whatever happens to it: enrolled, waitlisted,
    withdrawn...). The waitlist is FIFO by `queued_at`, then id."""

    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("class_id", "user_id"),
        Index("ix_enrolments_class_id_state", "class_id", "state", "queued_at", "id"),
        Index("ix_enrolments_user_id_state", "user_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_classes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    state: Mapped[EnrolmentState] = enum_column(EnrolmentState, length=30)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    offered_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    pre_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    training_class: Mapped[TrainingClass] = relationship()
    user = relationship("User", foreign_keys=[user_id])


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    ABSENT = "absent"


ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class Attendance(db.Model):
    """Whether a learner came to one session, as the trainer marked it."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("enrolment_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("class_sessions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[AttendanceStatus] = enum_column(AttendanceStatus)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Apology(db.Model):
    """A learner's word in advance that they will miss a session (the trainer sees it when
    marking, and marks them excused unless they came after all)."""

    __tablename__ = "apologies"
    __table_args__ = (UniqueConstraint("enrolment_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("class_sessions.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Feedback(db.Model):
    """A learner's view of a class they attended: 1-5 and a comment (one per enrolment)."""

    __tablename__ = "class_feedback"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True
    )
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CalendarFeed(db.Model):
    """A person's iCalendar feed: its secret token is shown once and kept only as a hash; a
    revoked feed answers 404."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# Two sign-ups by one person at once: the second is given the first one's row.
may_race(
    "uq_enrolments_class_id_user_id",
    "uq_attendances_enrolment_id_session_id",
    "uq_apologies_enrolment_id_session_id",
    "uq_class_feedback_enrolment_id",
)

"""A development plan: owner, period, the career level aimed at, goals (a competency to bring to a
target level) with activities under them, and the approvals of each round of review.

"Approved" is never stored on its own: it is derived from the approvals of the plan's current
round (services.decide_plan), so a decision is always a row saying who, in which capacity, what
and when.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.db import TimestampMixin, VersionMixin, enum_column, may_race
from lms.extensions import db


class PlanState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


OPEN_STATES = (PlanState.DRAFT, PlanState.SUBMITTED, PlanState.APPROVED, PlanState.ACTIVE)
# Waiting for the approvers' decisions: the first round, or a revision. As literal SQL, so the
# queues' partial index (below) serves the queries that say the same.
WAITING_SQL = (
    "development_plans.state = 'submitted' OR development_plans.revision_state = 'submitted'"
)


class Capacity(enum.StrEnum):
    """Who a decision speaks for: the PM's director (of their department or one above) or HR."""

    DIRECTOR = "director"
    HR = "hr"


class RevisionState(enum.StrEnum):
    """Changes to the goals of an approved or active plan: drafted, then submitted for both
    approvals again (the approved revision stays in force meanwhile)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class NoteKind(enum.StrEnum):
    COMMENT = "comment"
    RECOMMENDATION = "recommendation"  # the PMO's, shown to both approvers
    MID_REVIEW = "mid_review"
    END_REVIEW = "end_review"


class Decision(enum.StrEnum):
    APPROVED = "approved"
    RETURNED = "returned"


class ActivityKind(enum.StrEnum):
    COURSE = "course"
    MENTORING = "mentoring"
    ASSIGNMENT = "assignment"
    READING = "reading"
    CLUB = "club"
    EXAM = "exam"
    OTHER = "other"


class ActivityStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class PlanStates:
    """What a plan's state means, for the model and for its page's plain read (queries.PlanView)."""

    state: PlanState
    revision_state: RevisionState | None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_in_force(self) -> bool:
        """Approved (and maybe started): a revision of it is what counts."""
        return self.state in (PlanState.APPROVED, PlanState.ACTIVE)

    @property
    def is_waiting(self) -> bool:
        """Waiting for the director's and HR's decisions (the first round or a revision)."""
        return self.state is PlanState.SUBMITTED or self.revision_state is RevisionState.SUBMITTED


class DevelopmentPlan(PlanStates, TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "development_plans"
    __table_args__ = (
        # One open plan per PM per period: two "new plan" clicks at once still make one.
        Index(
            "uq_development_plans_open_period",
            "owner_id",
            "period_start",
            "period_end",
            unique=True,
            sqlite_where=text("state IN ('draft', 'submitted', 'approved', 'active')"),
            postgresql_where=text("state IN ('draft', 'submitted', 'approved', 'active')"),
        ),
        # the approvers' queues: waiting plans, oldest request first
        Index(
            "ix_development_plans_waiting",
            "submitted_at",
            sqlite_where=text(WAITING_SQL),
            postgresql_where=text(WAITING_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    aim_level_id: Mapped[int | None] = mapped_column(
        ForeignKey("career_levels.id", ondelete="SET NULL")
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[PlanState] = enum_column(PlanState, default=PlanState.DRAFT)
    round: Mapped[int] = mapped_column(Integer, default=1)  # of review: a return opens the next
    revision_state: Mapped[RevisionState | None] = enum_column(RevisionState)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    owner = relationship("User", foreign_keys=[owner_id])
    goals: Mapped[list[PlanGoal]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanGoal.sort_order"
    )
    approvals: Mapped[list[PlanApproval]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanApproval.id"
    )

    revisions: Mapped[list[PlanRevision]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanRevision.number"
    )


class PlanGoal(db.Model):
    """Bring one competency to a target level by a date, measured as the plan says."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("development_plans.id", ondelete="CASCADE"), index=True
    )
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"))
    target_level: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date | None] = mapped_column(Date)
    success_measure: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[DevelopmentPlan] = relationship(back_populates="goals")
    activities: Mapped[list[PlanActivity]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="PlanActivity.id"
    )


class PlanActivity(db.Model):
    """What the PM does towards a goal. `link_kind` and `link_id` name the course, document or
    other record it refers to (filled in by the features that own them)."""

    __tablename__ = "plan_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ActivityKind] = enum_column(ActivityKind, default=ActivityKind.OTHER)
    title: Mapped[str] = mapped_column(String(200))
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActivityStatus] = enum_column(ActivityStatus, default=ActivityStatus.PLANNED)
    link_kind: Mapped[str | None] = mapped_column(String(40))
    link_id: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")

    goal: Mapped[PlanGoal] = relationship(back_populates="activities")
    mentor = relationship("User", foreign_keys=[mentor_id])


class PlanApproval(db.Model):
    """One decision on one round of a plan: who, in which capacity, approved or returned
    (with a reason), when. One per capacity per round."""

    __tablename__ = "plan_approvals"
    __table_args__ = (UniqueConstraint("plan_id", "round", "capacity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("development_plans.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[Capacity] = enum_column(Capacity)
    decision: Mapped[Decision] = enum_column(Decision)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # a deputy's decision names both: the deputy (approver) and whom they stood in for
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    plan: Mapped[DevelopmentPlan] = relationship(back_populates="approvals")
    approver = relationship("User", foreign_keys=[approver_id])
    on_behalf_of = relationship("User", foreign_keys=[on_behalf_of_id])


class PlanRevision(db.Model):
    """An approved revision of a plan, frozen: what was agreed (goals and activities, not their
    progress), read-only and printable. The newest is the one in force."""

    __tablename__ = "plan_revisions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("development_plans.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    round: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    approved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    plan: Mapped[DevelopmentPlan] = relationship(back_populates="revisions")


class PlanNote(db.Model):
    """The plan's conversation: comments, the PMO's recommendation, and the mid- and
    end-of-period review notes of the PM and the director."""

    __tablename__ = "plan_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("development_plans.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[NoteKind] = enum_column(NoteKind, default=NoteKind.COMMENT)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author = relationship("User", foreign_keys=[author_id])


class PlanDeputy(db.Model):
    """An approver's stand-in for a date range (holidays): the deputy decides in the
    principal's capacities, never on their own plan."""

    __tablename__ = "plan_deputies"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="range"),
        CheckConstraint("principal_id <> deputy_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    principal_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    deputy_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    principal = relationship("User", foreign_keys=[principal_id])
    deputy = relationship("User", foreign_keys=[deputy_id])


class PlanTemplate(VersionMixin, db.Model):
    """The PMO's template for a career level: how many of the PM's largest gaps become goals,
    the success measure each suggests, and the activities it suggests (per competency, or for
    any goal)."""

    __tablename__ = "plan_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    career_level_id: Mapped[int] = mapped_column(
        ForeignKey("career_levels.id", ondelete="CASCADE"), unique=True
    )
    summaries: Mapped[dict] = mapped_column(JSON, default=dict)
    measures: Mapped[dict] = mapped_column(JSON, default=dict)
    goal_count: Mapped[int] = mapped_column(Integer, default=3)

    activities: Mapped[list[PlanTemplateActivity]] = relationship(
        back_populates="template",
        cascade="all, delete-orphan",
        order_by="PlanTemplateActivity.sort_order",
    )


class PlanTemplateActivity(db.Model):
    __tablename__ = "plan_template_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("plan_templates.id", ondelete="CASCADE"), index=True
    )
    competency_id: Mapped[int | None] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE")
    )  # None: suggested for any goal
    kind: Mapped[ActivityKind] = enum_column(ActivityKind, default=ActivityKind.OTHER)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    template: Mapped[PlanTemplate] = relationship(back_populates="activities")


# Two approvers deciding in one capacity at once: the second is told to reload (the plan's row
# lock makes them take turns first; services.decide_plan). Two "new plan" clicks at once are
# settled by services.start_plan itself: the second gets the first one's plan.
may_race("uq_plan_approvals_plan_id_round_capacity", "uq_plan_revisions_plan_id_number")

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


class Capacity(enum.StrEnum):
    """Who a decision speaks for: the PM's director (of their department or one above) or HR."""

    DIRECTOR = "director"
    HR = "hr"


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


class DevelopmentPlan(TimestampMixin, VersionMixin, db.Model):
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

    owner = relationship("User", foreign_keys=[owner_id])
    goals: Mapped[list[PlanGoal]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanGoal.sort_order"
    )
    approvals: Mapped[list[PlanApproval]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanApproval.id"
    )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


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
    comment: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    plan: Mapped[DevelopmentPlan] = relationship(back_populates="approvals")
    approver = relationship("User", foreign_keys=[approver_id])


# Two approvers deciding in one capacity at once: the second is told to reload (the plan's row
# lock makes them take turns first; services.decide_plan). Two "new plan" clicks at once are
# settled by services.start_plan itself: the second gets the first one's plan.
may_race("uq_plan_approvals_plan_id_round_capacity")

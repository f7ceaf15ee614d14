"""Project records: projects with their PM, complexity and milestones; frozen baselines (the
plan, re-planned with a reason); periodic actuals (effort by role, cost, percent complete, the
PM's RAG); role day rates with effective dates; the PMO's locks on reported periods.

Projects sit below competencies and community: what a closed project means for a profile, a
lesson or a summary report is theirs to say (lms.signals, lms.projects.registry).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import TimestampMixin, VersionMixin, enum_column, may_race, utcnow
from ..extensions import db

DAYS = Numeric(10, 2)  # person-days
MONEY = Numeric(14, 2)


class ProjectStatus(enum.StrEnum):
    PROPOSED = "proposed"
    RUNNING = "running"
    ON_HOLD = "on_hold"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class PMRole(enum.StrEnum):
    """What the PM is to the project: who led it counts for experience (IPMA, GAPPS)."""

    LEAD = "lead"
    CO_LEAD = "co_lead"
    SUBPROJECT = "subproject"


class EffortRole(enum.StrEnum):
    """The roles effort is planned and recorded in (person-days), each with day rates."""

    PROJECT_MANAGER = "project_manager"
    ANALYST = "analyst"
    ARCHITECT = "architect"
    DEVELOPER = "developer"
    TESTER = "tester"
    OTHER = "other"


class PeriodKind(enum.StrEnum):
    WEEK = "week"
    MONTH = "month"


class Rag(enum.StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


# The seven CIFTER factors (GAPPS), each scored 1-4, in the table's order.
COMPLEXITY_FACTORS = (
    "stability",
    "disciplines",
    "implications",
    "financial_impact",
    "strategic_importance",
    "stakeholder_cohesion",
    "interfaces",
)


class Project(TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "projects"
    __table_args__ = tuple(
        CheckConstraint(f"{name} BETWEEN 1 AND 4", name=f"{name}_score")
        for name in COMPLEXITY_FACTORS
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    objectives: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    pm_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    pm_role: Mapped[PMRole] = enum_column(PMRole, default=PMRole.LEAD)
    sponsor: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[ProjectStatus] = enum_column(ProjectStatus, default=ProjectStatus.PROPOSED)
    period_kind: Mapped[PeriodKind] = enum_column(PeriodKind, default=PeriodKind.MONTH)
    team_size: Mapped[int] = mapped_column(Integer, default=1)
    is_key: Mapped[bool] = mapped_column(Boolean, default=False)
    stability: Mapped[int | None] = mapped_column(Integer)
    disciplines: Mapped[int | None] = mapped_column(Integer)
    implications: Mapped[int | None] = mapped_column(Integer)
    financial_impact: Mapped[int | None] = mapped_column(Integer)
    strategic_importance: Mapped[int | None] = mapped_column(Integer)
    stakeholder_cohesion: Mapped[int | None] = mapped_column(Integer)
    interfaces: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")  # the summary report, Markdown
    summary_html: Mapped[str] = mapped_column(Text, default="")  # sanitised
    lessons: Mapped[list] = mapped_column(JSON, default=list)  # asked for on closing

    department = relationship("Department")
    pm = relationship("User", foreign_keys=[pm_id])
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="(Milestone.due_on, Milestone.id)",
    )
    baselines: Mapped[list[Baseline]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Baseline.number"
    )

    @property
    def complexity_scores(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in COMPLEXITY_FACTORS}

    @property
    def complexity_total(self) -> int | None:
        """The CIFTER total (7-28), or None until every factor is scored."""
        scores = self.complexity_scores.values()
        return None if None in scores else sum(scores)


class Milestone(db.Model):
    __tablename__ = "project_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    project: Mapped[Project] = relationship(back_populates="milestones")


class Baseline(db.Model):
    """A plan as agreed, frozen once saved: a re-plan adds the next number with its reason, and
    reports compare the first (original), the latest (current) and the actuals."""

    __tablename__ = "project_baselines"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        CheckConstraint("end_on >= start_on", name="dates_in_order"),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text, default="")
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)
    budget: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    project: Mapped[Project] = relationship(back_populates="baselines")
    efforts: Mapped[list[BaselineEffort]] = relationship(
        cascade="all, delete-orphan", order_by="BaselineEffort.id"
    )
    created_by = relationship("User")

    @property
    def effort_days(self) -> Decimal:
        return sum((e.person_days for e in self.efforts), Decimal(0))


class BaselineEffort(db.Model):
    __tablename__ = "project_baseline_efforts"
    __table_args__ = (
        UniqueConstraint("baseline_id", "role"),
        CheckConstraint("person_days >= 0", name="days_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    baseline_id: Mapped[int] = mapped_column(
        ForeignKey("project_baselines.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[EffortRole] = enum_column(EffortRole, length=30)
    person_days: Mapped[Decimal] = mapped_column(DAYS)


class PeriodRecord(VersionMixin, db.Model):
    """A project's actuals for one week or month: what it took (effort by role, cost) and where
    it stands (percent complete, the PM's RAG and note)."""

    __tablename__ = "project_periods"
    __table_args__ = (
        UniqueConstraint("project_id", "period_start"),
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date] = mapped_column(Date)
    percent_complete: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0))
    pm_rag: Mapped[Rag | None] = enum_column(Rag)
    note: Mapped[str] = mapped_column(String(500), default="")
    cost_entered: Mapped[Decimal | None] = mapped_column(MONEY)
    cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))  # entered, or by rates
    effort_days: Mapped[Decimal] = mapped_column(DAYS, default=Decimal(0))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    efforts: Mapped[list[PeriodEffort]] = relationship(
        cascade="all, delete-orphan", order_by="PeriodEffort.id"
    )


class PeriodEffort(db.Model):
    __tablename__ = "project_period_efforts"
    __table_args__ = (
        UniqueConstraint("record_id", "role"),
        CheckConstraint("person_days >= 0", name="days_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("project_periods.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[EffortRole] = enum_column(EffortRole, length=30)
    person_days: Mapped[Decimal] = mapped_column(DAYS)


class RoleRate(db.Model):
    """What a person-day of a role costs from a date on (until the next rate of that role)."""

    __tablename__ = "project_role_rates"
    __table_args__ = (
        UniqueConstraint("role", "effective_from"),
        CheckConstraint("day_rate >= 0", name="rate_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[EffortRole] = enum_column(EffortRole, length=30)
    effective_from: Mapped[date] = mapped_column(Date)
    day_rate: Mapped[Decimal] = mapped_column(MONEY)


class PeriodLock(db.Model):
    """A reported month the PMO closed: no record of a period starting in it may change, by
    hand or by import (a week belongs to the month it starts in)."""

    __tablename__ = "project_period_locks"
    __table_args__ = (UniqueConstraint("month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)  # its first day
    next_month: Mapped[date] = mapped_column(Date)  # the first day after it
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    locked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    locked_by = relationship("User")


class BatchState(enum.StrEnum):
    CHECKED = "checked"  # read and validated, waiting to be imported
    APPLIED = "applied"
    ROLLED_BACK = "rolled_back"


class ImportBatch(db.Model):
    """One timesheet file: kept as uploaded with how it was read, so it can be checked, then
    imported, and what each period held before kept, so the import can be rolled back."""

    __tablename__ = "project_import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    mapping: Mapped[dict] = mapped_column(JSON)
    settings: Mapped[dict] = mapped_column(JSON)
    state: Mapped[BatchState] = enum_column(BatchState, default=BatchState.CHECKED)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    effort_days: Mapped[Decimal] = mapped_column(DAYS, default=Decimal(0))
    periods: Mapped[list] = mapped_column(JSON, default=list)  # what each period held before
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rolled_back_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    created_by = relationship("User")


class TimesheetMapping(db.Model):
    """The columns a timesheet layout was last read with, remembered by its header."""

    __tablename__ = "project_timesheet_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    header_key: Mapped[str] = mapped_column(String(64), unique=True)
    mapping: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class StaffingDecision(db.Model):
    """The PMO choosing a key project's PM: who decided, why, whom over whom, and the fit and
    load they saw when they did (the ranking changes; the decision's grounds do not)."""

    __tablename__ = "project_staffing_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    previous_pm_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    level: Mapped[str | None] = mapped_column(String(60))  # career level id number
    reason: Mapped[str] = mapped_column(Text)
    grounds: Mapped[dict] = mapped_column(JSON, default=dict)  # met, targets, short, goals, ...
    added_to_plan: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    person = relationship("User", foreign_keys=[person_id])
    previous_pm = relationship("User", foreign_keys=[previous_pm_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])


may_race(
    "uq_project_timesheet_mappings_header_key",
    "uq_projects_code",
    "uq_project_baselines_project_id_number",
    "uq_project_periods_project_id_period_start",
    "uq_project_role_rates_role_effective_from",
    "uq_project_period_locks_month",
)

"""The read side of projects: what each person may see (`projects_visible_to`), one project
for a page, and where projects stand (earned value at their latest record) in a constant
number of statements however many are listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from flask import abort, current_app
from sqlalchemy import Select, and_, bindparam, func, select, true
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.queries import department_tree
from ..clock import site_today
from ..db import contains_text, read
from ..extensions import db
from ..permissions import Role, has_any_role
from ..web.csvfile import read_header
from .evm import EarnedValue, earned_value
from .models import (
    Baseline,
    BaselineEffort,
    ImportBatch,
    Milestone,
    PeriodKind,
    PeriodLock,
    PeriodRecord,
    Project,
    ProjectStatus,
    Rag,
    RoleRate,
)
from .periods import last_complete_period, period_end
from .permissions import can_handle_import, can_view_project


def projects_visible_to(user) -> Select:
    """Projects the user may open: the PMO all, a director those of the departments they
    direct and below, a PM their own; nobody else any."""
    query = select(Project)
    if has_any_role(user, Role.PMO):
        return query
    visible = Project.pm_id == user.id
    if has_any_role(user, Role.DIRECTOR):
        directed = department_tree().directed_by(user.id)
        if directed:
            visible = visible | Project.department_id.in_(sorted(directed))
    return query.where(visible if has_any_role(user, Role.PM, Role.DIRECTOR) else ~true())


@dataclass(frozen=True)
class ProjectFilters:
    search: str = ""
    status: ProjectStatus | None = None
    department_id: int | None = None
    mine: bool = False


def project_list(user, filters: ProjectFilters) -> tuple[Select, Select]:
    """The projects the user may see that match `filters`, by code (their PM and department
    loaded), and a statement counting them straight off the projects table."""
    query = projects_visible_to(user)
    if filters.search:
        query = query.where(
            contains_text(Project.code, filters.search)
            | contains_text(Project.name, filters.search)
        )
    if filters.status is not None:
        query = query.where(Project.status == filters.status)
    if filters.department_id:
        subtree = department_tree().subtree([filters.department_id])
        query = query.where(Project.department_id.in_(sorted(subtree)))
    if filters.mine:
        query = query.where(Project.pm_id == user.id)
    count = query.with_only_columns(func.count(), maintain_column_froms=True)
    listed = query.options(selectinload(Project.pm), selectinload(Project.department))
    return listed.order_by(Project.code), count


def get_project_or_404(project_id: int, user) -> Project:
    """A project the user may open; 404 otherwise (its existence is not revealed)."""
    project = db.session.get(
        Project,
        project_id,
        options=[
            joinedload(Project.pm),  # every page of a project names its PM and department
            joinedload(Project.department),
            selectinload(Project.baselines).selectinload(Baseline.efforts),
        ],  # milestones load when a page shows them (one statement: the project page's)
    )
    if project is None or not can_view_project(user, project):
        abort(404)
    return project


def get_milestone_or_404(milestone_id: int, user) -> Milestone:
    milestone = db.session.get(Milestone, milestone_id)
    if milestone is None or not can_view_project(user, milestone.project):
        abort(404)
    return milestone


def get_lock_or_404(lock_id: int) -> PeriodLock:
    return db.session.get(PeriodLock, lock_id) or abort(404)


def batches_visible_to(user) -> Select:
    """Timesheet imports: a person's own; the PMO's, everyone's. Newest first."""
    query = select(ImportBatch).options(selectinload(ImportBatch.created_by))
    if not has_any_role(user, Role.PMO):
        query = query.where(ImportBatch.created_by_id == user.id)
    return query.order_by(ImportBatch.id.desc())


def get_batch_or_404(batch_id: int, user) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or not can_handle_import(user, batch):
        abort(404)
    return batch


def batch_header(batch: ImportBatch) -> list[str]:
    return read_header(batch.content)


def first_record_start(project: Project) -> date | None:
    """The start of the project's first recorded period (from the records' index)."""
    return db.session.scalar(
        select(func.min(PeriodRecord.period_start)).where(PeriodRecord.project_id == project.id)
    )


def records_of(
    project: Project, *, efforts: bool = True, since: date | None = None
) -> list[PeriodRecord]:
    """The project's records, oldest first (from `since` on); with their effort by role
    unless `efforts` is off (the project page shows each period's total only)."""
    query = select(PeriodRecord).where(PeriodRecord.project_id == project.id)
    if since is not None:
        query = query.where(PeriodRecord.period_start >= since)
    if efforts:
        query = query.options(selectinload(PeriodRecord.efforts))
    return list(db.session.scalars(query.order_by(PeriodRecord.period_start)))


def locked_months(first: date, last: date) -> set[date]:
    months = select(PeriodLock.month).where(PeriodLock.month.between(first, last))
    return set(db.session.scalars(months))


def locks() -> list[PeriodLock]:
    return list(
        db.session.scalars(
            select(PeriodLock)
            .options(selectinload(PeriodLock.locked_by))
            .order_by(PeriodLock.month.desc())
        )
    )


def day_rates() -> list[RoleRate]:
    return list(
        db.session.scalars(select(RoleRate).order_by(RoleRate.role, RoleRate.effective_from))
    )


def thresholds() -> tuple[float, float]:
    return current_app.config["PROJECT_RAG_GREEN"], current_app.config["PROJECT_RAG_AMBER"]


@dataclass(frozen=True)
class Standing:
    """Where a project stands at its latest record: earned value in money and in
    person-days (None without a baseline), the PM's RAG beside the computed one."""

    money: EarnedValue | None
    days: EarnedValue | None
    as_of: date | None
    percent_complete: float
    pm_rag: Rag | None
    rag: Rag | None
    not_updated: bool


def standings(projects: list[Project], today: date | None = None) -> dict[int, Standing]:
    """Standings of these projects, in three statements whatever their number."""
    ids = [p.id for p in projects]
    if not ids:
        return {}
    plans = {row.project_id: row for row in read(_current_baselines(), {"ids": ids})}
    totals = {row.project_id: row for row in read(_record_totals(), {"ids": ids})}
    today = today or site_today()
    return {p.id: _standing(p, plans.get(p.id), totals.get(p.id), today) for p in projects}


@cache
def _current_baselines() -> Select:
    """Built once with an expanding bind parameter (ids): building the statement and its cache
    key cost more than running it."""
    latest = (
        select(Baseline.project_id, func.max(Baseline.number).label("number"))
        .where(Baseline.project_id.in_(bindparam("ids", expanding=True)))
        .group_by(Baseline.project_id)
        .subquery()
    )
    effort = (
        select(func.coalesce(func.sum(BaselineEffort.person_days), 0))
        .where(BaselineEffort.baseline_id == Baseline.id)
        .scalar_subquery()
    )
    return select(
        Baseline.project_id, Baseline.start_on, Baseline.end_on, Baseline.budget,
        effort.label("effort_days"),
    ).join(
        latest, and_(latest.c.project_id == Baseline.project_id, latest.c.number == Baseline.number)
    )  # fmt: skip


@cache
def _record_totals() -> Select:
    """Each project's cost and effort to date and its latest record: sums grouped by project
    (from the records' own index), joined to the latest record for its percent and RAG."""
    totals = (
        select(
            PeriodRecord.project_id,
            func.max(PeriodRecord.period_start).label("period_start"),
            func.sum(PeriodRecord.cost).label("cost"),
            func.sum(PeriodRecord.effort_days).label("effort_days"),
        )
        .where(PeriodRecord.project_id.in_(bindparam("ids", expanding=True)))
        .group_by(PeriodRecord.project_id)
        .subquery()
    )
    return select(
        totals.c.project_id, totals.c.period_start, PeriodRecord.percent_complete,
        PeriodRecord.pm_rag, totals.c.cost, totals.c.effort_days,
    ).join(
        PeriodRecord,
        and_(
            PeriodRecord.project_id == totals.c.project_id,
            PeriodRecord.period_start == totals.c.period_start,
        ),
    )  # fmt: skip


def _standing(project: Project, plan, totals, today: date) -> Standing:
    kind = PeriodKind(project.period_kind)
    as_of = period_end(totals.period_start, kind) if totals else None
    percent = float(totals.percent_complete) if totals else 0.0
    money = days = None
    if plan is not None:  # nothing recorded yet: nothing measured, every index n/a
        at = as_of or plan.start_on - timedelta(days=1)
        money = earned_value(
            bac=float(plan.budget), start=plan.start_on, end=plan.end_on, as_of=at,
            percent_complete=percent, actual=float(totals.cost) if totals else 0.0,
        )  # fmt: skip
        days = earned_value(
            bac=float(plan.effort_days), start=plan.start_on, end=plan.end_on, as_of=at,
            percent_complete=percent, actual=float(totals.effort_days) if totals else 0.0,
        )  # fmt: skip
    due = last_complete_period(today, kind)
    expected = plan is not None and plan.start_on <= period_end(due, kind)
    not_updated = (
        project.status == ProjectStatus.RUNNING
        and expected
        and (totals is None or totals.period_start < due)
    )
    basis = money if money is not None and money.bac else days
    rag = basis.rag(thresholds()) if basis is not None and totals else None
    pm_rag = Rag(totals.pm_rag) if totals and totals.pm_rag else None
    return Standing(money, days, as_of, percent, pm_rag, rag, not_updated)

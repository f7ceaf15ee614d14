"""Actuals: a project's periodic records (by hand in the grid, or by an import), the PMO's
locks on reported months, and the role day rates that price recorded effort.

One rule prices effort everywhere (`_price`, a single UPDATE): a record's cost is what was
entered, or else each role's person-days at the role's rate in force on the period's first
day (0 while a role has no rate). A locked month's records never change, not even by a rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, exists, func, select, update

from ..audit.services import record, register_action
from ..clock import site_today
from ..db import check_version, serialize_on
from ..errors import ConflictError, ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import ensure
from .models import (
    EffortRole,
    PeriodEffort,
    PeriodKind,
    PeriodLock,
    PeriodRecord,
    Project,
    Rag,
    RoleRate,
)
from .periods import next_period, period_start
from .permissions import can_keep_day_rates, can_lock_periods, can_run_project

register_action("projects.actuals_recorded", N_("Project actuals recorded"))
register_action("projects.month_locked", N_("Reported month locked"))
register_action("projects.month_unlocked", N_("Reported month unlocked"))
register_action("projects.rate_set", N_("Day rate set"))

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PeriodEntry:
    """One period's actuals as entered. `version`: of the record the form showed (0 for a
    period shown empty); None replaces whatever is there (an import)."""

    period_start: date
    efforts: dict[EffortRole, Decimal] = field(default_factory=dict)
    percent_complete: Decimal = Decimal(0)
    pm_rag: Rag | None = None
    note: str = ""
    cost_entered: Decimal | None = None
    version: int | None = None


def record_periods(project: Project, *, actor, entries: list[PeriodEntry]) -> list[PeriodRecord]:
    """Save a project's actuals for these periods, each replacing what the period held (so
    re-entering a period never doubles it). Raises ServiceError naming the period when it
    has not started yet, is not a period's first day or lies in a locked month, and
    ConflictError when someone saved it since the form was shown."""
    ensure(can_run_project(actor, project))
    saved = [_record(project, entry, actor) for entry in entries]
    db.session.flush()
    _price(PeriodRecord.id.in_([r.id for r in saved]))
    if saved:
        record(actor, "projects.actuals_recorded", project, label=project.code)
    return saved


def _record(project: Project, entry: PeriodEntry, actor) -> PeriodRecord:
    start = entry.period_start
    _check_period(project.period_kind, start)
    found = db.session.scalar(
        select(PeriodRecord).where(
            PeriodRecord.project_id == project.id, PeriodRecord.period_start == start
        )
    )
    if found is not None and entry.version is not None:
        check_version(found, entry.version)
    elif found is None and entry.version:  # shown with figures, gone since (rolled back)
        raise ConflictError(_("Someone else changed this in the meantime. Reload and try again."))
    found = found or PeriodRecord(project_id=project.id, period_start=start)
    db.session.add(found)
    found.percent_complete, found.pm_rag = entry.percent_complete, entry.pm_rag
    found.note, found.cost_entered = entry.note.strip(), entry.cost_entered
    found.updated_by_id = actor.id
    _set_efforts(found, {role: days for role, days in entry.efforts.items() if days})
    return found


def _set_efforts(found: PeriodRecord, wanted: dict[EffortRole, Decimal]) -> None:
    """Change the rows in place (a role's row is unique per record: replacing the list would
    insert the new row before deleting the old one). Days are kept to the hundredth, half up,
    here rather than by the database (SQLite and PostgreSQL round a third decimal apart)."""
    wanted = {role: days.quantize(CENT, ROUND_HALF_UP) for role, days in wanted.items()}
    held = {EffortRole(e.role): e for e in found.efforts}
    for role, effort in held.items():
        if role in wanted:
            effort.person_days = wanted[role]
        else:
            found.efforts.remove(effort)
    found.efforts.extend(
        PeriodEffort(role=r, person_days=d) for r, d in wanted.items() if r not in held
    )
    found.effort_days = sum(wanted.values(), Decimal(0))


def restore_period(found: PeriodRecord, before: dict | None, *, actor) -> None:
    """Put a record back as a snapshot had it (lms.projects.importers.snapshot), or remove it
    when there was none: rolling an import back. The caller checked the record is unchanged."""
    ensure(can_run_project(actor, db.session.get(Project, found.project_id)))
    if before is None:
        db.session.delete(found)
        db.session.flush()
        return
    found.percent_complete = Decimal(before["percent_complete"])
    found.pm_rag = Rag(before["pm_rag"]) if before["pm_rag"] else None
    found.note, found.updated_by_id = before["note"], actor.id
    entered = before["cost_entered"]
    found.cost_entered = None if entered is None else Decimal(entered)
    _set_efforts(found, {EffortRole(r): Decimal(d) for r, d in before["efforts"].items()})
    db.session.flush()
    _price(PeriodRecord.id == found.id)


def _check_period(kind: PeriodKind, start: date) -> None:
    label = start.isoformat()
    if period_start(start, kind) != start:
        raise ServiceError(_("%(period)s is not the first day of a period.", period=label))
    if start > site_today():
        raise ServiceError(_("%(period)s has not started yet.", period=label))
    if month_locked(start):
        raise ServiceError(_("%(period)s is in a locked month.", period=label))


def month_locked(day: date) -> bool:
    """Whether the month holding `day` is locked. Waits for a lock being taken meanwhile
    (PostgreSQL), so an edit never lands in a month locked while it was made."""
    month = day.replace(day=1)
    serialize_on(db.session, f"projects.month:{month.isoformat()}")
    return db.session.scalar(select(PeriodLock.id).where(PeriodLock.month == month)) is not None


def lock_month(month: date, *, actor) -> PeriodLock:
    """Close a reported month: from now on no record of a period starting in it changes.
    Locking a locked month changes nothing."""
    ensure(can_lock_periods(actor))
    month = month.replace(day=1)
    serialize_on(db.session, f"projects.month:{month.isoformat()}")
    found = db.session.scalar(select(PeriodLock).where(PeriodLock.month == month))
    if found is not None:
        return found
    lock = PeriodLock(
        month=month, next_month=next_period(month, PeriodKind.MONTH), locked_by_id=actor.id
    )
    db.session.add(lock)
    db.session.flush()
    record(actor, "projects.month_locked", lock, label=month.strftime("%Y-%m"))
    return lock


def unlock_month(lock: PeriodLock, *, actor) -> None:
    """Open a locked month again (a correction the PMO agreed to)."""
    ensure(can_lock_periods(actor))
    record(actor, "projects.month_unlocked", lock, label=lock.month.strftime("%Y-%m"))
    db.session.delete(lock)
    db.session.flush()


def set_day_rate(role: EffortRole, *, actor, effective_from: date, day_rate: Decimal) -> RoleRate:
    """What a person-day of `role` costs from `effective_from` on. Records of unlocked months
    from that day on whose cost was not entered are priced again."""
    ensure(can_keep_day_rates(actor))
    if day_rate < 0:
        raise ServiceError(_("A rate cannot be negative."), field="day_rate")
    rate = db.session.scalar(
        select(RoleRate).where(RoleRate.role == role, RoleRate.effective_from == effective_from)
    ) or RoleRate(role=role, effective_from=effective_from)
    rate.day_rate = day_rate
    db.session.add(rate)
    db.session.flush()
    _price(PeriodRecord.period_start >= effective_from)
    record(actor, "projects.rate_set", rate, label=f"{role} {effective_from.isoformat()}")
    return rate


def _price(which) -> None:
    """Price the records `which` selects (the module docstring's rule), in one statement."""
    rate = (
        select(RoleRate.day_rate)
        .where(
            RoleRate.role == PeriodEffort.role,
            RoleRate.effective_from <= PeriodRecord.period_start,
        )
        .order_by(RoleRate.effective_from.desc())
        .limit(1)
        .scalar_subquery()
    )
    priced = (
        select(func.coalesce(func.sum(PeriodEffort.person_days * func.coalesce(rate, 0)), 0))
        .where(PeriodEffort.record_id == PeriodRecord.id)
        .scalar_subquery()
    )
    locked = exists().where(
        and_(
            PeriodLock.month <= PeriodRecord.period_start,
            PeriodLock.next_month > PeriodRecord.period_start,
        )
    )
    db.session.execute(
        update(PeriodRecord)
        .where(which, ~locked)
        .values(cost=func.coalesce(PeriodRecord.cost_entered, priced))
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()

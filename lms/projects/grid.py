"""The actuals grid: a row per period from the plan's start to the current period (the last
six unless all are asked for), locked months shown read-only; what was changed in it
becomes the service's PeriodEntry list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .actuals import PeriodEntry
from .forms import ActualsForm, PeriodRowForm
from .models import EffortRole, PeriodKind, PeriodRecord, Project, Rag
from .periods import period_end, periods_between

SHOWN = 6  # half a year of months, six weeks: the periods a PM fills in (the rest on asking)


@dataclass(frozen=True)
class GridRow:
    start: date
    end: date
    record: PeriodRecord | None
    form: PeriodRowForm | None  # None: the month is locked


def grid_periods(project: Project, first_record: date | None, today: date, *, every: bool):
    """The periods the grid shows, oldest first, and whether earlier ones were left out: from
    the earliest baseline's start or the first record, whichever came first."""
    kind = PeriodKind(project.period_kind)
    starts = [b.start_on for b in project.baselines] + [first_record] * (first_record is not None)
    periods = periods_between(min(starts, default=today), today, kind)
    return (periods, False) if every or len(periods) <= SHOWN else (periods[-SHOWN:], True)


def fill(form: ActualsForm, periods: list[date], records: dict, locked: set[date]) -> None:
    """The grid as shown before anything is posted: a row per unlocked period."""
    for start in periods:
        if start.replace(day=1) in locked:
            continue
        row = form.rows.append_entry()
        found = records.get(start)
        row.period_start.data, row.version.data = start.isoformat(), found.version if found else 0
        if found is not None:
            row.percent_complete.data, row.cost_entered.data = (
                found.percent_complete,
                found.cost_entered,
            )
            row.pm_rag.data, row.note.data = found.pm_rag or "", found.note
            days = {e.role: e.person_days for e in found.efforts}
            for role in EffortRole:
                row[f"days_{role}"].data = days.get(role)


def rows(form, project: Project, periods: list[date], records: dict) -> list[GridRow]:
    kind = PeriodKind(project.period_kind)
    forms = {entry.form.period_start.data: entry.form for entry in form.rows}
    return [
        GridRow(start, period_end(start, kind), records.get(start), forms.get(start.isoformat()))
        for start in periods
    ]


def entries(form: ActualsForm, records: dict) -> list[PeriodEntry]:
    """A PeriodEntry for each row that differs from what its period holds."""
    found = []
    for entry in form.rows:
        row = entry.form
        try:
            start = date.fromisoformat(row.period_start.data or "")
        except ValueError:
            continue
        wanted = _entry(row, start)
        if _changed(wanted, records.get(start)):
            found.append(wanted)
    return found


def _entry(row: PeriodRowForm, start: date) -> PeriodEntry:
    efforts = {role: row[f"days_{role}"].data for role in EffortRole}
    return PeriodEntry(
        period_start=start,
        efforts={role: days for role, days in efforts.items() if days},
        percent_complete=row.percent_complete.data or Decimal(0),
        pm_rag=Rag(row.pm_rag.data) if row.pm_rag.data else None,
        note=row.note.data or "",
        cost_entered=row.cost_entered.data,
        version=int(row.version.data) if (row.version.data or "").isdigit() else 0,
    )


def _changed(entry: PeriodEntry, record: PeriodRecord | None) -> bool:
    if record is None:
        return bool(entry.efforts or entry.percent_complete or entry.pm_rag or entry.note) or (
            entry.cost_entered is not None
        )
    held = {e.role: e.person_days for e in record.efforts}
    return (
        held != entry.efforts
        or record.percent_complete != entry.percent_complete
        or (record.pm_rag or None) != entry.pm_rag
        or record.note != entry.note.strip()
        or record.cost_entered != entry.cost_entered
    )

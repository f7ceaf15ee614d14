"""Timesheet imports: check a file (every row validated, nothing written but the file kept for
the import), import it (each period's effort replaced by the file's, never added to, so a
period imported twice counts once) and roll an import back (each period as it was before).

A file with any problem imports nothing: the check names each row, and the import checks again
(a month may have been locked meanwhile). Rolling back refuses a period changed since the
import, rather than undo someone's later edit.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, or_, select

from ..accounts.models import User
from ..audit.services import record, register_action
from ..clock import site_today, utcnow
from ..errors import ImportRefused, ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import ensure
from ..web.csvfile import CsvProblem, read_header
from .actuals import PeriodEntry, month_locked, record_periods, restore_period
from .models import (
    BatchState,
    EffortRole,
    ImportBatch,
    PeriodKind,
    PeriodRecord,
    Project,
    TimesheetMapping,
)
from .periods import period_start
from .permissions import can_handle_import, can_import_timesheets, can_run_project
from .queries import locked_months
from .timesheets import (
    REQUIRED,
    Settings,
    Timesheet,
    TimesheetRow,
    as_utf8,
    guess_mapping,
    read_timesheet,
)

register_action("projects.timesheet_imported", N_("Timesheet imported"))
register_action("projects.timesheet_rolled_back", N_("Timesheet import rolled back"))


@dataclass(frozen=True)
class RowCheck:
    row: TimesheetRow
    project: Project | None
    period: date | None


@dataclass
class Check:
    """What a file would do: every row with its project and period, the problems by row, and
    per project and period the effort it holds now against what the file brings."""

    sheet: Timesheet
    rows: list[RowCheck] = field(default_factory=list)
    problems: list[CsvProblem] = field(default_factory=list)
    totals: dict[tuple[int, date], dict[EffortRole, Decimal]] = field(default_factory=dict)
    held: dict[tuple[int, date], Decimal] = field(default_factory=dict)

    @property
    def projects(self) -> dict[int, Project]:
        return {r.project.id: r.project for r in self.rows if r.project is not None}

    @property
    def row_numbers(self) -> set[int]:
        return {r.row.row for r in self.rows}

    @property
    def by_row(self) -> dict[int, list[CsvProblem]]:
        found: dict[int, list[CsvProblem]] = defaultdict(list)
        for problem in self.problems:
            found[problem.row].append(problem)
        return found


def header_key(header: list[str]) -> str:
    return hashlib.sha256("\x1f".join(header).encode()).hexdigest()


def remembered_mapping(header: list[str]) -> dict[str, str] | None:
    found = db.session.scalar(
        select(TimesheetMapping.mapping).where(TimesheetMapping.header_key == header_key(header))
    )
    return dict(found) if found else None


def upload_timesheet(
    raw: bytes, *, actor, filename: str, settings: Settings, mapping: dict | None = None
) -> ImportBatch:
    """Keep an uploaded timesheet to be checked and imported: read with `mapping`, or the
    mapping remembered for its header, or the columns its names suggest. Raises ServiceError
    for a file that is too large, not text or empty."""
    ensure(can_import_timesheets(actor))
    if len(raw) > current_app.config["IMPORT_MAX_BYTES"]:
        raise ServiceError(_("The file is larger than the import limit."), field="file")
    raw = as_utf8(raw)  # kept as UTF-8, whatever the tool wrote
    header = read_header(raw)
    mapping = mapping or remembered_mapping(header) or guess_mapping(header)
    batch = ImportBatch(
        filename=filename[:255] or "timesheet.csv", content=raw, mapping=mapping,
        settings=vars(settings), created_by_id=actor.id,
    )  # fmt: skip
    db.session.add(batch)
    _read_with(batch, header, mapping, settings)
    return batch


def remap_timesheet(
    batch: ImportBatch, *, actor, mapping: dict[str, str], settings: Settings
) -> ImportBatch:
    """Read a file waiting to be imported with other columns or settings."""
    ensure(can_handle_import(actor, batch))
    if batch.state != BatchState.CHECKED:
        raise ServiceError(_("This file was imported already."))
    _read_with(batch, read_header(batch.content), mapping, settings)
    return batch


def _read_with(batch: ImportBatch, header: list[str], mapping: dict, settings: Settings) -> None:
    batch.mapping, batch.settings = mapping, vars(settings)
    if all(mapping.get(name) in header for name in REQUIRED):
        _remember(header, mapping)
    db.session.flush()


def check_batch(batch: ImportBatch, actor) -> Check:
    """What importing the file would do now (a dry run: nothing is written)."""
    return _check(batch.content, actor, batch.mapping, Settings(**batch.settings))


def _remember(header: list[str], mapping: dict[str, str]) -> None:
    key = header_key(header)
    found = db.session.scalar(select(TimesheetMapping).where(TimesheetMapping.header_key == key))
    if found is None:
        db.session.add(TimesheetMapping(header_key=key, mapping=mapping))
    else:
        found.mapping = mapping


def _check(raw: bytes, actor, mapping: dict, settings: Settings) -> Check:
    check = Check(read_timesheet(raw, mapping, settings))
    check.problems = list(check.sheet.problems)
    rows = check.sheet.rows
    projects = _projects({r.project_key for r in rows})
    people = _people({r.person for r in rows if r.person})
    locked = _locked(rows)
    for row in rows:
        check.rows.append(_row_check(row, projects, people, locked, actor, mapping, check))
    if not check.problems:
        _totals(check)
    return check


def _row_check(row, projects, people, locked, actor, mapping, check) -> RowCheck:
    def problem(column: str, message: str) -> None:
        check.problems.append(CsvProblem(row.row, mapping.get(column, ""), message))

    project = projects.get(row.project_key.casefold())
    period = period_start(row.day, PeriodKind(project.period_kind)) if project else None
    if project is None:
        problem("project", _("No project has the code “%(code)s”.", code=row.project_key))
    elif not can_run_project(actor, project):
        problem("project", _("You cannot record actuals of %(code)s.", code=project.code))
    elif period > site_today():
        problem("day", _("%(day)s has not come yet.", day=row.day.isoformat()))
    elif period.replace(day=1) in locked:
        problem("day", _("%(day)s is in a locked month.", day=row.day.isoformat()))
    if "person" in mapping and row.person.casefold() not in people:
        problem("person", _("Nobody has the e-mail or name “%(who)s”.", who=row.person))
    return RowCheck(row, project, period)


def _projects(keys: set[str]) -> dict[str, Project]:
    """Projects by code, case aside (a tool may have written the name instead)."""
    folded = sorted({k.casefold() for k in keys})
    if not folded:
        return {}
    found = db.session.scalars(
        select(Project).where(
            or_(func.lower(Project.code).in_(folded), func.lower(Project.name).in_(folded))
        )
    )
    found = list(found)
    by_key = {project.name.casefold(): project for project in found}
    by_key.update({project.code.casefold(): project for project in found})  # a code wins
    return by_key


def _people(keys: set[str]) -> set[str]:
    """The e-mails and names (folded) of the people the file names."""
    folded = sorted({k.casefold() for k in keys})
    if not folded:
        return set()
    rows = db.session.execute(
        select(User.email, User.name).where(
            or_(func.lower(User.email).in_(folded), func.lower(User.name).in_(folded))
        )
    )
    return {value.casefold() for row in rows for value in row} & set(folded)


def _locked(rows: list[TimesheetRow]) -> set[date]:
    if not rows:
        return set()
    days = [r.day for r in rows]
    return locked_months(min(days).replace(day=1), max(days))


def _totals(check: Check) -> None:
    for item in check.rows:
        key = (item.project.id, item.period)
        days = check.totals.setdefault(key, {})
        days[item.row.role] = days.get(item.row.role, Decimal(0)) + item.row.days
    if check.totals:
        ids = sorted({project_id for project_id, _period in check.totals})
        held = db.session.execute(
            select(
                PeriodRecord.project_id, PeriodRecord.period_start, PeriodRecord.effort_days
            ).where(PeriodRecord.project_id.in_(ids))
        )
        check.held = {(p, s): d for p, s, d in held if (p, s) in check.totals}


def import_batch(batch: ImportBatch, *, actor) -> ImportBatch:
    """Import a checked file: each period it names gets the file's effort by role in place of
    what it held (percent complete, RAG and note stay). Raises ImportRefused when a row no
    longer passes (nothing is imported) and ServiceError when it was imported already."""
    ensure(can_import_timesheets(actor))
    db.session.refresh(batch, with_for_update=True)  # one import of a file, however many click
    if batch.state != BatchState.CHECKED:
        raise ServiceError(_("This file was imported already."))
    check = _check(batch.content, actor, batch.mapping, Settings(**batch.settings))
    if check.problems:
        raise ImportRefused(_("Nothing was imported."), check.problems)
    batch.periods = [_import_period(key, days, actor) for key, days in sorted(check.totals.items())]
    batch.rows, batch.effort_days = (
        len(check.rows),
        sum((sum(days.values(), Decimal(0)) for days in check.totals.values()), Decimal(0)),
    )
    batch.state, batch.applied_at = BatchState.APPLIED, utcnow()
    db.session.flush()
    record(actor, "projects.timesheet_imported", batch, label=batch.filename)
    return batch


def _import_period(key: tuple[int, date], days: dict, actor) -> dict:
    project_id, start = key
    project = db.session.get(Project, project_id)
    held = db.session.scalar(
        select(PeriodRecord).where(
            PeriodRecord.project_id == project_id, PeriodRecord.period_start == start
        )
    )
    before = None if held is None else snapshot(held)
    entry = PeriodEntry(
        period_start=start,
        efforts=days,
        percent_complete=held.percent_complete if held else Decimal(0),
        pm_rag=held.pm_rag if held else None,
        note=held.note if held else "",
        cost_entered=held.cost_entered if held else None,
    )
    saved = record_periods(project, actor=actor, entries=[entry])[0]
    return {"record_id": saved.id, "version_after": saved.version, "before": before}


def snapshot(found: PeriodRecord) -> dict:
    return {
        "efforts": {str(e.role): str(e.person_days) for e in found.efforts},
        "percent_complete": str(found.percent_complete),
        "pm_rag": found.pm_rag and str(found.pm_rag),
        "note": found.note,
        "cost_entered": None if found.cost_entered is None else str(found.cost_entered),
    }


def roll_back_import(batch: ImportBatch, *, actor) -> ImportBatch:
    """Put every period the import changed back as it was before it. Raises ServiceError when
    the import is not in force, or a period was changed since or lies in a locked month."""
    ensure(can_handle_import(actor, batch))
    db.session.refresh(batch, with_for_update=True)
    if batch.state != BatchState.APPLIED:
        raise ServiceError(_("Only an import in force can be rolled back."))
    found = [(db.session.get(PeriodRecord, p["record_id"]), p) for p in batch.periods]
    changed = [
        r.period_start.isoformat() if r else "?"
        for r, p in found
        if r is None or r.version != p["version_after"] or month_locked(r.period_start)
    ]
    if changed:
        raise ServiceError(
            _("Changed since the import or locked: %(periods)s.", periods=", ".join(changed))
        )
    for held, item in found:
        restore_period(held, item["before"], actor=actor)
    batch.state, batch.rolled_back_at = BatchState.ROLLED_BACK, utcnow()
    db.session.flush()
    record(actor, "projects.timesheet_rolled_back", batch, label=batch.filename)
    return batch

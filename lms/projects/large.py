"""The project records of the benchmark's large organisation (lms.large.seed_large): at scale 1,
20,000 projects led by its PMs in their departments, half reported weekly over 80 weeks and
half monthly over 20 months, so 1,000,000 periodic records with effort in two roles each
(deterministic). Every project has an original baseline and one in five a re-plan. The first
project is BENCH_PROJECT, run by the bench PM: 24 months recorded, re-planned once."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, insert, select

from ..accounts.models import User
from ..extensions import db
from ..large import LargeOrg, sync_sequences
from ..permissions import Role
from .models import (
    COMPLEXITY_FACTORS,
    Baseline,
    BaselineEffort,
    EffortRole,
    ImportBatch,
    PeriodEffort,
    PeriodKind,
    PeriodRecord,
    Project,
    ProjectStatus,
    RoleRate,
)
from .periods import next_period, period_start

BENCH_PROJECT = "BENCH-0001"
BENCH_TIMESHEET_ROWS = 200
PROJECTS = 20_000
WEEKS, MONTHS = 80, 20
CHUNK = 20_000  # records per INSERT batch
RATES = {EffortRole.PROJECT_MANAGER: 900, EffortRole.DEVELOPER: 600, EffortRole.TESTER: 450}


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def seed_large_projects(org: LargeOrg) -> None:
    rng, now = org.rng, org.now
    factor = len(org.raters) / 10_000  # the people count tells the scale
    total = max(10, round(PROJECTS * factor))
    departments = dict(db.session.execute(select(User.id, User.department_id)).all())
    somewhere = db.session.scalar(select(func.min(User.department_id)))
    bench_pm = org.bench_ids[Role.PM]
    pms = [bench_pm] + [pm for pm in org.pm_ids if pm != bench_pm]
    first = _next_id(Project)
    today = now.date()
    db.session.execute(
        insert(RoleRate),
        [{"role": r, "effective_from": date(2020, 1, 1), "day_rate": v} for r, v in RATES.items()],
    )
    projects, baselines, efforts, plans = [], [], [], []
    for n in range(total):
        pm = pms[n % len(pms)]
        kind = PeriodKind.WEEK if n % 2 else PeriodKind.MONTH
        periods = 24 if n == 0 else WEEKS if kind == PeriodKind.WEEK else MONTHS
        start = _start(today, kind, periods, rng)
        project = _project(first + n, pm, departments.get(pm) or somewhere, kind, rng, now)
        if n == 0:
            project.update(
                code=BENCH_PROJECT,
                name="Bench project: the data centre move",
                status=ProjectStatus.RUNNING,
                is_key=True,  # the staffing page ranks every PM for it
                **dict.fromkeys(COMPLEXITY_FACTORS, 3),
            )
        projects.append(project)
        plans.append((first + n, kind, start, periods))
        for number in (1, 2) if n % 5 == 0 else (1,):
            baselines.append(_baseline(first + n, number, start, kind, periods, now))
    db.session.execute(insert(Project), projects)
    base_id = _next_id(Baseline)
    for offset, row in enumerate(baselines):
        row["id"] = base_id + offset
        efforts += [
            {"baseline_id": row["id"], "role": role, "person_days": days}
            for role, days in ((EffortRole.DEVELOPER, 400), (EffortRole.TESTER, 100))
        ]
    db.session.execute(insert(Baseline), baselines)
    db.session.execute(insert(BaselineEffort), efforts)
    _seed_records(plans, rng, now)
    _seed_timesheet(bench_pm, today, now)
    sync_sequences(
        ImportBatch, Project, Baseline, BaselineEffort, PeriodRecord, PeriodEffort, RoleRate
    )


def _seed_timesheet(bench_pm: int, today: date, now) -> None:
    """A timesheet of BENCH_TIMESHEET_ROWS rows for BENCH_PROJECT's current month, checked and
    waiting to be imported by the bench PM."""
    day = period_start(today, PeriodKind.MONTH)
    lines = ["Project,Date,Email,Role,Hours"] + [
        f"{BENCH_PROJECT},{day.isoformat()},bench-pm@large.test,Development,{1 + n % 8}"
        for n in range(BENCH_TIMESHEET_ROWS)
    ]
    db.session.add(
        ImportBatch(
            filename="bench-timesheet.csv",
            content=("\r\n".join(lines) + "\r\n").encode(),
            mapping={"project": "Project", "day": "Date", "person": "Email",
                     "activity": "Role", "effort": "Hours"},
            settings={"in_hours": True, "hours_per_day": 8.0, "day_first": True},
            created_by_id=bench_pm,
            created_at=now,
        )
    )  # fmt: skip
    db.session.flush()


def _start(today: date, kind: PeriodKind, periods: int, rng) -> date:
    """A start such that the project's periods end before today, some a while ago."""
    days = (7 * periods if kind == PeriodKind.WEEK else 31 * periods) + rng.randrange(0, 700)
    return period_start(today - timedelta(days=days), kind)


def _project(id_: int, pm: int, department, kind, rng, now) -> dict:
    status = rng.choice([ProjectStatus.RUNNING] * 3 + [ProjectStatus.CLOSED, ProjectStatus.ON_HOLD])
    return {
        "id": id_, "code": f"L-{id_:06d}", "name": f"Large project {id_}", "objectives": "",
        "department_id": department, "pm_id": pm, "pm_role": "lead", "sponsor": "",
        "status": status, "period_kind": kind, "team_size": rng.randrange(3, 30),
        "is_key": rng.random() < 0.05, "version": 1, "created_at": now, "updated_at": now,
        **{factor: rng.randrange(1, 5) for factor in COMPLEXITY_FACTORS},
    }  # fmt: skip


def _baseline(project_id: int, number: int, start: date, kind, periods: int, now) -> dict:
    length = (7 if kind == PeriodKind.WEEK else 30) * periods * (1 + (number - 1) / 5)
    return {
        "project_id": project_id, "number": number, "name": f"Baseline {number}",
        "reason": "Scope added" if number > 1 else "", "start_on": start,
        "end_on": start + timedelta(days=int(length * 0.9)),
        "budget": 300_000 * number, "created_at": now,
    }  # fmt: skip


def _seed_records(plans, rng, now) -> None:
    """Records in batches of CHUNK, so memory stays flat at scale 1 (a million of them)."""
    record_id = _next_id(PeriodRecord)
    records, efforts = [], []
    for project_id, kind, start, periods in plans:
        day, done = start, 0.0
        for _n in range(periods):
            done = min(100.0, done + 100 / periods * rng.uniform(0.6, 1.2))
            dev, test = rng.randrange(5, 40), rng.randrange(0, 10)
            records.append({
                "id": record_id, "project_id": project_id, "period_start": day,
                "percent_complete": round(done, 1), "note": "", "version": 1,
                "cost": dev * 600 + test * 450, "effort_days": dev + test, "updated_at": now,
                "pm_rag": rng.choice(("green", "green", "amber", "red")),
            })  # fmt: skip
            efforts.append({"record_id": record_id, "role": "developer", "person_days": dev})
            if test:
                efforts.append({"record_id": record_id, "role": "tester", "person_days": test})
            record_id, day = record_id + 1, next_period(day, kind)
            if len(records) >= CHUNK:
                _flush_records(records, efforts)
    _flush_records(records, efforts)


def _flush_records(records: list, efforts: list) -> None:
    if records:  # Core executemany: the ORM's bulk insert costs twice as much here
        connection = db.session.connection()
        connection.execute(PeriodRecord.__table__.insert(), records)
        connection.execute(PeriodEffort.__table__.insert(), efforts)
    records.clear()
    efforts.clear()

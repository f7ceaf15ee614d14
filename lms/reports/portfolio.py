"""Portfolio figures (pandas): one row per project from one select — its current baseline, what
its periods recorded and where its latest record stands — with earned value worked out for
every row at once (lms.projects.evm on Series) and summed per group before dividing."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Select, and_, func, select

from ..accounts.models import Department, User
from ..db import read
from ..projects.evm import EarnedValue, bands
from ..projects.models import (
    COMPLEXITY_FACTORS,
    Baseline,
    BaselineEffort,
    PeriodRecord,
    Project,
    ProjectStatus,
)

SUMMED = ["bac", "pv", "ev", "ac", "bac_days", "pv_days", "ev_days", "ac_days", "projects"]


def _facts(project_ids: Select) -> Select:
    """A row per project of `project_ids` (a select of Project.id) with a baseline."""
    latest = (
        select(Baseline.project_id, func.max(Baseline.number).label("number"))
        .group_by(Baseline.project_id)
        .subquery()
    )
    recorded = (
        select(
            PeriodRecord.project_id,
            func.sum(PeriodRecord.cost).label("ac"),
            func.sum(PeriodRecord.effort_days).label("ac_days"),
            func.max(PeriodRecord.period_start).label("last_period"),
            func.count().label("records"),
        )
        .where(PeriodRecord.project_id.in_(project_ids))
        .group_by(PeriodRecord.project_id)
        .subquery()
    )
    planned_days = (
        select(func.coalesce(func.sum(BaselineEffort.person_days), 0))
        .where(BaselineEffort.baseline_id == Baseline.id)
        .scalar_subquery()
    )
    percent = (
        select(PeriodRecord.percent_complete)
        .where(
            PeriodRecord.project_id == Project.id,
            PeriodRecord.period_start == recorded.c.last_period,
        )
        .scalar_subquery()
    )
    complexity = sum(getattr(Project, f) for f in COMPLEXITY_FACTORS)
    return (
        select(
            Project.id.label("project_id"), Project.code, Project.name, Project.status,
            Project.period_kind, Project.department_id, Department.name.label("department"),
            User.name.label("pm"), complexity.label("complexity"), Baseline.start_on,
            Baseline.end_on, Baseline.budget.label("bac"), planned_days.label("bac_days"),
            recorded.c.ac, recorded.c.ac_days, recorded.c.last_period, recorded.c.records,
            percent.label("percent"),
        )
        .join(Department, Department.id == Project.department_id)
        .join(User, User.id == Project.pm_id)
        .join(Baseline, Baseline.project_id == Project.id)
        .join(latest, and_(latest.c.project_id == Project.id, latest.c.number == Baseline.number))
        .outerjoin(recorded, recorded.c.project_id == Project.id)
        .where(Project.id.in_(project_ids))
        .order_by(Department.name, Department.id, Project.code)
    )  # fmt: skip


def portfolio(project_ids: Select, today: date, thresholds: tuple[float, float]) -> pd.DataFrame:
    """Every project with a plan, with its earned value in money and person-days, its computed
    RAG and whether it is overdue an update."""
    statement = _facts(project_ids)
    frame = pd.DataFrame(read(statement).all(), columns=list(statement.selected_columns.keys()))
    if frame.empty:
        return frame.assign(**{c: pd.Series(dtype=float) for c in ["pv", "ev", "spi", "cpi"]})
    for column in ("bac", "bac_days", "ac", "ac_days", "percent", "records"):
        frame[column] = pd.to_numeric(frame[column]).fillna(0).astype(float)
    return _earned_value(frame, thresholds)


def _earned_value(frame: pd.DataFrame, thresholds) -> pd.DataFrame:
    start = pd.to_datetime(frame["start_on"])
    end = pd.to_datetime(frame["end_on"])
    last = pd.to_datetime(frame["last_period"])
    weekly = frame["period_kind"].astype(str) == "week"
    as_of = (last + pd.offsets.MonthEnd(0)).where(~weekly, last + pd.Timedelta(days=6))
    planned = (end - start).dt.days + 1
    actual = ((as_of - start).dt.days + 1).fillna(0).clip(lower=0)  # nothing recorded: 0
    share = (actual / planned).clip(upper=1.0)
    for suffix, bac in (("", frame["bac"]), ("_days", frame["bac_days"])):
        frame[f"pv{suffix}"] = bac * share
        frame[f"ev{suffix}"] = bac * frame["percent"] / 100
    money = EarnedValue(frame["bac"], frame["pv"], frame["ev"], frame["ac"], planned, actual)
    frame["sv"], frame["cv"] = money.sv, money.cv
    frame["spi"], frame["spi_t"], frame["cpi"] = money.spi, money.spi_t, money.cpi
    frame["schedule_index"], frame["eac"], frame["vac"] = money.schedule_index, money.eac, money.vac
    frame["as_of"], frame["projects"] = as_of.dt.date, 1
    worst = frame[["schedule_index", "cpi"]].min(axis=1)
    frame["rag"] = bands(worst, thresholds).where(frame["records"] > 0, None)
    return frame


def totals(frame: pd.DataFrame, by: str | list[str] | None = None) -> pd.DataFrame:
    """PV, EV, AC (money and person-days) and the project count summed per group, and the
    indices worked out from the sums (never averaged); `by` None: the whole frame as one row."""
    if frame.empty:
        return pd.DataFrame(columns=[*([by] if isinstance(by, str) else by or []), *SUMMED])
    summed = frame[SUMMED].sum().to_frame().T if by is None else frame.groupby(by)[SUMMED].sum()
    summed = summed.reset_index() if by is not None else summed
    whole = EarnedValue(summed["bac"], summed["pv"], summed["ev"], summed["ac"])
    summed["sv"], summed["cv"], summed["spi"], summed["cpi"] = (
        whole.sv, whole.cv, whole.spi, whole.cpi,
    )  # fmt: skip
    summed["eac"], summed["vac"] = whole.eac, whole.vac
    return summed


def rag_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Projects per computed RAG (and those with nothing recorded yet), for the chart."""
    running = frame[frame["status"].astype(str) != ProjectStatus.CANCELLED] if len(frame) else frame
    counts = running["rag"].map(lambda r: str(r) if r else "none").value_counts()
    return {key: int(counts.get(key, 0)) for key in ("green", "amber", "red", "none")}


def most_behind(frame: pd.DataFrame, limit: int) -> list[dict]:
    """The projects furthest behind plan: the lower of their schedule index and CPI, lowest
    first (n/a last), as records."""
    if not len(frame):
        return []
    worst = frame.assign(worst=frame[["schedule_index", "cpi"]].min(axis=1))
    return worst.sort_values("worst").head(limit).to_dict("records")

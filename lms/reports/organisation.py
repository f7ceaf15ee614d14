"""The organisation's figures for the PMO (pandas): earned value by department and by
complexity band, and what the periods recorded month by month — two statements, however many
records there are (a million at the benchmark's scale 1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Select, String, cast, func, select

from ..db import read
from ..projects.models import EffortRole, PeriodEffort, PeriodRecord
from .portfolio import portfolio, rag_counts, totals

BANDS = [(7, 11), (12, 18), (19, 25), (26, 28)]  # GAPPS: below 1, level 1, level 2, above 2


@dataclass(frozen=True)
class OrganisationReport:
    by_department: pd.DataFrame
    by_complexity: pd.DataFrame
    by_month: pd.DataFrame
    whole: pd.DataFrame
    rags: dict[str, int]
    records: int


def month_of(column):
    """A date column's year and month as text, the same on SQLite and PostgreSQL."""
    return func.substr(cast(column, String), 1, 7)


def organisation_report(
    project_ids: Select, today: date, thresholds: tuple[float, float]
) -> OrganisationReport:
    projects = portfolio(project_ids, today, thresholds)
    projects["band"] = projects["complexity"].map(band_of) if len(projects) else []
    monthly = _monthly(project_ids)
    return OrganisationReport(
        by_department=totals(projects, "department"),
        by_complexity=totals(projects, "band"),
        by_month=monthly,
        whole=totals(projects),
        rags=rag_counts(projects),
        records=int(monthly["records"].sum()) if len(monthly) else 0,
    )


def band_of(total) -> int:
    """0 unrated, then 1-4: the GAPPS bands of a CIFTER total."""
    if total is None or total != total:
        return 0
    return next((n for n, (low, high) in enumerate(BANDS, start=1) if low <= total <= high), 0)


def _monthly(project_ids: Select) -> pd.DataFrame:
    month = month_of(PeriodRecord.period_start)
    statement = (
        select(
            month.label("month"),
            func.count().label("records"),
            func.sum(PeriodRecord.effort_days).label("effort_days"),
            func.sum(PeriodRecord.cost).label("cost"),
        )
        .where(PeriodRecord.project_id.in_(project_ids))
        .group_by(month)
        .order_by(month)
    )
    frame = pd.DataFrame(read(statement).all(), columns=["month", "records", "effort_days", "cost"])
    for column in ("effort_days", "cost"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame


def effort_by_role(project_ids: Select, since: date) -> pd.DataFrame:
    """Person-days per month (rows) and role (columns) from `since` on."""
    month = month_of(PeriodRecord.period_start)
    statement = (
        select(month.label("month"), PeriodEffort.role, func.sum(PeriodEffort.person_days))
        .join(PeriodRecord, PeriodRecord.id == PeriodEffort.record_id)
        .where(PeriodRecord.project_id.in_(project_ids), PeriodRecord.period_start >= since)
        .group_by(month, PeriodEffort.role)
    )
    frame = pd.DataFrame(read(statement).all(), columns=["month", "role", "days"])
    roles = [str(r) for r in EffortRole]
    if frame.empty:
        return pd.DataFrame(columns=roles)
    frame["days"] = pd.to_numeric(frame["days"]).astype(float)
    frame["role"] = frame["role"].astype(str)
    table = frame.pivot_table(index="month", columns="role", values="days", aggfunc="sum")
    return table.reindex(columns=roles).fillna(0.0)

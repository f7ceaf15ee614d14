"""One project over time: at the end of each recorded period, its earned value against the
current baseline, and what the original baseline had planned by then (reports set the two
plans and the actuals side by side)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .evm import EarnedValue, earned_value, planned_value
from .models import Baseline, PeriodKind, PeriodRecord, Project
from .periods import period_end


@dataclass(frozen=True)
class PeriodPoint:
    record: PeriodRecord
    end: date
    money: EarnedValue | None  # against the current baseline; None without one
    days: EarnedValue | None
    original_pv: float | None  # money the original baseline planned by `end`
    original_pv_days: float | None


def _figures(baseline: Baseline | None, at: date, percent: float, actual: float, *, money: bool):
    if baseline is None:
        return None
    bac = float(baseline.budget if money else baseline.effort_days)
    return earned_value(
        bac=bac,
        start=baseline.start_on,
        end=baseline.end_on,
        as_of=at,
        percent_complete=percent,
        actual=actual,
    )


def _original(baseline: Baseline | None, at: date, *, money: bool) -> float | None:
    if baseline is None:
        return None
    bac = float(baseline.budget if money else baseline.effort_days)
    return planned_value(bac, baseline.start_on, baseline.end_on, at)


def progress(project: Project, records: list[PeriodRecord]) -> list[PeriodPoint]:
    """A point per record, in period order, with actuals summed up to it."""
    original = project.baselines[0] if project.baselines else None
    current = project.baselines[-1] if project.baselines else None
    kind = PeriodKind(project.period_kind)
    points, cost, effort = [], 0.0, 0.0
    for item in records:
        cost, effort = cost + float(item.cost), effort + float(item.effort_days)
        end, percent = period_end(item.period_start, kind), float(item.percent_complete)
        points.append(
            PeriodPoint(
                record=item,
                end=end,
                money=_figures(current, end, percent, cost, money=True),
                days=_figures(current, end, percent, effort, money=False),
                original_pv=_original(original, end, money=True),
                original_pv_days=_original(original, end, money=False),
            )
        )
    return points

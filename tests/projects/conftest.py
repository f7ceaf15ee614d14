"""Fixtures of the project tests: a running project of the PM's with a baseline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lms.projects import services
from lms.projects.actuals import PeriodEntry, record_periods
from lms.projects.models import EffortRole, ProjectStatus

DEV, TEST = EffortRole.DEVELOPER, EffortRole.TESTER


def make_project(people, department, code: str = "P-1", **values):
    return services.save_project(
        None,
        actor=people["pmo"],
        code=code,
        name=values.pop("name", f"Project {code}"),
        department_id=department.id,
        pm_email=values.pop("pm_email", people["pm"].email),
        status=values.pop("status", ProjectStatus.RUNNING),
        **values,
    )


def plan(project, people, start: date, end: date, budget, days=None, reason: str = ""):
    return services.set_baseline(
        project,
        actor=people["pmo"],
        name="",
        start_on=start,
        end_on=end,
        budget=Decimal(budget),
        efforts={DEV: Decimal(days if days is not None else budget // 1000)},
        reason=reason,
    )


def actual(project, people, start: date, percent, cost=None, days=0, actor=None, **values):
    """One period's record: `cost` entered (None prices the days at the rates)."""
    entry = PeriodEntry(
        period_start=start,
        efforts={DEV: Decimal(days)} if days else {},
        percent_complete=Decimal(percent),
        cost_entered=None if cost is None else Decimal(cost),
        **values,
    )
    return record_periods(project, actor=actor or people["pm"], entries=[entry])[0]


@pytest.fixture
def project(db, people, department):
    found = make_project(people, department)
    plan(found, people, date(2026, 1, 1), date(2026, 4, 30), 120_000, days=240)
    return found

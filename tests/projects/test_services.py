"""Project services: baselines are frozen and a re-plan keeps the original, actuals replace
a period rather than add to it, locked months refuse edits, day rates price effort."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEntry
from lms.errors import ConflictError, ServiceError
from lms.projects import services
from lms.projects.actuals import (
    PeriodEntry,
    lock_month,
    month_locked,
    record_periods,
    set_day_rate,
    unlock_month,
)
from lms.projects.models import Baseline, PeriodRecord, ProjectStatus
from lms.projects.progress import progress
from lms.projects.queries import records_of, standings
from tests.projects.conftest import DEV, TEST, actual, make_project, plan


def test_a_re_plan_keeps_the_original_baseline_and_says_why(db, people, project):
    replanned = plan(
        project, people, date(2026, 1, 1), date(2026, 6, 30), 150_000, reason="Scope added"
    )
    db.session.refresh(project)
    original, current = project.baselines
    assert (original.number, current.number) == (1, 2) and current is replanned
    assert (original.end_on, original.budget) == (date(2026, 4, 30), Decimal(120_000))
    assert (current.end_on, current.budget, current.reason) == (
        date(2026, 6, 30), Decimal(150_000), "Scope added",
    )  # fmt: skip
    actual(project, people, date(2026, 1, 1), 10, cost=20_000)
    point = progress(project, records_of(project))[0]
    assert point.original_pv == pytest.approx(120_000 * 31 / 120)  # the original plan's PV
    assert point.money.pv == pytest.approx(150_000 * 31 / 181)  # the current plan's


def test_a_re_plan_without_a_reason_is_refused(db, people, project):
    with pytest.raises(ServiceError) as refused:
        plan(project, people, date(2026, 1, 1), date(2026, 6, 30), 150_000)
    assert refused.value.field == "reason"
    assert db.session.scalar(select(func.count()).select_from(Baseline)) == 1


def test_a_plan_that_ends_before_it_starts_is_refused(db, people, department):
    found = make_project(people, department, code="P-2")
    with pytest.raises(ServiceError) as refused:
        plan(found, people, date(2026, 5, 1), date(2026, 4, 30), 1_000)
    assert refused.value.field == "end_on"


def test_re_entering_a_period_replaces_it(db, people, project):
    actual(project, people, date(2026, 1, 1), 10, days=20)
    again = actual(project, people, date(2026, 1, 1), 15, days=25)
    assert db.session.scalar(select(func.count()).select_from(PeriodRecord)) == 1
    assert again.effort_days == 25 and again.percent_complete == 15
    assert standings([project])[project.id].days.ac == 25


def test_a_locked_month_refuses_edits(db, people, project):
    actual(project, people, date(2026, 1, 1), 10, days=20)
    lock = lock_month(date(2026, 1, 15), actor=people["pmo"])
    assert lock.month == date(2026, 1, 1) and month_locked(date(2026, 1, 31))
    assert lock_month(date(2026, 1, 1), actor=people["pmo"]) is lock  # no second lock
    with pytest.raises(ServiceError, match="locked"):
        actual(project, people, date(2026, 1, 1), 50, days=99)
    record = db.session.scalars(select(PeriodRecord)).one()
    assert record.effort_days == 20
    unlock_month(lock, actor=people["pmo"])
    assert actual(project, people, date(2026, 1, 1), 50, days=99).effort_days == 99


def test_a_period_must_have_started_and_begin_on_its_first_day(db, people, project):
    with pytest.raises(ServiceError, match="first day"):
        actual(project, people, date(2026, 1, 2), 10)
    with pytest.raises(ServiceError, match="not started"):
        actual(project, people, date(2099, 1, 1), 10)


def test_a_weekly_project_reports_from_mondays(db, people, department):
    weekly = make_project(people, department, code="P-W", period_kind="week")
    assert actual(weekly, people, date(2026, 3, 2), 5).period_start == date(2026, 3, 2)
    with pytest.raises(ServiceError, match="first day"):
        actual(weekly, people, date(2026, 3, 1), 5)  # a Sunday


def test_a_stale_grid_row_is_refused(db, people, project):
    first = actual(project, people, date(2026, 1, 1), 10, days=20)
    shown = first.version
    actual(project, people, date(2026, 1, 1), 12, days=22)  # someone saved meanwhile
    stale = PeriodEntry(date(2026, 1, 1), {DEV: Decimal(5)}, Decimal(5), version=shown)
    with pytest.raises(ConflictError):
        record_periods(project, actor=people["pm"], entries=[stale])


def test_effort_is_priced_at_the_rate_in_force_on_the_periods_first_day(db, people, project):
    set_day_rate(DEV, actor=people["pmo"], effective_from=date(2025, 1, 1), day_rate=Decimal(500))
    set_day_rate(TEST, actor=people["pmo"], effective_from=date(2025, 1, 1), day_rate=Decimal(300))
    january = actual(project, people, date(2026, 1, 1), 10, days=20)
    entered = actual(project, people, date(2026, 2, 1), 20, cost=1_234, days=20)
    assert january.cost == 10_000 and entered.cost == 1_234
    set_day_rate(DEV, actor=people["pmo"], effective_from=date(2026, 1, 15), day_rate=Decimal(600))
    march = actual(project, people, date(2026, 3, 1), 30, days=10)
    assert march.cost == 6_000
    db.session.refresh(january)
    assert january.cost == 10_000  # the January rate was 500 on January 1
    lock_month(date(2026, 3, 1), actor=people["pmo"])
    set_day_rate(DEV, actor=people["pmo"], effective_from=date(2026, 2, 1), day_rate=Decimal(700))
    db.session.refresh(march)
    db.session.refresh(entered)
    assert march.cost == 6_000 and entered.cost == 1_234  # locked; entered


def test_a_pm_adds_only_projects_they_run(db, people, department):
    with pytest.raises(ServiceError) as refused:
        services.save_project(
            None, actor=people["pm"], code="X", name="X", department_id=department.id,
            pm_email=people["director"].email,
        )  # fmt: skip
    assert refused.value.field == "pm_email"
    own = services.save_project(
        None, actor=people["pm"], code="X", name="X", department_id=department.id,
        pm_email=people["pm"].email,
    )  # fmt: skip
    assert own.pm_id == people["pm"].id and own.created_by_id == people["pm"].id


def test_a_project_code_is_unique_and_the_status_moves_only_forward(
    db, people, department, project
):
    with pytest.raises(ServiceError) as taken:
        make_project(people, department, code="P-1")
    assert taken.value.field == "code"
    with pytest.raises(ServiceError) as moved:
        services.save_project(
            project, actor=people["pm"], code="P-1", name="P", department_id=department.id,
            pm_email=people["pm"].email, status=ProjectStatus.PROPOSED,
        )  # fmt: skip
    assert moved.value.field == "status"


def test_complexity_is_the_cifter_total_once_every_factor_is_scored(db, people, department):
    scores = dict(
        stability=2, disciplines=3, implications=1, financial_impact=4,
        strategic_importance=3, stakeholder_cohesion=2, interfaces=3,
    )  # fmt: skip
    found = make_project(people, department, code="P-C", complexity=scores)
    assert found.complexity_total == 18
    partial = make_project(people, department, code="P-D", complexity={"stability": 2})
    assert partial.complexity_total is None


def test_milestones_are_added_and_reached(db, people, project):
    milestone = services.add_milestone(
        project, actor=people["pm"], title="Design signed off", due_on=date(2026, 2, 15)
    )
    services.reach_milestone(milestone, actor=people["pm"], done_on=date(2026, 2, 20))
    assert project.milestones[0].done_on == date(2026, 2, 20)


def test_each_change_is_audited(db, people, project):
    actual(project, people, date(2026, 1, 1), 10, days=20)
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"projects.project_saved", "projects.baseline_set", "projects.actuals_recorded"} <= (
        actions
    )

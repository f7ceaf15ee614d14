"""Demo projects (`flask --app lms seed-demo`): day rates, and three projects dated from today —
Priya Shah's CRM replacement (on its plan, a little over cost), Wang Wei's data centre move
(re-planned once, now past its planned finish) and Zhang Min's weekly-reported intranet
upgrade, each with its actuals up to the last period, so every project page has something to
show."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..accounts.models import User
from ..clock import site_today
from ..extensions import db
from .actuals import PeriodEntry, record_periods, set_day_rate
from .models import EffortRole, PeriodKind, Project, ProjectStatus, Rag
from .periods import last_complete_period, next_period, period_start, periods_between
from .services import add_milestone, save_project, set_baseline

R = EffortRole
RATES = {
    R.PROJECT_MANAGER: 1_000,
    R.ANALYST: 800,
    R.ARCHITECT: 1_100,
    R.DEVELOPER: 700,
    R.TESTER: 550,
}
SCORES = dict(
    stability=2, disciplines=3, implications=2, financial_impact=3,
    strategic_importance=3, stakeholder_cohesion=2, interfaces=3,
)  # fmt: skip


def seed_demo_projects() -> str:
    people = {
        u.email.split("@")[0]: u
        for u in db.session.scalars(select(User).where(User.email.like("%@academy.test")))
    }
    if not {"pmo", "pm", "wang.wei", "zhang.min"} <= set(people):
        return "demo projects: no demo accounts (run seed-demo after seed)"
    if db.session.scalar(select(Project.id).where(Project.code == "DEMO-CRM")):
        return "demo projects: present"
    pmo, today = people["pmo"], site_today()
    for role, rate in RATES.items():
        set_day_rate(role, actor=pmo, effective_from=date(2020, 1, 1), day_rate=Decimal(rate))
    _crm(people, pmo, today)
    _move(people, pmo, today)
    _intranet(people, pmo, today)
    return "demo projects: 3 projects with their actuals"


def _project(pmo, pm, code: str, name: str, kind=PeriodKind.MONTH, **values) -> Project:
    return save_project(
        None, actor=pmo, code=code, name=name, department_id=pm.department_id,
        pm_email=pm.email, status=ProjectStatus.RUNNING, period_kind=kind, team_size=8,
        complexity=SCORES, **values,
    )  # fmt: skip


def _months_back(today: date, months: int) -> date:
    start = period_start(today, PeriodKind.MONTH)
    for _ in range(months):
        start = period_start(start - timedelta(days=1), PeriodKind.MONTH)
    return start


def _record(project, pm, starts, *, days, share, rags, over=1.0) -> None:
    entries = []
    for n, start in enumerate(starts, start=1):
        entries.append(
            PeriodEntry(
                period_start=start,
                efforts={R.PROJECT_MANAGER: Decimal(4), R.DEVELOPER: Decimal(round(days * over)),
                         R.TESTER: Decimal(round(days * over / 4))},
                percent_complete=Decimal(min(100, round(share * n, 1))),
                pm_rag=rags[n % len(rags)],
                note="On track; design review done." if n == 1 else "",
            )
        )  # fmt: skip
    record_periods(project, actor=pm, entries=entries)


def _crm(people, pmo, today: date) -> None:
    pm = people["pm"]
    start = _months_back(today, 5)
    project = _project(
        pmo, pm, "DEMO-CRM", "CRM replacement", sponsor="Sales director",
        objectives="Replace the legacy CRM for 400 sales staff by the end of the year.",
    )  # fmt: skip
    set_baseline(
        project, actor=pm, name="Approved plan", start_on=start,
        end_on=start + timedelta(days=300), budget=Decimal(600_000),
        efforts={R.PROJECT_MANAGER: Decimal(40), R.DEVELOPER: Decimal(400), R.TESTER: Decimal(100)},
    )  # fmt: skip
    add_milestone(project, actor=pm, title="Design signed off", due_on=start + timedelta(days=60))
    done = periods_between(start, last_complete_period(today, PeriodKind.MONTH), PeriodKind.MONTH)
    _record(project, pm, done, days=40, share=9, rags=[Rag.GREEN, Rag.AMBER], over=1.1)


def _move(people, pmo, today: date) -> None:
    pm = people["wang.wei"]
    start = _months_back(today, 8)
    project = _project(pmo, pm, "DEMO-DC", "Data centre move", sponsor="CIO", is_key=True)
    effort = {R.DEVELOPER: Decimal(200), R.TESTER: Decimal(50)}
    set_baseline(
        project, actor=pm, name="Approved plan", start_on=start,
        end_on=start + timedelta(days=150), budget=Decimal(300_000), efforts=effort,
    )  # fmt: skip
    set_baseline(
        project, actor=pm, name="After the vendor delay", start_on=start,
        end_on=start + timedelta(days=200), budget=Decimal(340_000), efforts=effort,
        reason="The hardware vendor delivered six weeks late.",
    )  # fmt: skip
    done = periods_between(start, last_complete_period(today, PeriodKind.MONTH), PeriodKind.MONTH)
    _record(project, pm, done, days=30, share=11, rags=[Rag.AMBER, Rag.RED])


def _intranet(people, pmo, today: date) -> None:
    pm = people["zhang.min"]
    start = period_start(today - timedelta(days=70), PeriodKind.WEEK)
    project = _project(pmo, pm, "DEMO-NET", "Intranet upgrade", PeriodKind.WEEK)
    set_baseline(
        project, actor=pm, name="Approved plan", start_on=start,
        end_on=start + timedelta(days=139), budget=Decimal(80_000),
        efforts={R.DEVELOPER: Decimal(80), R.TESTER: Decimal(20)},
    )  # fmt: skip
    weeks, week = [], start
    while next_period(week, PeriodKind.WEEK) <= today:
        weeks.append(week)
        week = next_period(week, PeriodKind.WEEK)
    _record(project, pm, weeks, days=4, share=5, rags=[Rag.GREEN])

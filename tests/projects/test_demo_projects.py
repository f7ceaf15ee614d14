"""`seed-demo` gives the project pages something to show, once: three projects with actuals up
to the last period, one of them re-planned and past its planned finish."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.projects.models import Baseline, PeriodRecord, Project
from lms.projects.queries import standings


def test_seed_demo_fills_projects_once(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "demo projects: 3 projects with their actuals" in result.output
    projects = {p.code: p for p in db.session.scalars(select(Project))}
    assert set(projects) == {"DEMO-CRM", "DEMO-DC", "DEMO-NET"}
    found = standings(list(projects.values()))
    assert not any(s.not_updated for s in found.values()), "every project has its last period"
    assert found[projects["DEMO-DC"].id].money.is_past_finish
    assert all(s.rag is not None for s in found.values())
    assert db.session.scalar(select(func.count()).select_from(Baseline)) == 4
    records = db.session.scalar(select(func.count()).select_from(PeriodRecord))
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "demo projects: present" in again.output
    assert db.session.scalar(select(func.count()).select_from(PeriodRecord)) == records

"""`seed-demo` gives the demo PMs career levels, ratings and a plan waiting for HR, once, so a
first look is not empty."""

from __future__ import annotations

from sqlalchemy import func, select

from competencies.careers.models import CareerAssignment
from competencies.plans.models import DevelopmentPlan, PlanState
from competencies.profiles.models import Rating


def test_seed_demo_fills_profiles_once(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "7 PMs given career levels and ratings" in result.output
    counts = (
        db.session.scalar(select(func.count()).select_from(CareerAssignment)),
        db.session.scalar(select(func.count()).select_from(Rating)),
    )
    assert counts[0] == 7 and counts[1] > 56
    assert "demo plans: 1 created (waiting for HR)" in result.output
    [plan] = db.session.scalars(select(DevelopmentPlan)).all()
    assert plan.state is PlanState.SUBMITTED and plan.goals and len(plan.approvals) == 1
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "demo plans: present" in again.output
    assert counts == (
        db.session.scalar(select(func.count()).select_from(CareerAssignment)),
        db.session.scalar(select(func.count()).select_from(Rating)),
    )

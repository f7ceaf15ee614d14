"""`seed-demo` gives the demo PMs career levels and ratings, once, so a first look is not empty."""

from __future__ import annotations

from sqlalchemy import func, select

from competencies.careers.models import CareerAssignment
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
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert counts == (
        db.session.scalar(select(func.count()).select_from(CareerAssignment)),
        db.session.scalar(select(func.count()).select_from(Rating)),
    )

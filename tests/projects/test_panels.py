"""Home-page panels of project records: the PM's projects and what is due on them; the
director's projects most over plan (their departments only, green ones left out)."""

from __future__ import annotations

from datetime import date

from lms.permissions import Role
from lms.projects.services import add_milestone
from tests.conftest import login
from tests.factories import DepartmentFactory, UserFactory
from tests.querycount import count_queries

from .conftest import actual, make_project, plan

OVER_PLAN = "/home/panels/projects_over_plan"
MINE = "/home/panels/my_projects"


def test_the_pm_sees_their_projects_what_is_due_and_missing_actuals(
    db, people, department, login_as
):
    project = make_project(people, department, code="MINE-1", name="Warehouse move")
    plan(project, people, date(2026, 1, 1), date(2026, 4, 30), 120_000, days=240)
    add_milestone(project, actor=people["pm"], title="Racks delivered", due_on=date(2026, 2, 1))
    someone = UserFactory(email="other.pm@example.com", department=department, roles=[Role.PM])
    make_project(people, department, code="OTHER", pm_email=someone.email)
    db.session.commit()
    client = login_as(people["pm"])
    assert 'id="panel-my_projects"' in client.get("/").get_data(as_text=True)  # its placeholder
    panel = client.get(MINE).get_data(as_text=True)
    assert "MINE-1 Warehouse move" in panel and "Racks delivered" in panel
    assert "Actuals due" in panel  # nothing recorded for the last period
    assert "OTHER" not in panel


def test_a_pm_without_projects_is_told_how_to_start(app, db, people, login_as):
    html = login_as(people["pm"]).get(MINE).get_data(as_text=True)
    assert "You run no open project yet" in html
    hr = app.test_client()
    login(hr, people["hr"])
    assert 'id="panel-my_projects"' not in hr.get("/").get_data(as_text=True)
    assert hr.get(MINE).status_code == 404


def test_the_director_sees_their_departments_projects_most_over_plan(
    app, db, people, department, login_as
):
    behind = make_project(people, department, code="LATE")
    plan(behind, people, date(2026, 1, 1), date(2026, 4, 30), 120_000, days=240)
    actual(behind, people, date(2026, 1, 1), 20, cost=30_000, days=60)  # CPI 0.8: red
    fine = make_project(people, department, code="FINE")
    plan(fine, people, date(2026, 1, 1), date(2026, 6, 30), 60_000)
    actual(fine, people, date(2026, 1, 1), 25, cost=10_000)  # ahead and under: green
    elsewhere = make_project(people, DepartmentFactory(name="Elsewhere"), code="AWAY")
    plan(elsewhere, people, date(2026, 1, 1), date(2026, 3, 31), 90_000)
    actual(elsewhere, people, date(2026, 1, 1), 1, cost=80_000)
    db.session.commit()
    client = login_as(people["director"])
    assert "LATE" not in client.get("/").get_data(as_text=True)  # lazy: drawn after the page
    with count_queries(db.engine) as few:
        html = client.get(OVER_PLAN).get_data(as_text=True)
    assert "LATE" in html and "FINE" not in html and "AWAY" not in html
    for code in ("MORE-1", "MORE-2", "MORE-3"):
        more = make_project(people, department, code=code)
        plan(more, people, date(2026, 1, 1), date(2026, 4, 30), 100_000)
        actual(more, people, date(2026, 1, 1), 10, cost=50_000)
    db.session.commit()
    with count_queries(db.engine) as many:
        assert "MORE-3" in client.get(OVER_PLAN).get_data(as_text=True)
    assert many.count == few.count
    pm = app.test_client()
    login(pm, people["pm"])
    assert pm.get(OVER_PLAN).status_code == 404

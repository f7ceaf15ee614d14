"""Project pages as their users use them: the list and a project read in a constant number of
statements; the grid saves what changed and puts a bad cell's message at the cell."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lms.projects.actuals import lock_month
from lms.projects.models import PeriodRecord
from tests.projects.conftest import actual, make_project, plan
from tests.querycount import count_queries


def _row(index: int, period: str, version: int = 0, **values) -> dict:
    fields = {"period_start": period, "version": version, **values}
    return {f"rows-{index}-{key}": value for key, value in fields.items()}


def test_a_pm_records_two_months_in_the_grid(db, people, project, login_as):
    """(?all=1: the project starts in January 2026, the grid shows the latest periods.)"""
    client = login_as(people["pm"])
    page = client.get(f"/projects/{project.id}/actuals?all=1")
    assert page.status_code == 200 and 'data-period="2026-01-01"' in page.get_data(as_text=True)
    data = {
        **_row(0, "2026-01-01", days_developer="20", percent_complete="15", pm_rag="green"),
        **_row(1, "2026-02-01", days_developer="25.5", days_tester="4", percent_complete="30",
               note="Design done"),
        **_row(2, "2026-03-01"),  # left empty: no record
    }  # fmt: skip
    response = client.post(f"/projects/{project.id}/actuals?all=1", data=data)
    assert response.status_code == 302
    records = db.session.scalars(select(PeriodRecord).order_by(PeriodRecord.period_start)).all()
    assert [(r.period_start.month, float(r.effort_days)) for r in records] == [(1, 20), (2, 29.5)]
    detail = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Design done" in detail and 'id="project-chart"' in detail


def test_a_bad_cell_is_named_at_the_cell_and_nothing_is_saved(db, people, project, login_as):
    client = login_as(people["pm"])
    data = {
        **_row(0, "2026-01-01", days_developer="20", percent_complete="15"),
        **_row(1, "2026-02-01", days_developer="-3", percent_complete="130"),
    }
    response = client.post(f"/projects/{project.id}/actuals?all=1", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and html.count("is-invalid") == 2
    assert db.session.scalar(select(func.count()).select_from(PeriodRecord)) == 0


def test_a_locked_month_is_shown_read_only_and_refused(db, people, project, login_as):
    actual(project, people, date(2026, 1, 1), 10, days=20)
    lock_month(date(2026, 1, 1), actor=people["pmo"])
    client = login_as(people["pm"])
    html = client.get(f"/projects/{project.id}/actuals?all=1").get_data(as_text=True)
    assert 'name="rows-0-period_start" type="hidden" value="2026-02-01"' in html
    forged = _row(0, "2026-01-01", version=1, days_developer="99", percent_complete="90")
    response = client.post(f"/projects/{project.id}/actuals?all=1", data=forged)
    assert response.status_code == 422 and "locked month" in response.get_data(as_text=True)
    assert db.session.scalars(select(PeriodRecord)).one().effort_days == 20


def test_a_re_plan_needs_a_reason_and_keeps_the_original(db, people, project, login_as):
    client = login_as(people["pm"])
    form = {"start_on": "2026-01-01", "end_on": "2026-06-30", "budget": "150000"}
    refused = client.post(f"/projects/{project.id}/baseline", data=form)
    assert refused.status_code == 422 and "Say why the plan changes" in refused.get_data(True)
    saved = client.post(f"/projects/{project.id}/baseline", data={**form, "reason": "Scope"})
    assert saved.status_code == 302
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Original" in html and "Current" in html and "Scope" in html


def test_a_project_without_actuals_shows_not_applicable(db, people, project, login_as):
    html = login_as(people["pm"]).get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'data-key="spi">n/a<' in html and 'data-key="cpi">n/a<' in html
    assert "No actuals yet" in html


def test_a_pm_adds_a_project_of_their_own(db, people, department, login_as):
    client = login_as(people["pm"])
    form = client.get("/projects/new").get_data(as_text=True)
    assert people["pm"].email in form
    response = client.post("/projects/new", data={
        "code": "PRJ-9", "name": "New CRM", "department_id": department.id,
        "pm_email": people["pm"].email, "pm_role": "lead", "status": "proposed",
        "period_kind": "month", "team_size": "6", "stability": "2", "interfaces": "3",
    })  # fmt: skip
    assert response.status_code == 302
    assert "PRJ-9" in client.get("/projects/?mine=1").get_data(as_text=True)


def test_a_director_sees_the_projects_of_their_departments_only(
    db, people, department, project, login_as
):
    from tests.factories import DepartmentFactory, UserFactory

    other = DepartmentFactory(name="Elsewhere")
    stranger = UserFactory(email="x@example.com", department=other, roles=["pm"])
    elsewhere = make_project(people, other, code="P-ELSE")
    elsewhere.pm_id = stranger.id
    client = login_as(people["director"])
    listed = client.get("/projects/").get_data(as_text=True)
    assert "P-1" in listed and "P-ELSE" not in listed
    assert client.get(f"/projects/{elsewhere.id}").status_code == 404


def test_the_list_reads_in_a_constant_number_of_queries(db, people, department, login_as):
    client = login_as(people["director"])
    for n in range(2):
        found = make_project(people, department, code=f"Q-{n}")
        plan(found, people, date(2026, 1, 1), date(2026, 6, 30), 10_000)
        actual(found, people, date(2026, 1, 1), 10, cost=100)
    client.get("/projects/")
    with count_queries(db.engine) as few:
        client.get("/projects/")
    for n in range(2, 12):
        found = make_project(people, department, code=f"Q-{n}")
        plan(found, people, date(2026, 1, 1), date(2026, 6, 30), 10_000)
        actual(found, people, date(2026, 1, 1), 10, cost=100)
    with count_queries(db.engine) as many:
        client.get("/projects/")
    assert many.count == few.count


def test_a_project_page_reads_in_a_constant_number_of_queries(db, people, project, login_as):
    client = login_as(people["pm"])
    actual(project, people, date(2026, 1, 1), 10, days=20)
    client.get(f"/projects/{project.id}")
    with count_queries(db.engine) as few:
        client.get(f"/projects/{project.id}")
    for month in range(2, 5):
        actual(project, people, date(2026, month, 1), 10 * month, days=20)
    plan(project, people, date(2026, 1, 1), date(2026, 8, 31), 200_000, reason="More")
    with count_queries(db.engine) as many:
        assert client.get(f"/projects/{project.id}").status_code == 200
    assert many.count == few.count

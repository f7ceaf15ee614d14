"""Project reports: the vectorised figures match the hand-computed ones (lms.projects.evm),
groups sum before they divide, the grouped XLSX keeps its groups and subtotals, and each
page reads in a constant number of statements."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from lms.projects.models import ProjectStatus
from lms.reports.organisation import effort_by_role, organisation_report
from lms.reports.permissions import report_scope
from lms.reports.portfolio import portfolio, totals
from tests.factories import DepartmentFactory
from tests.projects.conftest import actual, make_project, plan
from tests.querycount import count_queries

approx = pytest.approx
LIMITS = (0.95, 0.90)


@pytest.fixture
def three(db, people, department):
    """The hand-computed projects of tests/projects/test_evm.py, in two departments."""
    other = DepartmentFactory(name="Infrastructure")
    a = make_project(people, department, code="A")
    plan(a, people, date(2026, 1, 1), date(2026, 4, 30), 120_000, days=240)
    actual(a, people, date(2026, 1, 1), 20, cost=30_000, days=60)
    c = make_project(people, department, code="C")
    plan(c, people, date(2026, 1, 1), date(2026, 6, 30), 60_000)
    for month, cost in ((1, 10_000), (2, 10_000), (3, 15_000), (4, 15_000)):
        actual(c, people, date(2026, month, 1), 25 * month, cost=cost)
    d = make_project(people, other, code="D")
    plan(d, people, date(2026, 1, 1), date(2026, 3, 31), 90_000)
    for month, cost in ((1, 40_000), (3, 40_000), (5, 40_000)):
        actual(d, people, date(2026, month, 1), 100 if month == 5 else 30 * month, cost=cost)
    return a, c, d


def test_every_projects_figures_match_the_hand_computed_ones(db, people, three):
    frame = portfolio(report_scope(people["pmo"]), date(2026, 6, 1), LIMITS).set_index("code")
    assert frame.loc["A", "pv"] == approx(31_000) and frame.loc["A", "cpi"] == approx(0.8)
    assert frame.loc["C", "spi"] == approx(181 / 120) and frame.loc["C", "cpi"] == approx(1.2)
    assert frame.loc["D", "spi"] == approx(1.0)
    assert frame.loc["D", "schedule_index"] == approx(90 / 151)  # time-based after the finish
    assert [str(frame.loc[k, "rag"]) for k in "ACD"] == ["red", "green", "red"]


def test_a_project_without_records_has_no_indices_not_zero(db, people, department):
    fresh = make_project(people, department, code="NEW")
    plan(fresh, people, date(2026, 1, 1), date(2026, 6, 30), 10_000)
    row = portfolio(report_scope(people["pmo"]), date(2026, 6, 1), LIMITS).iloc[0]
    assert row["pv"] == 0 and row["ev"] == 0 and row["ac"] == 0
    assert row["spi"] != row["spi"] and row["cpi"] != row["cpi"]  # NaN: shown as n/a
    assert row["rag"] is None


def test_groups_sum_before_they_divide(db, people, three):
    frame = portfolio(report_scope(people["pmo"]), date(2026, 6, 1), LIMITS)
    whole = totals(frame).iloc[0]
    pv = 31_000 + 60_000 * 120 / 181 + 90_000
    assert whole["pv"] == approx(pv) and whole["ev"] == approx(174_000)
    assert whole["cpi"] == approx(174_000 / 200_000)  # not the mean of 0.8, 1.2 and 0.75
    by = totals(frame, "department").set_index("department")
    assert by.loc["Delivery", "cpi"] == approx((24_000 + 60_000) / (30_000 + 50_000))
    assert by.loc["Infrastructure", "projects"] == 1


def test_a_director_sees_their_departments_and_hr_the_organisation(db, people, three):
    director = portfolio(report_scope(people["director"]), date(2026, 6, 1), LIMITS)
    assert sorted(director["code"]) == ["A", "C"]  # D is in a department they do not direct
    assert sorted(portfolio(report_scope(people["hr"]), date(2026, 6, 1), LIMITS)["code"]) == [
        "A", "C", "D",
    ]  # fmt: skip
    assert len(portfolio(report_scope(people["trainer"]), date(2026, 6, 1), LIMITS)) == 0


def test_the_grouped_xlsx_keeps_its_groups_and_subtotals(db, people, three, login_as):
    response = login_as(people["pmo"]).get("/reports/projects/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    response.close()
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    department, code, cpi = (header.index(n) for n in ("Department", "Code", "CPI"))
    body = [(r[department], r[code], r[cpi]) for r in rows[1:]]
    assert [(d, c) for d, c, _cpi in body] == [
        ("Delivery", "A"), ("Delivery", "C"), ("Delivery subtotal", None),
        ("Infrastructure", "D"), ("Infrastructure subtotal", None), ("Total", None),
    ]  # fmt: skip
    assert body[2][2] == approx(84_000 / 80_000) and body[5][2] == approx(0.87)
    levels = [sheet.row_dimensions[n].outline_level for n in range(2, len(rows) + 1)]
    assert levels == [1, 1, 0, 1, 0, 0]  # the detail rows fold under their subtotal
    assert all(sheet.cell(row=n, column=1).font.bold for n in (4, 6, 7))
    csv = login_as(people["pmo"]).get("/reports/projects/?format=csv")
    assert "subtotal" not in csv.get_data(as_text=True)  # CSV is the raw rows
    csv.close()


def test_the_organisation_report_counts_by_department_complexity_and_month(db, people, three):
    report = organisation_report(report_scope(people["pmo"]), date(2026, 6, 1), LIMITS)
    assert report.records == 8 and report.rags == {"green": 1, "amber": 0, "red": 2, "none": 0}
    assert list(report.by_month["month"]) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert report.by_month.set_index("month").loc["2026-01", "cost"] == 80_000
    assert report.whole.iloc[0]["cpi"] == approx(0.87)
    assert list(report.by_complexity["band"]) == [0]  # none of them rated


def test_effort_by_role_sums_each_month(db, people, three):
    table = effort_by_role(report_scope(people["pmo"]), date(2026, 1, 1))
    assert table.loc["2026-01", "developer"] == 60 and "tester" in table.columns


@pytest.mark.parametrize("url", ["/reports/projects/", "/reports/projects/effort",
                                 "/reports/projects/organisation"])  # fmt: skip
def test_report_pages_read_in_a_constant_number_of_queries(db, people, department, login_as, url):
    client = login_as(people["pmo"])
    found = make_project(people, department, code="Q-0")
    plan(found, people, date(2026, 1, 1), date(2026, 6, 30), 1_000)
    actual(found, people, date(2026, 1, 1), 10, cost=100, days=2)
    client.get(url)
    with count_queries(db.engine) as few:
        assert client.get(url).status_code == 200
    for n in range(1, 8):
        more = make_project(people, department, code=f"Q-{n}", status=ProjectStatus.RUNNING)
        plan(more, people, date(2026, 1, 1), date(2026, 6, 30), 1_000)
        actual(more, people, date(2026, 2, 1), 10, cost=100, days=3)
    with count_queries(db.engine) as many:
        client.get(url)
    assert many.count == few.count


def test_report_pages_say_what_to_do_when_empty(db, people, login_as):
    html = login_as(people["director"]).get("/reports/projects/").get_data(as_text=True)
    assert "No project with a plan yet" in html

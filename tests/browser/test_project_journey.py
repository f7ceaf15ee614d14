"""A project's life as its PM and director see it: the PM records a project, sets its plan,
records two months of actuals and sees the variance chart, re-plans once with a reason,
closes it with a summary and a lesson; the director finds it in the department report and
on their home page; the PMO ranks PMs for the demo key project; and the pages on a phone."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from competencies.profiles.models import Evidence
from lms.extensions import db
from lms.projects.models import Project, StaffingDecision
from tests.browser.conftest import HAN, PHONE, log_in_any_language, login, screenshot

pytestmark = pytest.mark.browser
CODE = "BRW-JOURNEY"
KEY = "BRW-KEY"


def _months_ago(n: int) -> date:
    today = date.today()
    month = today.month - n
    return date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@pytest.fixture
def key_project(browser_app):
    """A running key project of the PM's, its complexity rated (16: a project manager's)."""
    from lms.accounts.models import Department, User
    from lms.permissions import SYSTEM
    from lms.projects.models import COMPLEXITY_FACTORS
    from lms.projects.services import save_project

    with browser_app.app_context():
        pm = db.session.scalar(db.select(User).where(User.email == "pm@academy.test"))
        department = db.session.get(Department, pm.department_id)
        save_project(
            None, actor=SYSTEM, code=KEY, name="Core banking cut-over",
            department_id=department.id, pm_email=pm.email, status="running", is_key=True,
            complexity={**dict.fromkeys(COMPLEXITY_FACTORS, 2), "interfaces": 4},
        )  # fmt: skip
        db.session.commit()
        db.session.remove()
    yield KEY
    with browser_app.app_context():
        project_id = db.session.scalar(db.select(Project.id).where(Project.code == KEY))
        db.session.execute(
            db.delete(StaffingDecision).where(StaffingDecision.project_id == project_id)
        )
        db.session.execute(db.delete(Project).where(Project.id == project_id))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def forget_journey(browser_app):
    """The journey's project and the evidence and lesson its closing made go afterwards."""
    yield
    from community.lessons.models import Lesson

    with browser_app.app_context():
        project_id = db.session.scalar(db.select(Project.id).where(Project.code == CODE))
        if project_id is not None:
            db.session.execute(db.delete(Evidence).where(Evidence.title.like(f"{CODE}%")))
            db.session.execute(db.delete(Lesson).where(Lesson.title == "Book the racks early"))
            db.session.execute(db.delete(Project).where(Project.id == project_id))
        db.session.commit()
        db.session.remove()


def _row(page: Page, start: date):
    return page.locator(f'tr[data-period="{start.isoformat()}"]')


def test_pm_records_replans_and_closes_a_project_the_director_reports_on(
    new_context, live_server_url: str, forget_journey
):
    base, start = live_server_url, _months_ago(3)
    pm = new_context().new_page()
    login(pm, base, "pm@academy.test")
    expect(pm.get_by_role("heading", name="My projects")).to_be_visible()
    pm.goto(f"{base}/projects/new")
    pm.get_by_label("Code").fill(CODE)
    pm.get_by_label("Name", exact=True).fill("Warehouse racks")
    pm.get_by_label("Objectives").fill("Racks in place before the peak season.")
    pm.get_by_label("Status").select_option("running")
    pm.get_by_role("button", name="Save project").click()
    expect(pm.get_by_role("heading", name=f"{CODE} · Warehouse racks")).to_be_visible()

    pm.get_by_role("link", name="Set the baseline").first.click()  # the header's or the hint's
    pm.get_by_label("Name", exact=True).fill("Approved plan")
    pm.get_by_label("Start").fill(start.isoformat())
    pm.get_by_label("Finish").fill(_months_ago(-3).isoformat())
    pm.get_by_label("Budget").fill("100000")
    pm.get_by_label("Development").fill("120")
    pm.get_by_role("button", name="Save baseline").click()

    pm.get_by_role("link", name="Record actuals").first.click()
    for n, (days, cost, percent) in enumerate(((20, "30000", "10"), (25, "35000", "20"))):
        row = _row(pm, _months_ago(3 - n))
        row.get_by_label("Development").fill(str(days))
        row.get_by_label("Cost (entered)").fill(cost)
        row.get_by_label("Percent complete").fill(percent)
        row.get_by_label("Status note").fill("Supplier late" if n else "Kick-off")
    screenshot(pm, "project-actuals-grid")
    pm.get_by_role("button", name="Save actuals").click()
    expect(pm.get_by_text("Actuals saved for 2 periods.")).to_be_visible()
    chart = pm.locator("#project-chart")
    expect(chart).to_be_visible()
    expect(pm.get_by_test_id("periods").locator("tbody tr")).to_have_count(2)
    expect(pm.get_by_test_id("evm")).to_contain_text("CPI")
    screenshot(pm, "project-variance-chart")

    pm.get_by_role("link", name="Re-plan").click()
    pm.get_by_label("Why the plan changes").fill("The supplier slipped a month.")
    pm.get_by_label("Finish").fill(_months_ago(-4).isoformat())
    pm.get_by_label("Budget").fill("110000")
    pm.get_by_role("button", name="Save baseline").click()
    baselines = pm.get_by_test_id("baselines").locator("tbody tr")
    expect(baselines).to_have_count(2)  # the original kept beside the re-plan
    expect(baselines.nth(1)).to_contain_text("The supplier slipped a month.")

    pm.get_by_role("link", name="Close the project").click()
    expect(pm.get_by_label("Summary report")).not_to_have_value("")  # prefilled
    pm.get_by_label("Lesson").first.fill("Book the racks early")
    pm.get_by_label("What to do next time").first.fill("Order racks with the lease.")
    asked: list[str] = []
    pm.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    pm.get_by_role("button", name="Close the project").click()
    expect(pm.get_by_test_id("summary")).to_be_visible()
    assert asked == [f"Close {CODE}? Its actuals can no longer change."]  # asked first
    screenshot(pm, "project-closed")

    director = new_context().new_page()
    login(director, base, "director@academy.test")
    panel = director.locator(".card").filter(has=director.locator("#panel-projects_over_plan"))
    expect(panel).to_contain_text("No open project with a plan")  # the lazy panel came; closed
    screenshot(director, "project-director-home", full_page=False)
    director.goto(f"{base}/reports/projects/")
    expect(director.get_by_test_id("over").get_by_role("link", name=f"{CODE} Warehouse racks"))
    screenshot(director, "project-director-department-report")


def test_the_pmo_ranks_pms_for_a_key_project_and_pages_fit_a_phone(
    new_context, live_server_url: str, key_project
):
    base = live_server_url
    pmo = new_context().new_page()
    login(pmo, base, "pmo@academy.test")
    pmo.goto(f"{base}/projects/?q={KEY}")
    pmo.get_by_role("link", name="Core banking cut-over").click()
    pmo.get_by_role("link", name="Staffing").click()
    expect(pmo.get_by_test_id("ranking-rule")).to_contain_text("Self ratings never count")
    candidates = pmo.get_by_test_id("candidate")
    expect(candidates.first).to_be_visible()
    screenshot(pmo, "project-staffing")
    candidates.first.get_by_role("radio").check()
    pmo.get_by_label("Why this PM").fill("Strongest confirmed fit, light load.")
    add = pmo.get_by_label("Add the assignment to their development plan as a stretch activity")
    expect(add).to_be_checked()  # the default; left off here so the demo plans stay as they are
    add.uncheck()
    pmo.get_by_role("button", name="Assign").click()
    expect(pmo.get_by_text(f"now runs {KEY}")).to_be_visible()

    phone = new_context(viewport=PHONE).new_page()
    login(phone, base, "pmo@academy.test")
    phone.goto(f"{base}/projects/")
    screenshot(phone, "project-list-phone")
    phone.get_by_role("link", name="Core banking cut-over").click()
    expect(phone.get_by_role("link", name="Staffing")).to_be_visible()
    screenshot(phone, "project-detail-phone")
    phone.get_by_role("link", name="Staffing").click()
    expect(phone.get_by_test_id("decisions")).to_contain_text("Strongest confirmed fit")
    screenshot(phone, "project-staffing-phone")

    chinese = new_context(locale="zh-CN").new_page()
    log_in_any_language(chinese, base, "pmo@academy.test")
    key_id = phone.url.split("/projects/")[1].split("/")[0]  # the staffing page's project
    for path, name in (
        ("/projects/", "list"), (f"/projects/{key_id}/staffing", "staffing"),
        ("/reports/projects/", "portfolio"),
    ):  # fmt: skip
        chinese.goto(base + path)
        expect(chinese.get_by_role("heading", level=1)).to_contain_text(HAN)
        screenshot(chinese, f"zh-project-{name}")
    chinese.goto(f"{base}/projects/{key_id}")  # headed by the project's own name
    expect(chinese.get_by_role("link", name="人员任命")).to_be_visible()
    screenshot(chinese, "zh-project-detail")
    chinese.get_by_role("link", name="人员任命").click()
    expect(chinese.get_by_test_id("ranking-rule")).to_contain_text("自评从不计入")
    pm_chinese = new_context(locale="zh-CN").new_page()
    log_in_any_language(pm_chinese, base, "pm@academy.test")
    expect(pm_chinese.get_by_role("heading", name="我的项目")).to_be_visible()  # the lazy panel
    screenshot(pm_chinese, "zh-project-pm-home")

"""A development plan from draft to progress: the PM starts from the template and submits, the
director approves, HR returns it with a reason, the PM adds a mentor and resubmits, both
approve, the PM marks an activity done and the progress bar moves; the page in Chinese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from competencies.careers.models import CareerAssignment, CareerLevel
from competencies.careers.services import assign_career
from competencies.plans.models import DevelopmentPlan
from lms.accounts.models import User
from lms.extensions import db
from lms.permissions import SYSTEM
from tests.browser.conftest import HAN, PHONE, english_leftovers, login, screenshot, visible_ui_text

pytestmark = pytest.mark.browser
PM = "zhang.min@academy.test"


def as_user(new_context, base_url: str, email: str, **options) -> Page:
    page = new_context(**options).new_page()
    login(page, base_url, email)
    return page


@pytest.fixture
def placed_pm(browser_app):
    """Zhang Min is a project coordinator aiming at project manager (HR set that earlier); her
    placement and plans are taken away afterwards (other tests place her too)."""
    with browser_app.app_context():
        levels = {
            level.idnumber: level for level in db.session.scalars(db.select(CareerLevel)).all()
        }
        person = db.session.scalar(db.select(User).where(User.email == PM))
        assign_career(person, actor=SYSTEM, current=levels["COORDINATOR"], aim=levels["PM"])
        person_id = person.id
        db.session.commit()
        db.session.remove()
    yield
    with browser_app.app_context():
        db.session.execute(db.delete(DevelopmentPlan).where(DevelopmentPlan.owner_id == person_id))
        db.session.execute(db.delete(CareerAssignment).where(CareerAssignment.user_id == person_id))
        db.session.commit()
        db.session.remove()


def open_waiting_plan(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/plans/waiting")
    page.get_by_test_id("plan-row").filter(has_text="Zhang Min").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Your decision")).to_be_visible()


def progress_text(page: Page) -> str:
    return page.get_by_test_id("plan-progress").get_by_test_id("progress-text").inner_text()


def test_plan_from_template_through_return_and_approval_to_progress(
    new_context, live_server_url: str, placed_pm, reset_locale
):
    base = live_server_url
    pm = as_user(new_context, base, PM)
    pm.get_by_role("link", name="My plan").click()
    pm.get_by_role("link", name="Start a plan").click()
    expect(pm.get_by_label("Career level aimed at")).to_have_value(re.compile(r"\d+"))
    pm.get_by_role("button", name="Start the plan").click()
    expect(pm.get_by_text("Your plan is started")).to_be_visible()
    goals = pm.get_by_test_id("goal")
    expect(goals).to_have_count(3)  # the template takes the three largest gaps
    expect(goals.first.get_by_test_id("activity")).to_have_count(4)
    screenshot(pm, "plan-pm-draft")
    pm.get_by_role("button", name="Submit for approval").click()
    expect(pm.get_by_test_id("waiting")).to_contain_text("not yet")
    plan_url = pm.url

    director = as_user(new_context, base, "director@academy.test")
    expect(director.get_by_test_id("waiting-count")).to_have_text("1")
    open_waiting_plan(director, base)
    director.get_by_label("Your comment on the decision").fill(
        "A good plan; start with scheduling."
    )
    director.get_by_role("button", name="Approve").click()
    expect(director.get_by_text("Your decision is recorded.")).to_be_visible()

    hr = as_user(new_context, base, "hr@academy.test")
    open_waiting_plan(hr, base)
    expect(hr.get_by_test_id("waiting")).to_contain_text("approved by Daniel Osei")
    hr.get_by_role("button", name="Return with a reason").click()
    expect(hr.get_by_text("Say why the plan goes back.")).to_be_visible()
    hr.get_by_label("Your comment on the decision").fill("Add a mentor for the first goal.")
    hr.get_by_role("button", name="Return with a reason").click()
    expect(hr.get_by_text("Your decision is recorded.")).to_be_visible()

    pm.goto(plan_url)
    expect(pm.get_by_test_id("timeline")).to_contain_text("Add a mentor for the first goal.")
    pm.get_by_role("link", name="Add activity").first.click()
    pm.get_by_label("Kind").select_option(label="Mentoring")
    pm.get_by_label("What").fill("Monthly mentoring on planning")
    pm.get_by_label("Mentor's e-mail address").fill("wang.wei@academy.test")
    pm.get_by_role("button", name="Save activity").click()
    expect(pm.get_by_text("Activity saved.")).to_be_visible()
    expect(pm.get_by_text("mentor: Wang Wei")).to_be_visible()
    pm.get_by_role("button", name="Submit for approval").click()
    expect(pm.get_by_test_id("waiting")).to_be_visible()

    for approver in (director, hr):
        open_waiting_plan(approver, base)
        approver.get_by_role("button", name="Approve").click()
        expect(approver.get_by_text("Your decision is recorded.")).to_be_visible()
    expect(hr.get_by_test_id("decision")).to_have_count(4)  # both rounds kept
    screenshot(hr, "plan-hr-approved")

    pm.goto(plan_url)
    expect(pm.get_by_text("Revision 1")).to_be_visible()
    before = progress_text(pm)
    assert before.startswith("0 of ")
    first = pm.get_by_test_id("activity").first
    first.get_by_label(re.compile("^Status of")).select_option(label="Done")
    first.get_by_role("button", name="Save progress").click()
    expect(pm.get_by_text("Progress saved.")).to_be_visible()
    assert progress_text(pm).startswith("1 of ")
    bar = pm.get_by_test_id("plan-progress").get_by_role("progressbar")
    assert int(bar.get_attribute("aria-valuenow")) > 0
    screenshot(pm, "plan-pm-progress")

    phone = as_user(new_context, base, PM, viewport=PHONE)
    phone.goto(plan_url)
    screenshot(phone, "plan-pm-phone")

    reset_locale(PM)
    pm.goto(f"{base}/profile/")
    pm.get_by_label("Language").select_option("zh_CN")
    pm.get_by_role("button", name="Save").click()
    pm.goto(plan_url)
    expect(pm.get_by_role("heading", level=1)).to_contain_text("发展计划")
    text = visible_ui_text(pm)
    assert HAN.search(text)
    assert not english_leftovers(
        text, ["Goals", "Conversation", "Timeline", "Decisions", "Print", "Save progress", "due"]
    )
    screenshot(pm, "plan-pm-chinese")

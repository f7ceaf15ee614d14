"""Every development-plan page the journey does not walk through, as its people see it, in
English and in Chinese at phone width: team plans (director), the overview with its chart,
templates and the template editor (PMO), deputies (HR), the print view, a frozen revision and
the goal form (the PM), and the calendar feed page. Each is screenshotted and checked by
axe-core; the Chinese run also shows the interface was translated."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from competencies.careers.models import CareerAssignment, CareerLevel
from competencies.careers.services import assign_career
from competencies.plans.demo import seed_demo_plans
from competencies.plans.models import Decision, DevelopmentPlan
from competencies.plans.services import decide_plan
from lms.accounts.models import User
from lms.extensions import db
from lms.permissions import SYSTEM
from tests.browser.conftest import HAN, PHONE, log_in_any_language, screenshot, visible_ui_text

pytestmark = pytest.mark.browser
OWNER = "wang.wei@academy.test"


@pytest.fixture
def approved_plan(browser_app) -> dict:
    """Wang Wei's demo plan, approved by the director and HR (so revision 1 is frozen); his
    placement and plans are taken away afterwards (other tests place him too)."""
    with browser_app.app_context():
        levels = {level.idnumber: level for level in db.session.scalars(select(CareerLevel))}
        person = db.session.scalar(select(User).where(User.email == OWNER))
        hr = db.session.scalar(select(User).where(User.email == "hr@academy.test"))
        assign_career(person, actor=SYSTEM, current=levels["SENIOR_PM"], aim=levels["PROGRAMME"])
        seed_demo_plans()
        plan = db.session.scalar(
            select(DevelopmentPlan).where(DevelopmentPlan.owner_id == person.id)
        )
        decide_plan(plan, actor=hr, decision=Decision.APPROVED)
        db.session.commit()
        ids = {
            "person": person.id,
            "plan": plan.id,
            "goal": plan.goals[0].id,
            "level": levels["PROGRAMME"].id,
        }
        db.session.remove()
    yield ids
    with browser_app.app_context():
        db.session.execute(delete(DevelopmentPlan).where(DevelopmentPlan.owner_id == ids["person"]))
        db.session.execute(
            delete(CareerAssignment).where(CareerAssignment.user_id == ids["person"])
        )
        db.session.commit()
        db.session.remove()


def pages(ids: dict) -> dict[str, list[tuple[str, str]]]:
    """Who looks at which page: e-mail -> (name, path)."""
    plan = f"/plans/{ids['plan']}"
    return {
        "director@academy.test": [("team", "/plans/team")],
        "pmo@academy.test": [
            ("overview", "/plans/overview"),
            ("templates", "/plans/templates"),
            ("template-editor", f"/plans/templates/{ids['level']}"),
        ],
        "hr@academy.test": [("deputies", "/plans/deputies")],
        OWNER: [
            ("print", f"{plan}/print"),
            ("revision", f"{plan}/revisions/1"),
            ("goal-form", f"{plan}/goals/{ids['goal']}/edit"),
            ("calendar-feed", "/calendar/feed"),
        ],
    }


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_plan_pages_at_phone_width(new_context, live_server_url, approved_plan, locale):
    for email, visits in pages(approved_plan).items():
        page = new_context(locale=locale, viewport=PHONE).new_page()
        log_in_any_language(page, live_server_url, email)
        for name, path in visits:
            response = page.goto(f"{live_server_url}{path}")
            assert response.status == 200, f"{path}: {response.status}"
            expect(page.locator("main h1")).to_be_visible()
            if locale == "zh-CN":
                heading = page.locator("main h1").inner_text()
                assert HAN.search(heading), f"{path}: the heading {heading!r} is not in Chinese"
                assert HAN.search(visible_ui_text(page))
            screenshot(page, f"plan-pages-{name}-{locale}")
        page.context.close()

"""Training from scheduling to the profile: the PMO schedules a class of a course and opens it;
one PM enrols from the calendar on a phone; a second lands on the waitlist; the first withdraws
and the second is moved in; the trainer marks attendance on a phone; the second PM's profile
shows the "training completed" evidence and the plan activity naming the course is done."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from competencies.framework.queries import loaded_framework_in_use
from competencies.plans import content, services
from competencies.plans.models import ActivityKind, Decision, DevelopmentPlan
from competencies.profiles.models import Evidence, EvidenceKind
from lms.accounts.models import User
from lms.clock import site_today
from lms.extensions import db
from lms.training.courses import save_course, save_room
from lms.training.models import Course, Room, TrainingClass
from tests.browser.conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser
FIRST, SECOND = "chen.jie@academy.test", "maria.silva@academy.test"
COURSE = "JOURNEY-EVM"


@pytest.fixture
def setting(browser_app):
    """A course Tom Becker teaches and a room; Maria Silva's approved plan names the course.
    All of it (and what the journey adds) is taken away afterwards."""
    with browser_app.app_context():
        people = {u.email: u for u in db.session.scalars(select(User))}
        pmo, maria = people["pmo@academy.test"], people[SECOND]
        leaf = loaded_framework_in_use().assessed_competencies[0]
        course = save_course(
            None,
            actor=pmo,
            idnumber=COURSE,
            names={"en": "Earned value in practice", "zh_CN": "挣值管理实践"},
            duration_hours=3,
            competencies={leaf.id: 3},
            trainers=[people["trainer@academy.test"]],
        )
        save_room(None, actor=pmo, name="Journey room", capacity=12)
        today = site_today()
        plan = services.start_plan(
            maria, actor=maria, period_start=today, period_end=today + timedelta(days=300)
        )
        goal = content.add_goal(plan, actor=maria, competency_id=leaf.id, target_level=3)
        content.add_activity(
            goal, actor=maria, kind=ActivityKind.COURSE, title="Earned value in practice",
            link_kind="course", link_id=course.id,
        )  # fmt: skip
        services.submit_plan(plan, actor=maria)
        for approver in ("li.na@academy.test", "hr@academy.test"):
            services.decide_plan(plan, actor=people[approver], decision=Decision.APPROVED)
        db.session.commit()
        ids = {
            "course": course.id,
            "plan": plan.id,
            "maria": maria.id,
            "day": today + timedelta(days=7),
        }
        db.session.remove()
    yield ids
    with browser_app.app_context():
        db.session.execute(delete(TrainingClass).where(TrainingClass.course_id == ids["course"]))
        db.session.execute(delete(Course).where(Course.id == ids["course"]))
        db.session.execute(delete(Room).where(Room.name == "Journey room"))
        db.session.execute(delete(DevelopmentPlan).where(DevelopmentPlan.id == ids["plan"]))
        db.session.execute(
            delete(Evidence).where(
                Evidence.user_id == ids["maria"], Evidence.kind == EvidenceKind.TRAINING
            )
        )
        db.session.commit()
        db.session.remove()


def as_user(new_context, base: str, email: str, **options) -> Page:
    page = new_context(**options).new_page()
    login(page, base, email)
    page.on("dialog", lambda dialog: dialog.accept())  # "Give up your place?" and the like
    return page


def test_schedule_enrol_waitlist_promote_attend_and_the_profile_shows_it(
    new_context, live_server_url: str, setting
):
    base, day = live_server_url, setting["day"]

    pmo = as_user(new_context, base, "pmo@academy.test")
    pmo.goto(f"{base}/courses/?q=earned")
    pmo.get_by_role("link", name="Earned value in practice").click()
    pmo.get_by_role("link", name="Schedule a class").first.click()
    row = pmo.get_by_test_id("session-row").first
    row.get_by_label("Day").fill(day.isoformat())
    row.get_by_label("Starts at").fill("09:00")
    row.get_by_label("Ends at").fill("12:00")
    pmo.get_by_label("Room").select_option(label="Journey room (12 seats)")
    pmo.get_by_label("Seats").fill("1")
    expect(pmo.get_by_label("Tom Becker")).to_be_checked()  # the course's default trainer
    screenshot(pmo, "training-pmo-schedule")
    pmo.get_by_role("button", name="Save class").click()
    expect(pmo.get_by_text("Class saved.")).to_be_visible()
    pmo.get_by_role("button", name="Open for enrolment").click()
    expect(pmo.get_by_text("The class is open for enrolment.")).to_be_visible()
    class_url = pmo.url

    first = as_user(new_context, base, FIRST, viewport=PHONE)
    first.goto(f"{base}/calendar/?scope=all&date={day.isoformat()}")
    agenda = first.get_by_test_id("agenda")
    expect(agenda).to_contain_text("Earned value in practice")
    screenshot(first, "training-pm-calendar-phone")
    agenda.get_by_role("link", name=re.compile("Earned value in practice")).click()
    first.get_by_role("button", name="Enrol").click()
    expect(first.get_by_test_id("my-place")).to_contain_text("You are enrolled.")
    screenshot(first, "training-pm-enrolled-phone")

    second = as_user(new_context, base, SECOND)
    second.goto(class_url)
    second.get_by_role("button", name="Join the waitlist").click()
    expect(second.get_by_test_id("position")).to_have_text("You are number 1 on the waitlist.")
    screenshot(second, "training-pm-waitlist")

    first.reload()
    first.wait_for_load_state()
    first.get_by_role("button", name="Withdraw").click()
    expect(first.get_by_text("You have withdrawn.")).to_be_visible()
    second.reload()
    expect(second.get_by_test_id("my-place")).to_contain_text("You are enrolled.")

    trainer = as_user(new_context, base, "trainer@academy.test", viewport=PHONE)
    trainer.goto(f"{base}/classes/mine")
    trainer.get_by_test_id("taught-class").get_by_role("link").click()
    trainer.get_by_role("link", name="Take attendance").click()
    sheet_row = trainer.get_by_test_id("sheet-row")
    expect(sheet_row).to_have_count(1)
    expect(sheet_row).to_contain_text("Maria Silva")
    sheet_row.get_by_text("Present", exact=True).click()
    expect(sheet_row.get_by_role("radio", name="Present")).to_be_checked()
    screenshot(trainer, "training-trainer-attendance-phone")
    trainer.get_by_role("button", name="Save attendance").click()
    expect(trainer.get_by_text("Attendance saved: 1 marked.")).to_be_visible()

    second.goto(f"{base}/me/competencies")
    evidence = second.get_by_test_id("evidence-list")
    expect(evidence).to_contain_text("Earned value in practice")
    screenshot(second, "training-pm-profile-evidence")
    second.goto(f"{base}/plans/{setting['plan']}")
    activity = second.get_by_test_id("activity").filter(has_text="Earned value in practice")
    expect(activity.get_by_test_id("activity-status")).to_have_text("Done")
    screenshot(second, "training-pm-plan-done")

"""Every training page as its people see it, in English and in Chinese at phone width: the
catalogue, a course and its editors, a class with its roster and editors, attendance and
check-in, my classes, the calendar, rooms, requests to approve, training needs, reports and
feedback, and the home page's training panels. Each is screenshotted and checked by axe-core;
in Chinese the heading is Chinese too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from competencies.framework.queries import loaded_framework_in_use
from competencies.plans import content, services
from competencies.plans.models import ActivityKind, Decision, DevelopmentPlan
from lms.accounts.models import User
from lms.clock import site_today, utcnow
from lms.extensions import db
from lms.training import enrolment
from lms.training.attendance import give_feedback, mark_attendance
from lms.training.classes import open_class, save_class
from lms.training.courses import save_course, save_room
from lms.training.models import AttendanceStatus, Course, Room, TrainingClass
from tests.browser.conftest import HAN, PHONE, log_in_any_language, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def training(browser_app):
    """A course Tom teaches, with a class running now (Priya has a seat, came and gave
    feedback); a course that needs approval (Chen Jie waits for Daniel Osei); James Okafor's
    approved plan names the first course (a training need). All taken away afterwards."""
    with browser_app.app_context():
        people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
        pmo, tom = people["pmo"], people["trainer"]
        leaf = loaded_framework_in_use().assessed_competencies[0]
        course = save_course(
            None, actor=pmo, idnumber="A11Y-1", names={"en": "Stakeholder maps", "zh_CN": "干系人地图"},
            duration_hours=6, competencies={leaf.id: 3}, trainers=[tom],
            materials=[("Slides", "https://intranet.example/maps.pdf")],
        )  # fmt: skip
        gated = save_course(
            None, actor=pmo, idnumber="A11Y-2", names={"en": "Portfolio boards", "zh_CN": "组合委员会"},
            duration_hours=3, needs_approval=True,
        )  # fmt: skip
        room = save_room(None, actor=pmo, name="A11y room", capacity=20)
        now = utcnow().replace(second=0, microsecond=0)
        running = save_class(
            None, actor=pmo, course=course, capacity=12, min_size=5, room=room, trainers=[tom],
            sessions=[(now - timedelta(hours=1), now + timedelta(hours=2)),
                      (now + timedelta(days=2), now + timedelta(days=2, hours=3))],
        )  # fmt: skip
        gated_class = save_class(
            None, actor=pmo, course=gated, capacity=10, online_url="https://meet.example/a11y",
            sessions=[(now + timedelta(days=9), now + timedelta(days=9, hours=3))],
        )  # fmt: skip
        for each in (running, gated_class):
            open_class(each, actor=pmo)
        seat = enrolment.enrol(running, actor=people["pm"])
        enrolment.enrol(running, actor=people["wang.wei"])
        mark_attendance(
            running, actor=tom, marks=[(seat.id, running.sessions[0].id, AttendanceStatus.PRESENT)]
        )
        give_feedback(seat, actor=people["pm"], rating=4, comment="Clear and practical.")
        enrolment.enrol(gated_class, actor=people["chen.jie"])
        james = people["james.okafor"]
        today = site_today()
        plan = services.start_plan(
            james, actor=james, period_start=today, period_end=today + timedelta(days=200)
        )
        goal = content.add_goal(plan, actor=james, competency_id=leaf.id, target_level=3)
        content.add_activity(goal, actor=james, kind=ActivityKind.COURSE, title="Stakeholder maps",
                             link_kind="course", link_id=course.id)  # fmt: skip
        services.submit_plan(plan, actor=james)
        for approver in ("li.na", "hr"):
            services.decide_plan(plan, actor=people[approver], decision=Decision.APPROVED)
        db.session.commit()
        ids = {"course": course.id, "gated": gated.id, "class": running.id, "room": room.id,
               "plan": plan.id}  # fmt: skip
        db.session.remove()
    yield ids
    with browser_app.app_context():
        db.session.execute(
            delete(TrainingClass).where(TrainingClass.course_id.in_([ids["course"], ids["gated"]]))
        )
        db.session.execute(delete(Course).where(Course.id.in_([ids["course"], ids["gated"]])))
        db.session.execute(delete(Room).where(Room.id == ids["room"]))
        db.session.execute(delete(DevelopmentPlan).where(DevelopmentPlan.id == ids["plan"]))
        db.session.commit()
        db.session.remove()


def pages(ids: dict) -> dict[str, list[tuple[str, str]]]:
    course, klass, room = ids["course"], ids["class"], ids["room"]
    return {
        "pmo@academy.test": [
            ("home-pmo", "/"),
            ("catalogue", "/courses/"),
            ("course", f"/courses/{course}"),
            ("course-edit", f"/courses/{course}/edit"),
            ("class-pmo", f"/classes/{klass}"),
            ("class-edit", f"/classes/{klass}/edit"),
            ("class-new", f"/courses/{course}/classes/new"),
            ("rooms", "/rooms/"),
            ("room-edit", f"/rooms/{room}/edit"),
            ("needs", "/training/needs/"),
            ("needs-course", f"/training/needs/{course}"),
            ("needs-schedule", f"/training/needs/{course}/schedule"),
            ("reports", "/training/reports"),
            ("feedback-pmo", "/training/feedback"),
            ("calendar-all", "/calendar/?scope=all"),
        ],
        "pm@academy.test": [
            ("home-pm", "/"),
            ("mine", "/classes/mine"),
            ("class-seated", f"/classes/{klass}"),
            ("check-in", f"/classes/{klass}/check-in"),
            ("calendar-week", "/calendar/?view=week"),
        ],
        "trainer@academy.test": [
            ("home-trainer", "/"),
            ("attendance", f"/classes/{klass}/attendance"),
            ("feedback-trainer", "/training/feedback"),
        ],
        "director@academy.test": [("requests", "/classes/requests")],
        "hr@academy.test": [("reports-hours", "/training/reports?tab=hours")],
    }


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_training_pages_at_phone_width(new_context, live_server_url, training, locale):
    for email, visits in pages(training).items():
        page = new_context(locale=locale, viewport=PHONE).new_page()
        log_in_any_language(page, live_server_url, email)
        for name, path in visits:
            response = page.goto(f"{live_server_url}{path}")
            assert response.status == 200, f"{path}: {response.status}"
            heading = page.locator("main h1").first
            expect(heading).to_be_visible()
            if locale == "zh-CN":
                assert HAN.search(heading.inner_text()), f"{path}: {heading.inner_text()!r}"
            screenshot(page, f"training-pages-{name}-{locale}")
        page.context.close()

"""The PMO makes a new version of PMO-CORE, renames and retires, publishes, and reads what changed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, func, select

from competencies.careers.models import CareerAssignment, CareerLevel
from competencies.careers.services import assign_career
from competencies.framework.models import Competency, Framework
from competencies.profiles.models import Rating, RatingKind
from competencies.profiles.ratings import rebuild_current
from lms.accounts.models import User
from lms.extensions import db
from lms.permissions import SYSTEM
from tests.factories import RatingFactory

from .conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser

RENAMED = "Personal and team communication"


@pytest.fixture
def restore_frameworks(browser_app):
    """The browser database is shared: drop the versions this test makes, put the states and
    everyone's career levels (publishing moves them to the new version) back."""
    with browser_app.app_context():
        states = {f.id: f.state for f in db.session.scalars(select(Framework))}
        careers = {
            a.user_id: (a.current_level_id, a.next_level_id)
            for a in db.session.scalars(select(CareerAssignment))
        }
        last_rating = db.session.scalar(select(func.max(Rating.id))) or 0
        db.session.remove()
    yield
    with browser_app.app_context():
        for framework in db.session.scalars(select(Framework)).all():
            if framework.id not in states:
                db.session.delete(framework)
        db.session.flush()
        for framework in db.session.scalars(select(Framework)):
            framework.state = states[framework.id]
        db.session.execute(delete(Rating).where(Rating.id > last_rating))
        rebuild_current()  # the demo ratings are current again
        for assignment in db.session.scalars(select(CareerAssignment)).all():
            if assignment.user_id in careers:
                assignment.current_level_id, assignment.next_level_id = careers[assignment.user_id]
            else:
                db.session.delete(assignment)
        db.session.commit()
        db.session.remove()


def accept_next_dialog(page: Page, questions: list[str]) -> None:
    def handle(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", handle)
    # The question comes from app.js (deferred): a click before "load" would submit unasked.
    page.wait_for_load_state()


def _place_wang_wei(browser_app) -> None:
    """Wang Wei: a project manager with a confirmed level in Personal communication on 1.0."""
    with browser_app.app_context():
        framework = db.session.scalar(select(Framework).where(Framework.idnumber == "PMO-CORE"))
        person = db.session.scalar(select(User).where(User.email == "wang.wei@academy.test"))
        pmo = db.session.scalar(select(User).where(User.email == "pmo@academy.test"))
        level = db.session.scalar(
            select(CareerLevel).where(
                CareerLevel.framework_id == framework.id, CareerLevel.idnumber == "PM"
            )
        )
        assign_career(person, actor=SYSTEM, current=level, aim=None)
        communication = db.session.scalar(
            select(Competency).where(
                Competency.framework_id == framework.id, Competency.idnumber == "PEO-03"
            )
        )
        RatingFactory(
            user=person,
            competency=communication,
            level=3,
            kind=RatingKind.PMO,
            rated_by_id=pmo.id,
            rated_on=date(2026, 6, 1),
            justification="Ran the steering committee updates.",
        )
        db.session.commit()
        db.session.remove()


def test_pmo_versions_the_framework_and_reads_what_changed(
    page: Page, live_server_url: str, restore_frameworks, new_context, browser_app
):
    _place_wang_wei(browser_app)
    login(page, live_server_url, "pmo@academy.test")
    page.get_by_role("link", name="Competencies", exact=True).first.click()
    expect(page.get_by_role("link", name="Import", exact=True)).to_be_visible()
    page.get_by_role("link", name="PMO core project management competencies").click()
    screenshot(page, "framework-editor-detail-published", full_page=False)

    page.get_by_role("link", name="New version").click()
    expect(page.get_by_label("Version", exact=True)).to_have_value("1.1")
    screenshot(page, "framework-editor-new-version")
    page.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_text("The new version is a draft")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit PMO core")

    page.locator("tr#c-PEO-03").get_by_role("link", name=re.compile("^Edit")).click()
    name = page.get_by_label("Name (English)", exact=True)
    expect(name).to_have_value("Personal communication")
    name.fill(RENAMED)
    screenshot(page, "framework-editor-competency-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("tr#c-PEO-03")).to_contain_text(RENAMED)

    questions: list[str] = []
    accept_next_dialog(page, questions)
    page.locator("tr#c-PER-03").get_by_role("button", name="Retire").click()
    expect(page.get_by_text("is retired: it stays in the history")).to_be_visible()
    expect(page.locator("tr#c-PER-03")).to_contain_text("retired")
    expect(page.locator("tr#c-PER-03").get_by_role("button", name="Bring back")).to_be_visible()
    screenshot(page, "framework-editor-draft")

    accept_next_dialog(page, questions)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Version 1.1 is published.")).to_be_visible()
    # the PMO reads what followed: the career levels came over, Wang Wei moved onto them
    expect(page.get_by_text("career levels copied to this version.")).to_be_visible()
    screenshot(page, "framework-editor-published-follow-ups", full_page=False)
    new_id = int(re.search(r"/frameworks/(\d+)", page.url)[1])
    assert questions[0].startswith("Retire Compliance, standards and regulations?")
    assert questions[1].startswith("Publish version 1.1?")

    page.get_by_role("link", name="What changed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed in version 1.1")
    retired = page.get_by_role("region", name=re.compile("^Retired"))
    expect(retired.get_by_role("listitem")).to_have_text(
        re.compile(r"Compliance, standards and regulations\s+PER-03")
    )
    changed = page.locator("#changed-PEO-03")
    expect(changed.get_by_role("row").nth(1)).to_contain_text("Personal communication")
    expect(changed.get_by_role("row").nth(1)).to_contain_text(RENAMED)
    expect(page.locator(".card[id^=changed-]")).to_have_count(1)
    expect(page.get_by_role("region", name=re.compile("^Added"))).to_have_count(0)
    screenshot(page, "framework-editor-changes")
    page.set_viewport_size(PHONE)
    screenshot(page, "framework-editor-changes-phone", full_page=False)

    page.goto(f"{live_server_url}/frameworks/")
    versions = page.get_by_role("link").filter(has_text="PMO-CORE")
    expect(versions.filter(has_text="version 1.0")).to_contain_text("Archived")
    expect(versions.filter(has_text="version 1.1")).to_contain_text("Published")

    # Wang Wei's profile moves to 1.1 with his career level and his earlier confirmed rating
    pm = new_context().new_page()
    login(pm, live_server_url, "wang.wei@academy.test")
    pm.goto(f"{live_server_url}/me/competencies")
    expect(pm.get_by_text("Career level: Project manager")).to_be_visible()
    row = pm.locator('tr[data-competency="PEO-03"]')
    expect(row).to_contain_text(RENAMED)
    expect(row.get_by_role("link", name=RENAMED, exact=True)).to_have_attribute(
        "href", f"/frameworks/{new_id}#c-PEO-03"
    )
    expect(row.locator("td.confirmed")).to_contain_text("3")
    expect(pm.locator('tr[data-competency="PER-03"]')).to_have_count(0)  # retired: not rated
    expect(pm.get_by_test_id("timeline")).to_contain_text("rated against version 1.0")
    screenshot(pm, "profile-after-new-framework-version")
    pm.goto(f"{live_server_url}/frameworks/{new_id}")
    pm.get_by_role("link", name="What changed").click()
    expect(pm.get_by_role("heading", level=1)).to_have_text("What changed in version 1.1")


def test_pmo_sees_every_problem_of_a_bad_file_next_to_the_file_field(
    page: Page, live_server_url: str, tmp_path
):
    bad = tmp_path / "framework.csv"
    bad.write_text(
        "kind,idnumber,parent_idnumber,version,value,name_en\n"
        "framework,BAD-FW,,1.0,,Bad framework\n"
        "level,,,,0,None\n"
        "competency,X,GHOST,,,\n"
        "competency,Y,,,,Fine\n"
        "competency,Y,,,,Twice\n",
        encoding="utf-8",
    )
    login(page, live_server_url, "pmo@academy.test")
    page.goto(f"{live_server_url}/frameworks/")
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Framework file").set_input_files(str(bad))
    page.get_by_role("button", name="Import", exact=True).click()
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_contain_text("Nothing was imported: 3 problems.")
    expect(problems.get_by_role("listitem")).to_have_text(
        [
            "row 4: A name is required.",
            "row 6: Id number Y is also used at row 5.",
            "row 4: Parent GHOST is not in the file.",
        ]
    )
    expect(page.get_by_label("Framework file")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "framework-editor-import-problems")
    page.goto(f"{live_server_url}/frameworks/")
    expect(page.get_by_text("BAD-FW")).to_have_count(0)

"""The methodology library in the real browser: the PMO drafts, reviews and publishes a
guideline; a PM (on a phone) suggests a change; the PMO sees exactly what changed, accepts it
as a new revision and publishes version 1.1; the PM reads what changed since 1.0."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser

TEXT = """## When

Hold a kick-off within two weeks of the project's approval.

## Agenda

1. Objectives and scope
2. Roles and the RACI chart
3. Plan, milestones and the first risks"""


def _publish(page: Page) -> None:
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_test_id("document-state")).to_have_text("In review")
    page.get_by_role("button", name="Approve this revision").click()
    expect(page.get_by_test_id("document-state")).to_contain_text("Approved")


def test_the_pmo_publishes_a_guideline_a_pm_suggests_a_change_and_it_becomes_1_1(
    page: Page, live_server_url: str, new_context
):
    title = f"Kick-off meeting guideline {uuid.uuid4().hex[:4]}"
    login(page, live_server_url, "pmo@academy.test")
    page.goto(f"{live_server_url}/library/")
    screenshot(page, "library-index-pmo")
    page.get_by_role("link", name="New document").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Kind").select_option(label="Guideline")
    page.get_by_label("Text").fill(TEXT)
    page.get_by_label("What changed").fill("First draft")
    screenshot(page, "library-new-document")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_test_id("document-state")).to_have_text("Draft")
    _publish(page)
    page.get_by_label("Release notes").fill("First version for every project.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_test_id("published-version")).to_have_text("Version 1.0")
    screenshot(page, "library-guideline-published")
    document_url = page.url

    phone = new_context(viewport=PHONE)
    pm = phone.new_page()
    login(pm, live_server_url, "pm@academy.test")
    pm.goto(document_url)
    expect(pm.get_by_test_id("document-body")).to_contain_text("RACI chart")
    pm.get_by_role("link", name="Suggest a change").click()
    body = pm.get_by_label("The text you propose")
    body.fill(TEXT + "\n4. How the team reports progress")
    pm.get_by_label("Why").fill("Our teams asked how to report at the kick-off.")
    screenshot(pm, "library-suggest-change-phone")
    pm.get_by_role("button", name="Send to the PMO").click()
    expect(pm.get_by_test_id("suggestion-state")).to_have_text("Waiting for the PMO")
    suggestion_url = pm.url

    page.goto(f"{live_server_url}/library/review")
    page.get_by_test_id("review-suggestion").filter(has_text=title).get_by_role("link").click()
    expect(page.get_by_test_id("diff-added")).to_have_count(1)
    expect(page.get_by_test_id("diff-added")).to_contain_text("How the team reports progress")
    screenshot(page, "library-suggestion-diff")
    page.get_by_label("Note to the suggester").fill("Good point, thank you.")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_test_id("draft-note")).to_be_visible()  # revision 2, not yet published
    _publish(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_test_id("published-version")).to_have_text("Version 1.1")
    page.get_by_role("link", name="History").click()
    expect(page.get_by_test_id("revision-row")).to_have_count(2)
    screenshot(page, "library-history")

    pm.goto(suggestion_url)
    expect(pm.get_by_test_id("suggestion-state")).to_have_text("Accepted")
    pm.goto(document_url)
    expect(pm.get_by_test_id("document-body")).to_contain_text("How the team reports progress")
    pm.get_by_role("link", name="What changed since 1.0").click()
    expect(pm.get_by_test_id("diff-added")).to_contain_text("How the team reports progress")
    expect(pm.get_by_test_id("changed-count")).to_have_text(re.compile(r"^1 line changed$"))
    screenshot(pm, "library-changes-since-phone")
    pm.goto(f"{live_server_url}/notifications/")
    expect(pm.get_by_text("was accepted").first).to_be_visible()
    phone.close()


@pytest.fixture
def reading_plan(browser_app):
    """A published document, and a plan of the demo PM's approved by their director and HR
    with an activity to read it."""
    from datetime import timedelta

    from sqlalchemy import select

    from community.library import services
    from competencies.framework.queries import loaded_framework_in_use
    from competencies.plans import services as plans
    from competencies.plans.models import ActivityKind, Decision, PlanActivity, PlanGoal
    from lms.accounts.models import User
    from lms.clock import site_today
    from lms.extensions import db

    def person(email: str) -> User:
        return db.session.scalar(select(User).where(User.email == email))

    with browser_app.app_context():
        pmo, pm = person("pmo@academy.test"), person("pm@academy.test")
        title = f"Change control procedure {uuid.uuid4().hex[:4]}"
        document = services.save_document(None, actor=pmo, title=title, body="1. Log\n2. Decide")
        services.submit_document(document, actor=pmo)
        services.approve_document(document, actor=pmo)
        services.publish_document(document, actor=pmo, major=False)
        year = site_today().year + 2  # a period of its own, whatever other tests planned
        plan = plans.start_plan(
            pm, actor=pm, period_start=site_today().replace(year=year),
            period_end=site_today().replace(year=year) + timedelta(days=300),
        )  # fmt: skip
        goal = PlanGoal(
            competency_id=loaded_framework_in_use().assessed_competencies[0].id, target_level=2
        )
        activity = PlanActivity(
            title=f"Read “{title}”", kind=ActivityKind.READING, link_kind="document",
            link_id=document.id,
        )  # fmt: skip
        goal.activities.append(activity)
        plan.goals.append(goal)
        plans.submit_plan(plan, actor=pm)
        director = db.session.get(User, pm.department.director_id)
        for approver in (director, person("hr@academy.test")):
            plans.decide_plan(plan, actor=approver, decision=Decision.APPROVED)
        db.session.commit()
        return document.id, plan.id, activity.id


def test_reading_a_document_completes_the_plans_read_activity(
    page: Page, live_server_url: str, reading_plan
):
    document_id, plan_id, activity_id = reading_plan
    login(page, live_server_url, "pm@academy.test")
    page.goto(f"{live_server_url}/plans/{plan_id}")
    row = page.locator(f"#activity-{activity_id}")
    expect(row.get_by_test_id("activity-status")).not_to_have_text("Done")
    page.goto(f"{live_server_url}/library/{document_id}")
    page.get_by_role("button", name="I have read version 1.0").click()
    expect(page.get_by_test_id("read-mark")).to_be_visible()
    screenshot(page, "library-read-acknowledged")
    page.goto(f"{live_server_url}/plans/{plan_id}")
    expect(row.get_by_test_id("activity-status")).to_have_text("Done")
    screenshot(page, "plan-read-activity-done")


def test_a_pm_starts_a_project_proposal_from_the_template_and_downloads_it(
    page: Page, live_server_url: str, tmp_path
):
    import io

    import docx

    login(page, live_server_url, "pm@academy.test")
    page.goto(f"{live_server_url}/library/?kind=template")
    page.get_by_test_id("document-row").get_by_role(
        "link", name="Project proposal", exact=True
    ).click()
    page.get_by_role("link", name="Start from this template").click()
    page.get_by_label("Project name").fill("Apollo CRM rollout")
    page.get_by_label("Sponsor").fill("Chen Wei")
    page.get_by_label("Start date").fill("2027-01-04")
    page.get_by_label("End date").fill("2027-09-30")
    expect(page.get_by_label("Project manager")).to_have_value("Priya Shah")
    screenshot(page, "library-start-from-template")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download").click()
    download = waiting.value
    assert download.suggested_filename == "Apollo CRM rollout - Project proposal.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    document = docx.Document(io.BytesIO(saved.read_bytes()))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "Apollo CRM rollout" in text and "Chen Wei" in text and "Priya Shah" in text


@pytest.fixture
def payload_document(browser_app):
    """A published document whose title, text, suggestion and comments are the XSS payloads."""
    from sqlalchemy import select

    from community.library import services, suggestions
    from lms.accounts.models import User
    from lms.extensions import db
    from tests.community.xss_payloads import PAYLOADS

    with browser_app.app_context():
        pmo = db.session.scalar(select(User).where(User.email == "pmo@academy.test"))
        pm = db.session.scalar(select(User).where(User.email == "pm@academy.test"))
        body = "\n\n".join(PAYLOADS)
        document = services.save_document(
            None, actor=pmo, title=f"Payloads {PAYLOADS[2]}"[:200], body=body
        )
        services.submit_document(document, actor=pmo)
        services.approve_document(document, actor=pmo)
        services.publish_document(document, actor=pmo, major=False, release_notes=PAYLOADS[0])
        services.save_document(
            document, actor=pmo, title=document.title, body=body + "\n\nmore",
            base_revision=document.revision_count, change_note=PAYLOADS[3][:300],
        )  # fmt: skip
        suggestion = suggestions.suggest(
            document, actor=pm, title=document.title, body=body + "\n\n" + PAYLOADS[5],
            reason=PAYLOADS[6],
        )  # fmt: skip
        for payload in PAYLOADS[:10]:
            suggestions.comment_on_suggestion(suggestion, actor=pmo, body=payload)
        db.session.commit()
        return document.id, suggestion.id


def test_xss_payloads_in_documents_suggestions_and_comments_stay_inert(
    page: Page, live_server_url: str, payload_document
):
    from tests.browser.test_forum import PIXEL, PLANTED

    document_id, suggestion_id = payload_document
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # images may come from the site's own uploads: a pixel stands in
    page.route(
        re.compile(r".*/uploads/.*"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=PIXEL),
    )
    login(page, live_server_url, "pmo@academy.test")
    for path in (
        f"/library/{document_id}",
        f"/library/{document_id}?revision=2",
        f"/library/{document_id}/history",
        f"/library/{document_id}/diff",
        f"/library/suggestions/{suggestion_id}",
        "/library/?q=Payloads",
        "/library/review",
    ):
        page.goto(live_server_url + path)
        expect(page.locator("main")).to_be_visible()
        page.mouse.move(200, 300)
        assert page.evaluate(PLANTED) == [], path
    page.goto(f"{live_server_url}/library/{document_id}")
    expect(page.get_by_test_id("document-body")).to_contain_text("<script>alert(1)</script>")
    screenshot(page, "library-xss-payloads-inert")
    assert dialogs == []


@pytest.fixture
def edited_document(browser_app):
    """A published document with a second revision, the PM's suggestion for it and feedback."""
    from sqlalchemy import select

    from community.library import feedback, services, suggestions
    from lms.accounts.models import User
    from lms.extensions import db

    with browser_app.app_context():
        pmo = db.session.scalar(select(User).where(User.email == "pmo@academy.test"))
        pm = db.session.scalar(select(User).where(User.email == "pm@academy.test"))
        document = services.save_document(
            None, actor=pmo, title=f"Steering committee guide {uuid.uuid4().hex[:4]}", body=TEXT
        )
        services.submit_document(document, actor=pmo)
        services.approve_document(document, actor=pmo)
        services.publish_document(document, actor=pmo, major=False, release_notes="First")
        services.save_document(
            document, actor=pmo, title=document.title, body=TEXT + "\n4. Decisions",
            base_revision=1, change_note="decisions",
        )  # fmt: skip
        suggestions.suggest(document, actor=pm, title=document.title, body=TEXT + "\n4. Risks")
        feedback.give_document_feedback(document, actor=pm, is_useful=False, comment="An example")
        db.session.commit()
        return document.id


def test_every_library_page_in_english_at_both_widths_and_in_chinese(
    page: Page, live_server_url: str, new_context, edited_document
):
    from tests.browser.conftest import log_in_any_language
    from tests.browser.test_forum import headed_in_chinese

    doc = edited_document
    pmo_pages = [
        ("/library/drafts", "drafts"),
        ("/library/review", "review"),
        (f"/library/{doc}?revision=2", "draft-revision"),
        (f"/library/{doc}/history", "history"),
        (f"/library/{doc}/diff", "diff"),
        (f"/library/{doc}/edit", "edit"),
        (f"/library/{doc}/retire", "retire"),
        (f"/library/{doc}/material", "material"),
    ]
    pm_pages = [
        (f"/library/{doc}", "document"),
        (f"/library/{doc}/plan", "plan"),
        ("/library/suggestions/mine", "my-suggestions"),
        (f"/library/suggestions/new?document={doc}", "suggest-change"),
    ]
    login(page, live_server_url, "pmo@academy.test")
    for path, name in pmo_pages:
        page.goto(live_server_url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        screenshot(page, f"library-pmo-{name}")
    phone = new_context(viewport=PHONE)
    pm = phone.new_page()
    login(pm, live_server_url, "pm@academy.test")
    for path, name in pm_pages:
        pm.goto(live_server_url + path)
        expect(pm.get_by_role("heading", level=1)).to_be_visible()
        screenshot(pm, f"library-pm-{name}-phone")
    phone.close()
    chinese = new_context(locale="zh-CN")
    zh = chinese.new_page()
    log_in_any_language(zh, live_server_url, "pmo@academy.test")
    headed_in_chinese(zh, live_server_url, "zh-library", [
        ("/library/drafts", "drafts"), ("/library/suggestions/mine", "my-suggestions"),
        (f"/library/{doc}/history", "history"), (f"/library/{doc}/diff", "diff"),
        (f"/library/{doc}/edit", "edit"), (f"/library/{doc}/retire", "retire"),
        (f"/library/{doc}/material", "material"), (f"/library/{doc}/changes?since=1.0", "changes"),
    ])  # fmt: skip
    zh.goto(f"{live_server_url}/library/{doc}")  # headed by the document's own title
    expect(zh.get_by_role("link", name="历史")).to_be_visible()
    screenshot(zh, "zh-library-document")
    chinese.close()
    chinese = new_context(locale="zh-CN")
    zh = chinese.new_page()
    log_in_any_language(zh, live_server_url, "pm@academy.test")
    headed_in_chinese(zh, live_server_url, "zh-library-pm", [(f"/library/{doc}/plan", "plan")])
    chinese.close()

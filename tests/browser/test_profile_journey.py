"""A PM rates themself, the director confirms a level, the profile's chart and gaps follow."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, SCREENSHOTS, login, screenshot

pytestmark = pytest.mark.browser
RISK = "Risk and opportunity"


def as_user(new_context, base_url: str, email: str) -> Page:
    """Each person in their own browser context (own cookies), watched like every test page."""
    page = new_context().new_page()
    login(page, base_url, email)
    return page


def confirmed_level(page: Page, idnumber: str) -> str:
    return page.locator(f'tr[data-competency="{idnumber}"] td.confirmed .fw-semibold').inner_text()


def risk_in_chart(page: Page) -> tuple[int, int]:
    """(confirmed, self) plotted for Risk and opportunity on the Practice radar."""
    for canvas in page.locator("canvas.radar-chart").all():
        data = json.loads(canvas.get_attribute("data-chart"))
        if RISK in data["labels"]:
            index = data["labels"].index(RISK)
            return data["confirmed"][index], data["self"][index]
    raise AssertionError("no chart shows Risk and opportunity")


def test_self_rating_then_director_confirmation_moves_chart_and_gaps(
    new_context, live_server_url: str
):
    pmo = as_user(new_context, live_server_url, "pmo@academy.test")
    pmo.goto(f"{live_server_url}/people/?q=pm%40academy.test")
    pmo.get_by_role("link", name="Priya Shah").click()
    pmo.get_by_role("link", name="Competency profile").click()
    pmo.get_by_label("Current career level").select_option(label="Project manager")
    pmo.get_by_label("Next level to aim for").select_option(label="Senior project manager")
    pmo.get_by_role("button", name="Save career levels").click()
    expect(pmo.get_by_text("aiming for Senior project manager")).to_be_visible()

    pm = as_user(new_context, live_server_url, "pm@academy.test")
    pm.get_by_role("link", name="My competencies").click()
    gaps = pm.get_by_test_id("gap-list")
    expect(gaps).to_contain_text(RISK)  # senior PM target 4, nothing confirmed yet
    assert risk_in_chart(pm) == (0, 0)
    pm.get_by_label("Competency", exact=True).select_option(label=RISK)
    pm.get_by_label("Level", exact=True).select_option(value="3")
    pm.get_by_label("Comment", exact=True).fill("I ran the risk register on the CRM project.")
    pm.get_by_role("button", name="Save my rating").click()
    expect(pm.get_by_test_id("timeline")).to_contain_text("Self rating")
    assert risk_in_chart(pm) == (0, 3)
    screenshot(pm, "profile-pm-after-self-rating")

    director = as_user(new_context, live_server_url, "director@academy.test")
    team = director.get_by_test_id("team-list")
    expect(team.locator("li").filter(has_text="Priya Shah")).to_contain_text("awaits assessment")
    team.get_by_role("link", name="Priya Shah").click()
    director.get_by_label("Competency", exact=True).select_option(label=RISK)
    director.get_by_label("Level", exact=True).select_option(value="4")
    director.get_by_role("button", name="Confirm level").click()
    expect(
        director.get_by_text("Cite at least one piece of evidence or write a justification.")
    ).to_be_visible()
    director.get_by_label("Competency", exact=True).select_option(label=RISK)
    director.get_by_label("Level", exact=True).select_option(value="4")
    director.get_by_label("Justification").fill("Led the ERP risk workshops; risks closed on time.")
    director.get_by_role("button", name="Confirm level").click()
    expect(director.get_by_text("Level confirmed for Priya Shah.")).to_be_visible()
    screenshot(director, "profile-director-confirmed")

    pm.reload()
    assert confirmed_level(pm, "PRA-11") == "4"
    assert risk_in_chart(pm) == (4, 3)
    expect(pm.get_by_test_id("gap-list")).not_to_contain_text(RISK)
    timeline = pm.get_by_test_id("timeline")
    expect(timeline.locator("li")).to_have_count(2)  # the self rating stays beside the confirmation
    expect(timeline).to_contain_text("Confirmed by director")
    screenshot(pm, "profile-pm-after-confirmation")
    pm.set_viewport_size(PHONE)
    screenshot(pm, "profile-pm-phone")
    charts = pm.locator("section[aria-labelledby=radar-heading]")
    charts.screenshot(path=str(SCREENSHOTS / "profile-pm-phone-charts.png"))
    # at phone width each chart takes the whole row, so it stays readable
    widths = [c.bounding_box()["width"] for c in pm.locator("canvas.radar-chart").all()]
    assert len(widths) == 3 and min(widths) > 300, widths
    pm.get_by_role("link", name="Print view").click()
    expect(pm.get_by_text("Career level: Project manager")).to_be_visible()
    screenshot(pm, "profile-print-phone")  # fails if the page is wider than the phone


def test_a_pm_removes_evidence_added_by_mistake_after_confirming(new_context, live_server_url: str):
    pm = as_user(new_context, live_server_url, "pm@academy.test")
    pm.get_by_role("link", name="My competencies").click()
    title = "Draft risk log (wrong project)"
    pm.get_by_label("Kind").select_option(label="Note")
    pm.get_by_label("Title").fill(title)
    pm.get_by_role("button", name="Add evidence").click()
    evidence = pm.get_by_test_id("evidence-list").locator("li").filter(has_text=title)
    expect(evidence).to_have_count(1)

    questions: list[str] = []

    def answer(dialog) -> None:
        questions.append(dialog.message)
        dialog.dismiss() if len(questions) == 1 else dialog.accept()

    pm.on("dialog", answer)
    pm.wait_for_load_state()  # app.js (deferred) asks the question; before "load" nobody asks
    evidence.get_by_role("button", name="Delete").click()  # dismissed: nothing happens
    expect(evidence).to_have_count(1)
    evidence.get_by_role("button", name="Delete").click()
    expect(pm.get_by_text(f"Evidence “{title}” deleted.")).to_be_visible()
    assert questions == [f"Delete “{title}”? This cannot be undone."] * 2
    expect(pm.get_by_test_id("evidence-list").locator("li").filter(has_text=title)).to_have_count(0)
    pm.set_viewport_size(PHONE)
    screenshot(pm, "profile-pm-evidence-deleted-phone")

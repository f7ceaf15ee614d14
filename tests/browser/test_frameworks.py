"""A PM reads the shipped competency framework: areas, elements, level descriptors, both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser


def test_pm_reads_the_framework_and_its_levels(page: Page, live_server_url: str, reset_locale):
    login(page, live_server_url, "pm@academy.test")
    page.get_by_role("link", name="Competencies", exact=True).first.click()
    page.get_by_role("link", name="PMO core project management competencies").click()
    expect(page.get_by_role("heading", name="Proficiency scale")).to_be_visible()
    expect(page.locator("details.competency")).to_have_count(29)
    risk = page.locator("details#c-PRA-11")
    risk.locator("summary").click()
    expect(risk.locator("dd")).to_have_count(5)
    screenshot(page, "framework-pm-desktop")
    page.set_viewport_size(PHONE)
    risk.scroll_into_view_if_needed()
    screenshot(page, "framework-pm-phone", full_page=False)

    reset_locale("pm@academy.test")
    page.goto(f"{live_server_url}/profile/")
    page.get_by_label("Language", exact=True).select_option(label="简体中文")
    page.get_by_role("button", name="Save", exact=True).click()
    page.goto(page.url.replace("/profile/", "/frameworks/"))
    page.locator(".list-group a").first.click()
    expect(page.get_by_role("heading", name="熟练度等级")).to_be_visible()
    expect(page.locator("details#c-PRA-11 summary")).to_contain_text("风险")
    screenshot(page, "framework-pm-chinese")

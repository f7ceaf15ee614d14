"""Each demo account logs in, is greeted by name and sees only the sections its role may use."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lms.demo import DEMO_PEOPLE

from .conftest import PHONE, login, main_nav_links, screenshot

pytestmark = pytest.mark.browser

NAMES = {email: name for email, name, *_ in DEMO_PEOPLE}
PEOPLE_SECTIONS = ["People", "Departments"]

# account -> the main navigation it must show, in order
EXPECTED_NAV = {
    "admin": [
        "Home",
        "Competencies",
        "Training",
        "PM club",
        "Library",
        *PEOPLE_SECTIONS,
        "Audit log",
    ],
    "pmo": [
        "Home",
        "Competencies",
        "Reports",
        "Plans",
        "Training",
        "Projects",
        "PM club",
        "Library",
        *PEOPLE_SECTIONS,
        "Audit log",
    ],
    "hr": [
        "Home",
        "Competencies",
        "Reports",
        "Plans",
        "Training",
        "Projects",
        "PM club",
        "Library",
        *PEOPLE_SECTIONS,
    ],
    "director": [
        "Home",
        "Competencies",
        "Reports",
        "Plans",
        "Training",
        "Projects",
        "PM club",
        "Library",
    ],
    "pm": [
        "Home",
        "Competencies",
        "My competencies",
        "My plan",
        "Training",
        "Projects",
        "PM club",
        "Library",
    ],
    "trainer": ["Home", "Competencies", "Training", "PM club", "Library"],
}


@pytest.mark.parametrize("account", list(EXPECTED_NAV))
def test_dashboard_greets_and_shows_the_roles_navigation(
    page: Page, live_server_url: str, account: str
):
    email = f"{account}@academy.test"
    login(page, live_server_url, email)

    expect(page).to_have_url(f"{live_server_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {NAMES[email]}")
    assert main_nav_links(page) == EXPECTED_NAV[account]
    nav = page.get_by_role("navigation", name="Main")
    for section in ["People", "Departments", "Audit log"]:
        link = nav.get_by_role("link", name=section, exact=True)
        expect(link).to_have_count(1 if section in EXPECTED_NAV[account] else 0)
    expect(nav.get_by_role("button", name=NAMES[email])).to_be_visible()
    screenshot(page, f"dashboard-{account}-desktop")

    page.set_viewport_size(PHONE)
    page.reload()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    home = nav.get_by_role("link", name="Home", exact=True)
    expect(home).to_be_hidden()
    assert_fits_the_screen(page)
    screenshot(page, f"dashboard-{account}-phone")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    # Bootstrap swaps "collapsing" for "show" when the slide-down animation has finished.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    for section in EXPECTED_NAV[account]:
        entry = nav.get_by_role("link", name=section, exact=True)  # "Reports" opens a menu
        expect(entry.or_(nav.get_by_role("button", name=section, exact=True))).to_be_visible()
    expect(nav.get_by_role("button", name=NAMES[email])).to_be_visible()
    assert_fits_the_screen(page)
    screenshot(page, f"dashboard-{account}-phone-menu")


def assert_fits_the_screen(page: Page) -> None:
    """Nothing makes the page scroll sideways."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"The page is {overflow}px wider than the screen"


@pytest.mark.parametrize(
    "path",
    ["/people/", "/departments/", "/people/import", "/audit/", "/notifications/", "/profile/"],
)
def test_admin_pages_fit_a_phone(new_context, live_server_url: str, path: str):
    page = new_context(viewport=PHONE).new_page()
    login(page, live_server_url, "admin@academy.test")
    page.goto(live_server_url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "phone-admin-" + (path.strip("/").replace("/", "-") or "home"))
    assert_fits_the_screen(page)

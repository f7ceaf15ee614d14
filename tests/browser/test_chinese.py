"""The site in Simplified Chinese: chosen on the profile, or asked for by the browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import (
    HAN,
    PHONE,
    check_accessibility,
    english_leftovers,
    login,
    main_nav_links,
    screenshot,
    visible_ui_text,
)

pytestmark = pytest.mark.browser

# Interface strings that must not survive on a Chinese page (data such as names and
# department titles stays as entered, so only interface wording is listed).
CHROME = [
    "Home",
    "Training",
    "Course catalogue",
    "My classes",
    "Training calendar",
    "Competencies",
    "People",
    "Departments",
    "Audit log",
    "Notifications",
    "Log out",
    "My profile",
    "Change password",
    "Language",
    "Skip to content",
    "Menu",
    "Main",
    "Growing project managers, together.",
]
LIST_WORDS = ["item", "items", "Previous", "Next", "Pages"]  # _macros/pagination.html
PAGE_WORDS = {
    "/": ["Hello", "Where to start", "Choose your language", "Latest notifications"],
    "/notifications/": ["All", "Unread", "No notifications", "Show", *LIST_WORDS],
    "/profile/": ["Preferences", "Job title", "Department", "Roles", "Save", "Project manager"],
    "/password": ["Current password", "New password", "At least 10 characters"],
    "/people/": [
        "Add person",
        "Import CSV",
        "Search",
        "Filter",
        "All departments",
        "All roles",
        "Status",
        "Active",
        "Administrator",
        "Department director",
        "Trainer",
        *LIST_WORDS,
    ],
    "/departments/": [
        "Add department",
        "Director",
        "Part of",
        "Edit",
        "Delete",
        "Search",
        *LIST_WORDS,
    ],
    "/people/import": [
        "Import people and departments",
        "The file",
        "CSV file",
        "Initial password for new accounts",
        "Import",
    ],
    "/audit/": [
        "Who changed what, and when.",
        "Filter",
        "All actions",
        "When",
        "Who",
        "Changes",
        *LIST_WORDS,
    ],
}
PERSON_WORDS = [
    "Breadcrumb",
    "E-mail",
    "Department",
    "Roles",
    "Last login",
    "Password",
    "Account",
    "Issue a temporary password",
    "Deactivate",
    "Edit",
    "Set by the person",
]
PERSON_FORM_WORDS = ["Name", "Job title", "Department", "Roles", "Save", "Cancel", "E-mail"]
PAGE_WORDS["/people/new"] = [
    *PERSON_FORM_WORDS,
    "Add person",
    "No department",
    "New people get no password",
]
PAGE_WORDS["/departments/new"] = [
    "Add department",
    "Department name",
    "Director's e-mail",
    "Parent department",
    "None (top level)",
    "Save",
    "Cancel",
]
PAGE_WORDS["/no-such-page"] = ["Page not found", "This page does not exist", "Go to the home page"]
LOGIN_WORDS = [
    "Log in",
    "Password",
    "Keep me logged in on this device",
    "Your competencies, plans, classes and club in one place.",
    "Forgot your password? Ask an administrator to issue a new one.",
    "Skip to content",
    "Growing project managers, together.",
]


def choose_chinese(page: Page) -> None:
    """User menu -> My profile -> Language 简体中文 -> Save (labels still in English)."""
    page.wait_for_load_state()  # Bootstrap's dropdown script runs (deferred) before "load"
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Priya Shah").click()
    expect(page.get_by_role("link", name="My profile")).to_be_visible()
    check_accessibility(page, "user-menu-open")
    page.get_by_role("link", name="My profile").click()
    expect(page).to_have_url(re.compile(r"/profile/$"))
    page.get_by_label("Language", exact=True).select_option(label="简体中文")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def assert_chinese(page: Page, path: str, words: list[str]) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    text = visible_ui_text(page)
    assert HAN.search(text), f"{path}: no Chinese characters at all"
    leftovers = english_leftovers(text, words)
    assert not leftovers, f"{path} still shows English interface text: {leftovers}"


def test_pm_switches_to_chinese(page: Page, live_server_url: str, reset_locale):
    reset_locale("pm@academy.test")
    login(page, live_server_url, "pm@academy.test")
    choose_chinese(page)
    problems = []
    # The page right after saving carries the flash message (and its "Close" button).
    expect(page.locator(".flash-messages .alert")).to_have_count(1)
    screenshot(page, "zh-pm-profile-saved")
    try:
        assert_chinese(page, "/profile/ (saved)", CHROME + ["Your profile is saved.", "Close"])
    except AssertionError as error:
        problems.append(str(error).splitlines()[0])
    for path, name in [
        ("/", "dashboard"),
        ("/notifications/", "notifications"),
        ("/profile/", "profile"),
        ("/password", "change-password"),
    ]:
        page.goto(live_server_url + path)
        screenshot(page, f"zh-pm-{name}")
        try:
            assert_chinese(page, path, CHROME + PAGE_WORDS[path])
        except AssertionError as error:
            problems.append(str(error).splitlines()[0])

    page.set_viewport_size(PHONE)
    page.goto(live_server_url + "/")
    page.locator(".navbar-toggler").click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    screenshot(page, "zh-pm-dashboard-phone-menu")
    assert not problems, "\n".join(problems)


def test_admin_pages_in_chinese(page: Page, live_server_url: str, reset_locale):
    reset_locale("admin@academy.test")
    login(page, live_server_url, "admin@academy.test")
    page.goto(f"{live_server_url}/profile/")
    page.get_by_label("Language", exact=True).select_option(label="简体中文")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert len(main_nav_links(page)) == 8
    problems = []
    for path, name in [
        ("/people/", "people"),
        ("/departments/", "departments"),
        ("/people/import", "people-import"),
        ("/audit/", "audit"),
        ("/people/new", "person-new"),
        ("/departments/new", "department-new"),
        ("/no-such-page", "404"),
    ]:
        page.goto(live_server_url + path)
        screenshot(page, f"zh-admin-{name}")
        try:
            assert_chinese(page, path, CHROME + PAGE_WORDS[path])
        except AssertionError as error:
            problems.append(str(error).splitlines()[0])
    page.goto(f"{live_server_url}/people/?q=pm%40academy.test")
    page.get_by_role("link", name="Priya Shah").click()
    screenshot(page, "zh-admin-person")
    for path, words in (("person", PERSON_WORDS), ("person-edit", PERSON_FORM_WORDS)):
        try:
            assert_chinese(page, path, CHROME + words)
        except AssertionError as error:
            problems.append(str(error).splitlines()[0])
        if path == "person":
            page.get_by_role("link", name="编辑").click()
            screenshot(page, "zh-admin-person-edit")
    assert not problems, "\n".join(problems)


def test_browser_asking_for_chinese_gets_the_login_page_in_chinese(
    new_context, live_server_url: str
):
    page = new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server_url}/login")
    screenshot(page, "zh-login")
    assert_chinese(page, "/login", LOGIN_WORDS)
    expect(page).not_to_have_title("Log in · PMO Academy")

    # The trainer has chosen no language, so the browser's preference carries on after login.
    page.locator("#email").fill("trainer@academy.test")
    page.locator("#password").fill("academy-demo")
    page.locator("form [type=submit]").click()
    expect(page).to_have_url(f"{live_server_url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tom Becker")
    screenshot(page, "zh-trainer-dashboard-from-browser-language")
    assert_chinese(page, "/", CHROME + PAGE_WORDS["/"])

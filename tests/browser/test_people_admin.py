"""An administrator adds, deactivates and imports people through the real pages."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Dialog, Page, expect

from lms.permissions import Role

from .conftest import login, screenshot, unique_email

pytestmark = pytest.mark.browser

ADMIN = "admin@academy.test"
DEACTIVATED_NOTICE = "This account is deactivated"


def add_person(page: Page, email: str, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    page.get_by_role("link", name="Add person").click()
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Job title", exact=True).fill("Junior project manager")
    page.get_by_label("Department", exact=True).select_option(label="Software Projects")
    page.get_by_role("checkbox", name="Project manager").check()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    shown = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
    assert answer.value.status == 302, (
        f"Saving the new person answered {answer.value.status}; "
        f"errors shown on the page: {shown or 'none'}"
    )
    expect(page.get_by_role("alert").filter(has_text=f"Saved {name}.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_admin_adds_a_person_and_finds_them_in_the_list(page: Page, live_server_url: str):
    email, name = unique_email("added"), f"Ada Lovelace {uuid.uuid4().hex[:6]}"
    login(page, live_server_url, ADMIN)
    add_person(page, email, name)
    screenshot(page, "people-added-person-page")

    page.get_by_role("link", name="People", exact=True).first.click()
    page.get_by_label("Search", exact=True).fill(email)
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has_text=email)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("Software Projects")
    expect(row).to_contain_text("Project manager")
    screenshot(page, "people-list-with-added-person")

    page.get_by_label("Search", exact=True).fill("")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()


def test_deactivate_asks_first_and_cancel_changes_nothing(
    page: Page, live_server_url: str, create_person
):
    email, name = unique_email("leaver"), f"Grace Hopper {uuid.uuid4().hex[:6]}"
    person_id = create_person(email, name, {Role.PM})
    login(page, live_server_url, ADMIN)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_label("Search", exact=True).fill(email)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=name, exact=True).click()
    person_url = f"{live_server_url}/people/{person_id}"
    expect(page).to_have_url(person_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    deactivate = page.get_by_role("button", name="Deactivate")
    questions: list[str] = []

    def answer(accept: bool):
        def handle(dialog: Dialog) -> None:
            questions.append(f"{dialog.type}: {dialog.message}")
            dialog.accept() if accept else dialog.dismiss()

        return handle

    page.wait_for_load_state()  # app.js (deferred) asks the question; before "load" nobody asks
    page.once("dialog", answer(accept=False))
    deactivate.click()
    assert questions == [f"confirm: Deactivate {name}? They will not be able to log in."]
    page.wait_for_load_state()
    expect(page).to_have_url(person_url)
    page.reload()  # what the server now holds
    expect(page.get_by_text(DEACTIVATED_NOTICE)).to_have_count(0)
    expect(deactivate).to_be_visible()

    page.once("dialog", answer(accept=True))
    deactivate.click()
    expect(page.get_by_text(f"{name} can no longer log in. Their history stays.")).to_be_visible()
    expect(page.get_by_text(DEACTIVATED_NOTICE)).to_be_visible()
    expect(page.get_by_role("button", name="Reactivate")).to_be_visible()
    expect(deactivate).to_have_count(0)
    assert len(questions) == 2
    screenshot(page, "person-deactivated")

    page.goto(f"{live_server_url}/people/?status=inactive&q={email}")
    expect(page.get_by_role("row").filter(has_text=email)).to_contain_text("Deactivated")


def write_csv(path, rows: list[list[str]]) -> str:
    header = ["email", "name", "department", "job_title", "roles", "director_email"]
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_import_shows_bad_rows_then_imports_a_good_file(page: Page, live_server_url: str, tmp_path):
    tag = uuid.uuid4().hex[:6]
    lead, member = unique_email("lead"), unique_email("member")
    department = f"Imported Delivery {tag}"
    good_rows = [
        [lead, f"Lin Lead {tag}", department, "Delivery lead", "pm", lead],
        [member, f"Mo Member {tag}", department, "Project coordinator", "pm", lead],
    ]
    bad_file = write_csv(
        tmp_path / "bad.csv",
        [["not-an-email", f"Bad Row {tag}", department, "PM", "pm", ""], *good_rows],
    )
    good_file = write_csv(tmp_path / "good.csv", good_rows)

    login(page, live_server_url, ADMIN)
    page.goto(f"{live_server_url}/people/")
    page.get_by_role("link", name="Import CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import people and departments")

    page.get_by_label("CSV file").set_input_files(bad_file)
    page.get_by_role("button", name="Import", exact=True).click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("Nothing was imported: 1 problem.")
    problem = errors.get_by_role("row").nth(1)
    expect(problem.get_by_role("cell").nth(0)).to_have_text("2")
    expect(problem.get_by_role("cell").nth(1)).to_have_text("email")
    expect(problem.get_by_role("cell").nth(2)).to_contain_text("not-an-email")
    expect(page).to_have_url(re.compile(r"/people/import$"))
    screenshot(page, "import-errors")

    page.get_by_label("CSV file").set_input_files(good_file)
    page.get_by_role("button", name="Import", exact=True).click()
    done = page.get_by_test_id("import-done")
    expect(done).to_be_visible()
    expect(done).to_contain_text("Import finished")
    expect(done).to_contain_text("People — created: 2, updated: 0, unchanged: 0.")
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    screenshot(page, "import-finished")
    summary = done.inner_text()

    page.get_by_label("CSV file").set_input_files(good_file)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_test_id("import-unchanged")).to_contain_text(
        "Nothing to change: all 2 rows already match the site."
    )

    page.goto(f"{live_server_url}/people/?q={tag}")
    expect(page.get_by_role("row").filter(has_text=department)).to_have_count(2)
    # One brand-new department: created, not also "updated" (its director was set by the file).
    assert "Departments — created: 1, updated: 0." in summary, (
        f"a brand-new department must count as created only: {summary!r}"
    )

"""The director reads the team matrix, HR the organisation heatmap, on desktop and phone."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from competencies.careers.models import CareerAssignment, CareerLevel
from competencies.framework.models import Competency
from competencies.profiles.models import Rating, RatingKind
from competencies.profiles.ratings import rebuild_current
from competencies.reports import gaps
from lms.accounts.models import User
from lms.extensions import db
from tests.factories import RatingFactory

from .conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser

# demo PMs (not Priya Shah, whom the profile journey uses): career level, aim, confirmed levels
PLACED = {
    "wang.wei@academy.test": ("SENIOR_PM", None, {"PER-01": 3, "PEO-05": 4, "PRA-11": 2}),
    "zhang.min@academy.test": ("COORDINATOR", "PM", {"PER-02": 1, "PRA-04": 3, "PEO-03": 2}),
    "maria.silva@academy.test": ("PM", None, {"PER-01": 2, "PEO-01": 3, "PRA-01": 3, "PRA-11": 1}),
    "james.okafor@academy.test": ("PROGRAMME", None, {"PER-05": 4, "PEO-09": 2}),
}


@pytest.fixture
def placed_team(browser_app):
    """Career levels and confirmed ratings for four demo PMs; all taken away afterwards."""
    with browser_app.app_context():
        framework = int(gaps.load_competencies().framework_id)  # the one the reports show
        levels = dict(
            db.session.execute(
                select(CareerLevel.idnumber, CareerLevel.id).where(
                    CareerLevel.framework_id == framework
                )
            ).all()
        )
        codes = dict(
            db.session.execute(
                select(Competency.idnumber, Competency.id).where(
                    Competency.framework_id == framework
                )
            ).all()
        )
        users = dict(
            db.session.execute(select(User.email, User.id).where(User.email.in_(PLACED))).all()
        )
        pmo = db.session.scalar(select(User.id).where(User.email == "pmo@academy.test"))
        rating_ids = []
        for email, (current, aim, ratings) in PLACED.items():
            db.session.add(
                CareerAssignment(
                    user_id=users[email],
                    current_level_id=levels[current],
                    next_level_id=levels[aim] if aim else None,
                )
            )
            for code, level in ratings.items():
                rating = RatingFactory(
                    user=db.session.get(User, users[email]),
                    competency_id=codes[code],
                    level=level,
                    kind=RatingKind.PMO,
                    rated_by_id=pmo,
                    rated_on=date.today(),
                    justification="Browser test",
                )
                rating_ids.append(rating.id)
        db.session.commit()
        db.session.remove()
    yield
    with browser_app.app_context():
        db.session.execute(delete(Rating).where(Rating.id.in_(rating_ids)))
        rebuild_current(users.values())
        db.session.execute(
            delete(CareerAssignment).where(CareerAssignment.user_id.in_(users.values()))
        )
        db.session.commit()
        db.session.remove()


def as_user(new_context, base_url: str, email: str) -> Page:
    page = new_context().new_page()
    login(page, base_url, email)
    return page


def open_report(page: Page, name: str, shot: str | None = None) -> None:
    """Through the main navigation's Reports menu (a screenshot of the open menu if asked)."""
    nav = page.get_by_role("navigation", name="Main")
    page.wait_for_load_state()  # Bootstrap's dropdown script runs (deferred) before "load"
    nav.get_by_role("button", name="Reports").click()
    expect(nav.get_by_role("link", name=name)).to_be_visible()
    if shot:
        screenshot(page, shot, full_page=False)
    nav.get_by_role("link", name=name).click()


def test_director_reads_the_team_matrix(new_context, live_server_url: str, placed_team):
    page = as_user(new_context, live_server_url, "director@academy.test")
    open_report(page, "Team matrix")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team matrix")
    matrix = page.get_by_test_id("team-matrix")
    expect(matrix).to_be_visible()
    expect(matrix).to_contain_text("Wang Wei")
    expect(matrix).to_contain_text("Maria Silva")  # Infrastructure Projects: below his department
    expect(page.get_by_test_id("legend")).to_contain_text("Target met")
    wang = matrix.locator("tr", has_text="Wang Wei")
    expect(wang.locator("td.cell.cell-met")).not_to_have_count(0)
    expect(wang.locator("td.cell.cell-gap2")).not_to_have_count(0)
    expect(matrix.locator("tr", has_text="Chen Jie").locator("td.cell.cell-none")).to_have_count(29)
    screenshot(page, "reports-team-director")

    page.get_by_label("Area").select_option(label="Practice")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"area=\d+"))
    expect(matrix.locator("th.code-head")).to_have_count(14)
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename == "team-matrix.xlsx"

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server_url}/competencies/team")
    screenshot(page, "reports-team-director-phone")
    matrix.get_by_role("link", name="Wang Wei").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wang Wei")


def test_hr_reads_the_heatmap(new_context, live_server_url: str, placed_team):
    page = as_user(new_context, live_server_url, "hr@academy.test")
    open_report(page, "Heatmap", shot="reports-nav-hr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Competency heatmap")
    heatmap = page.get_by_test_id("heatmap")
    expect(heatmap).to_contain_text("Software Projects")
    expect(heatmap).to_contain_text("Infrastructure Projects")
    expect(heatmap.locator("tr.total-row")).to_contain_text("All departments shown")
    screenshot(page, "reports-heatmap-hr")

    page.get_by_label("Show").select_option(label="Share of PMs below target")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("legend")).to_contain_text("up to 25%")
    expect(heatmap.locator("tr.total-row td.cell").first).to_have_text(re.compile(r"^\d+%$"))
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    assert download.value.suggested_filename == "competency-heatmap-share_below.csv"

    page.set_viewport_size(PHONE)
    page.reload()
    screenshot(page, "reports-heatmap-hr-phone")
    heatmap.get_by_role("link", name="Software Projects").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team matrix")
    expect(page.get_by_test_id("team-matrix")).to_contain_text("Wang Wei")

"""Page-level guarantees: security headers, error pages, dashboards per role, constant queries."""

from __future__ import annotations

import pytest

from tests.factories import DepartmentFactory, UserFactory
from tests.querycount import count_queries


def test_security_headers_and_csp_without_inline_scripts(client, db):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    html = response.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_no_template_writes_what_the_csp_blocks():
    """The CSP refuses inline styles, scripts and handlers: a template using one shows a page
    that silently lacks it (the actuals grid's column widths once)."""
    import re
    from pathlib import Path

    blocked = re.compile(r"\sstyle=|<script>|\son(click|change|submit|load)=")
    found = [
        f"{path}:{number}"
        for path in sorted(Path("templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if blocked.search(line)
    ]
    assert found == []


def test_404_and_403_pages_are_friendly(client, db, people, login_as):
    login_as(people["pm"])
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)
    response = client.get("/audit/")
    assert response.status_code == 403 and "Not allowed" in response.get_data(as_text=True)


def test_htmx_callers_get_a_bare_403(client, db, people, login_as):
    login_as(people["pm"])
    response = client.get("/audit/", headers={"HX-Request": "true"})
    assert response.status_code == 403 and "<html" not in response.get_data(as_text=True)


def test_500_page_is_friendly(app, client, db, people, login_as, monkeypatch):
    login_as(people["pm"])
    from lms.dashboard import views

    def boom(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "panels_for", boom)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/")
    assert response.status_code == 500 and "Something went wrong" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "panels", "links"),
    [
        (
            "admin",
            [
                "getting_started",
                "people",
                "my_classes",
                "library_updates",
                "audit",
                "notifications",
            ],
            ["/people/", "/audit/", "/people/import"],
        ),
        (
            "hr",
            [
                "getting_started",
                "plans_waiting",
                "career_placements",
                "people",
                "my_classes",
                "library_updates",
                "notifications",
            ],
            ["/people/", "/people/import"],
        ),
        (
            "pmo",
            [
                "getting_started",
                "career_placements",
                "below_minimum",
                "lessons_learned",
                "club_review",
                "library_review",
                "my_classes",
                "library_updates",
                "club_topics",
                "club_questions",
                "audit",
                "notifications",
            ],
            ["/people/", "/audit/"],
        ),
        (
            "director",
            [
                "getting_started",
                "plans_waiting",
                "team_assessments",
                "projects_over_plan",
                "my_classes",
                "library_updates",
                "club_topics",
                "club_questions",
                "notifications",
            ],
            [],
        ),
        (
            "pm",
            [
                "getting_started",
                "my_plan",
                "top_gaps",
                "my_projects",
                "my_classes",
                "library_updates",
                "club_topics",
                "club_questions",
                "notifications",
            ],
            [],
        ),
        (
            "trainer",
            ["getting_started", "teaching_week", "my_classes", "library_updates", "notifications"],
            [],
        ),
    ],
)
def test_dashboard_and_navigation_per_role(client, db, people, login_as, role, panels, links):
    login_as(people[role])
    html = client.get("/").get_data(as_text=True)
    import re

    assert re.findall(r'data-panel="([a-z_]+)"', html) == panels
    for link in ["/people/", "/departments/", "/audit/", "/people/import"]:
        assert (f'href="{link}"' in html) == (
            link in links or (link == "/departments/" and "/people/" in links)
        ), link
    # "Where to start" sends each role to the competency work it may do
    start = html[html.index('id="panel-getting_started"') :].split("</ul>")[0]
    firsts = {
        "/competencies/heatmap": {"hr", "pmo"},
        "/frameworks/": {"pmo", "admin"},
        "/competencies/team": {"director"},
        "/me/competencies": {"pm"},
    }
    for link, roles in firsts.items():
        assert (f'href="{link}"' in start) == (role in roles), (role, link)


def test_person_without_roles_is_told_what_to_do(client, db, login_as):
    login_as(UserFactory())
    assert "You have no role yet" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("admin", "/"),
        ("admin", "/people/"),
        ("admin", "/departments/"),
        ("pm", "/profile/"),
        ("admin", "/people/{pm}"),
    ],
)
def test_page_queries_do_not_grow_with_the_data(client, db, people, login_as, role, url):
    login_as(people[role])
    url = url.format(pm=people["pm"].id)
    client.get(url)
    with count_queries(db.engine) as small:
        assert client.get(url).status_code == 200
    for department in DepartmentFactory.create_batch(30):
        UserFactory.create_batch(3, department=department, roles=["pm"])
    with count_queries(db.engine) as large:
        assert client.get(url).status_code == 200
    assert small.count == large.count, large.statements


def test_a_page_of_rows_counts_in_the_same_statement_and_shows_the_last_page_past_the_end(
    db, people
):
    """page_of with `rows`: one statement for a page (the total comes in a window column);
    a page past the end shows the last one, an empty list has none."""
    from sqlalchemy import bindparam, select

    from lms.accounts.models import User
    from lms.web.pagination import page_of
    from tests.querycount import count_queries

    query = select(User.id).where(User.id >= bindparam("low")).order_by(User.id)
    ids = sorted(person.id for person in people.values())
    with count_queries(db.engine) as counter:
        first = page_of(query, 1, 2, {"low": 0}, rows=lambda found: [row[0] for row in found])
    assert counter.count == 1
    assert first.items == ids[:2] and first.total == len(ids) and first.pages == -(-len(ids) // 2)
    beyond = page_of(query, 99, 2, {"low": 0}, rows=lambda found: [row[0] for row in found])
    assert beyond.page == first.pages and beyond.items == ids[(first.pages - 1) * 2 :]
    none = page_of(query, 1, 2, {"low": 10**9}, rows=list)
    assert none.total == 0 and none.items == [] and none.pages == 0


def test_the_pagination_control_keeps_the_filters_and_marks_the_page(app):
    from lms.web.pagination import CountedPage, pagination_html

    with app.test_request_context("/people/?q=a%26b&page=2", headers={"Accept-Language": "en"}):
        html = pagination_html(CountedPage(range(25), 60, 2, 25), anchor="list")
        assert "26–50 of 60" in html and 'aria-current="page"><span class="page-link">2' in html
        assert 'href="/people/?q=a%26b&amp;page=1#list" rel="prev"' in html
        assert 'href="/people/?q=a%26b&amp;page=3#list" rel="next"' in html
        assert pagination_html(CountedPage(range(3), 3, 1, 25)) == (
            '<p class="text-body-secondary small mt-3">3 items</p>'
        )
        assert pagination_html(CountedPage([], 0, 1, 25)) == ""

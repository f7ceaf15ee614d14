"""Closing a project: the summary starts from the project's figures and the library's template,
a lesson is required, the actuals freeze, the PM's profile gains project-led evidence and the
club a draft lesson."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from community.lessons.models import Lesson, LessonState
from competencies.profiles.models import Evidence, EvidenceKind
from lms.errors import PermissionDenied, ServiceError
from lms.projects.closing import LessonEntry, close_project, months_led, summary_draft
from lms.projects.models import ProjectStatus
from lms.projects.queries import standings
from tests.projects.conftest import actual

LESSON = LessonEntry(title="Book the test lab early", recommendation="Book it in week 1")


def _close(project, people, lessons=(LESSON,)):
    return close_project(project, actor=people["pm"], summary="All done.", lessons=list(lessons))


def test_closing_adds_project_led_evidence_to_the_pms_profile(db, people, department):
    from tests.projects.conftest import make_project, plan

    scores = dict(
        stability=3, disciplines=3, implications=2, financial_impact=3,
        strategic_importance=4, stakeholder_cohesion=2, interfaces=3,
    )  # fmt: skip
    project = make_project(people, department, code="P-9", team_size=12, complexity=scores)
    plan(project, people, date(2026, 1, 1), date(2026, 6, 30), 60_000)
    _close(project, people)
    evidence = db.session.scalars(select(Evidence).where(Evidence.user_id == people["pm"].id)).one()
    assert evidence.kind == EvidenceKind.PROJECT and evidence.title == "P-9 Project P-9"
    assert evidence.details["team_size"] == 12 and evidence.details["complexity"] == 20
    assert evidence.details["months"] == months_led(project, project.closed_on) > 0
    assert evidence.added_by_id is None  # recorded by the site, not typed in by the PM


def test_closing_needs_a_lesson_and_drafts_it_in_the_club(db, people, project):
    with pytest.raises(ServiceError) as refused:
        _close(project, people, lessons=[LessonEntry(title="", recommendation="")])
    assert refused.value.field == "lesson1_title" and project.status == ProjectStatus.RUNNING
    _close(project, people)
    lesson = db.session.scalars(select(Lesson)).one()
    assert (lesson.title, lesson.project, lesson.state) == (
        "Book the test lab early", "P-1 Project P-1", LessonState.DRAFT,
    )  # fmt: skip
    assert lesson.author_id == people["pm"].id and project.lessons[0]["title"] == lesson.title


def test_a_closed_project_is_frozen(db, people, project):
    actual(project, people, date(2026, 1, 1), 50, days=10)
    _close(project, people)
    assert project.status == ProjectStatus.CLOSED and project.closed_on is not None
    with pytest.raises(PermissionDenied):
        actual(project, people, date(2026, 2, 1), 60, days=10)
    with pytest.raises(PermissionDenied):
        _close(project, people)


def test_the_summary_starts_from_the_figures_and_the_library_template(db, people, project):
    from community.library.shipped import seed_library_templates
    from community.tags.services import seed_tags

    actual(project, people, date(2026, 1, 1), 20, cost=30_000)
    project.objectives = "Move the data centre"
    standing = standings([project])[project.id]
    plain = summary_draft(project, standing, date(2026, 5, 1))
    assert "Key figures at closing" in plain and "Move the data centre" in plain
    assert "0.80" in plain  # the CPI: 24,000 earned for 30,000 spent
    seed_tags()
    seed_library_templates()
    templated = summary_draft(project, standing, date(2026, 5, 1))
    assert "## 1. Objectives and results" in templated  # the shipped template's outline
    assert "Planned 2026-01-01 to 2026-04-30" in templated  # its placeholders filled
    assert "{{" not in templated


def test_the_closing_page_closes_and_shows_the_summary(db, people, project, login_as):
    client = login_as(people["pm"])
    form = client.get(f"/projects/{project.id}/close").get_data(as_text=True)
    assert "Key figures at closing" in form
    response = client.post(f"/projects/{project.id}/close", data={
        "summary": "## Result\n\nDone <script>alert(1)</script>", "lesson1_title": "Book early",
        "lesson1_recommendation": "Book the lab in week 1",
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "<h2>Result</h2>" in page and "<script>alert" not in page and "Book early" in page
    assert client.get(f"/projects/{project.id}/actuals").status_code == 403

"""The development plan pages: the PM drafts from a template and submits; the approvers decide
from the plan page (told to reload, their comment kept, when the plan moved on); who sees which
plan and its conversation; the queue, team list and the overview with its exports."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from competencies.careers.services import assign_career
from competencies.plans import notes, services
from competencies.plans.content import add_activity
from competencies.plans.models import (
    ActivityKind,
    Decision,
    DevelopmentPlan,
    PlanGoal,
    PlanState,
)
from competencies.plans.templates import seed_plan_templates
from tests.factories import CareerLevelFactory, DepartmentFactory, UserFactory

START, END = date(2027, 1, 1), date(2027, 12, 31)


def _csrf_free(client, url, data=None):
    return client.post(url, data=data or {}, follow_redirects=False)


@pytest.fixture
def level(db, people, small_framework):
    current = CareerLevelFactory(framework=small_framework, rank=1, targets={"B-1": 1})
    aim = CareerLevelFactory(framework=small_framework, rank=2, targets={"A-1-a": 2, "B-1": 2})
    assign_career(people["pm"], actor=people["hr"], current=current, aim=aim)
    seed_plan_templates()
    return aim


@pytest.fixture
def submitted(db, people, small_framework):
    plan = services.start_plan(people["pm"], actor=people["pm"], period_start=START, period_end=END)
    competency = next(c for c in small_framework.competencies if c.idnumber == "B-1")
    plan.goals.append(PlanGoal(competency_id=competency.id, target_level=2))
    services.submit_plan(plan, actor=people["pm"])
    db.session.commit()
    return plan


def test_the_pm_starts_from_the_template_and_submits(client, db, people, login_as, level):
    login_as(people["pm"])
    assert "No development plan yet" in client.get("/plans/").get_data(as_text=True)
    response = client.post(
        "/plans/new",
        data={"period_start": "2027-01-01", "period_end": "2027-12-31", "aim_level_id": level.id},
    )
    assert response.status_code == 302
    plan = db.session.scalar(db.select(DevelopmentPlan))
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert page.count('data-testid="goal"') == 2 and "Submit for approval" in page
    assert client.post(f"/plans/{plan.id}/submit").status_code == 302
    db.session.refresh(plan)
    assert plan.state is PlanState.SUBMITTED
    assert "waits for the approval" in client.get(f"/plans/{plan.id}").get_data(as_text=True)


def test_a_bad_period_is_shown_at_its_field(client, db, people, login_as, level):
    login_as(people["pm"])
    response = client.post(
        "/plans/new",
        data={"period_start": "2027-12-31", "period_end": "2027-01-01", "aim_level_id": level.id},
    )
    assert response.status_code == 422
    assert "The period must end after it starts." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(DevelopmentPlan)) == 0


def test_the_approvers_decide_on_the_plan_page(client, db, people, login_as, submitted):
    login_as(people["director"])
    page = client.get(f"/plans/{submitted.id}").get_data(as_text=True)
    assert "Your decision" in page and "You decide as Director" in page
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post(
        f"/plans/{submitted.id}/decide", data={"version": version, "approve": "Approve"}
    )
    assert response.status_code == 302
    db.session.refresh(submitted)
    assert [a.capacity for a in submitted.approvals] == ["director"]
    page = client.get(f"/plans/{submitted.id}").get_data(as_text=True)
    assert 'id="decide-title"' not in page, "one decision per person and round"


def test_a_return_without_a_reason_is_refused_at_the_field(client, db, people, login_as, submitted):
    login_as(people["hr"])
    page = client.get(f"/plans/{submitted.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post(
        f"/plans/{submitted.id}/decide", data={"version": version, "send_back": "Return"}
    )
    assert response.status_code == 422
    assert "Say why the plan goes back." in response.get_data(as_text=True)


def test_an_approver_on_a_plan_that_changed_is_told_and_keeps_their_comment(
    client, db, people, login_as, submitted
):
    login_as(people["director"])
    page = client.get(f"/plans/{submitted.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    services.decide_plan(
        submitted, actor=people["hr"], decision=Decision.RETURNED, comment="Add a mentor."
    )
    db.session.commit()
    response = client.post(
        f"/plans/{submitted.id}/decide",
        data={"version": version, "approve": "Approve", "comment": "Looks good to me."},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "changed" in text and "Looks good to me." in text
    db.session.refresh(submitted)
    assert [a.decision for a in submitted.approvals] == ["returned"]


def test_a_director_outside_the_tree_and_another_pm_see_nothing(
    client, db, people, login_as, submitted
):
    outsider = UserFactory(email="other-dir@example.com", roles=["director"])
    DepartmentFactory(name="Elsewhere", director=outsider)
    other_pm = UserFactory(email="other-pm@example.com", roles=["pm"])
    notes.add_note(submitted, actor=people["director"], body="Secret remark")
    db.session.commit()
    for person in (outsider, other_pm, people["trainer"], people["admin"]):
        login_as(person)
        assert client.get(f"/plans/{submitted.id}").status_code == 404
        assert client.get(f"/plans/{submitted.id}/print").status_code == 404
        assert _csrf_free(client, f"/plans/{submitted.id}/notes", {"body": "x"}).status_code == 404
        client.post("/logout")
    login_as(outsider)
    assert "Elsewhere" not in client.get("/plans/waiting").get_data(as_text=True)
    assert submitted.owner.name not in client.get("/plans/team").get_data(as_text=True)
    client.post("/logout")
    login_as(people["hr"])
    assert "Secret remark" in client.get(f"/plans/{submitted.id}").get_data(as_text=True)


def test_the_queue_lists_what_waits_for_the_reader(client, db, people, login_as, submitted):
    from competencies.plans.queries import waiting_count

    assert waiting_count(people["director"]) == waiting_count(people["hr"]) == 1
    assert waiting_count(people["pm"]) == waiting_count(people["pmo"]) == 0
    login_as(people["director"])
    page = client.get("/plans/waiting").get_data(as_text=True)
    assert page.count('data-testid="plan-row"') == 1 and people["pm"].name in page
    services.decide_plan(submitted, actor=people["director"], decision=Decision.APPROVED)
    db.session.commit()
    assert "Nothing waits for you" in client.get("/plans/waiting").get_data(as_text=True)
    assert waiting_count(people["director"]) == 0 and waiting_count(people["hr"]) == 1
    client.post("/logout")
    login_as(people["hr"])
    assert people["pm"].name in client.get("/plans/waiting").get_data(as_text=True)


def test_the_team_list_filters_by_status(client, db, people, login_as, submitted):
    login_as(people["director"])
    assert people["pm"].name in client.get("/plans/team?state=submitted").get_data(as_text=True)
    assert "No plans here" in client.get("/plans/team?state=active").get_data(as_text=True)


def test_the_overview_counts_and_exports(client, db, people, login_as, submitted):
    login_as(people["pmo"])
    page = client.get("/plans/overview").get_data(as_text=True)
    assert "Plans by department and status" in page and "plans-chart" in page
    csv = client.get("/plans/overview?format=csv")
    assert csv.status_code == 200 and "Delivery" in csv.get_data(as_text=True)
    xlsx = client.get("/plans/overview?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Department" and "submitted" in header
    row = [cell.value for cell in sheet[2]]
    assert row[0] == "Delivery" and row[header.index("submitted")] == 1
    assert client.get("/plans/overview?format=pdf").status_code == 400


def test_the_pm_records_progress_and_the_bar_moves(client, db, people, login_as, submitted):
    for role in ("director", "hr"):
        services.decide_plan(submitted, actor=people[role], decision=Decision.APPROVED)

    goal = submitted.goals[0]
    add_activity(goal, actor=people["pm"], kind=ActivityKind.READING, title="Read the method")
    db.session.commit()
    login_as(people["pm"])
    page = client.get(f"/plans/{submitted.id}").get_data(as_text=True)
    assert "0 of 1 done" in page
    [added] = goal.activities
    response = client.post(
        f"/plans/{submitted.id}/activities/{added.id}/progress",
        data={f"a{added.id}-status": "done", f"a{added.id}-notes": "Read it."},
    )
    assert response.status_code == 302
    page = client.get(f"/plans/{submitted.id}").get_data(as_text=True)
    assert "1 of 1 done" in page and "Read it." in page


def test_the_overview_keeps_its_figures_a_while_and_refreshes_on_request(
    app, client, db, people, login_as, submitted, monkeypatch
):
    monkeypatch.setitem(app.config, "PLAN_OVERVIEW_SECONDS", 600)
    login_as(people["hr"])
    first = client.get("/plans/overview?format=csv").get_data(as_text=True)
    services.decide_plan(
        submitted, actor=people["director"], decision=Decision.RETURNED, comment="Redo."
    )
    db.session.commit()
    assert client.get("/plans/overview?format=csv").get_data(as_text=True) == first
    client.get("/plans/overview?fresh=1")
    assert client.get("/plans/overview?format=csv").get_data(as_text=True) != first


def test_an_approver_names_and_removes_a_deputy(client, db, people, login_as):
    from competencies.plans.models import PlanDeputy

    login_as(people["director"])
    refused = client.post(
        "/plans/deputies",
        data={"deputy": "nobody@example.com", "starts_on": "2027-01-01", "ends_on": "2027-01-09"},
    )
    assert refused.status_code == 422
    assert "Nobody here has this e-mail address." in refused.get_data(as_text=True)
    backwards = client.post(
        "/plans/deputies",
        data={"deputy": "pmo@example.com", "starts_on": "2027-01-09", "ends_on": "2027-01-01"},
    )
    assert "The last day must not come before the first." in backwards.get_data(as_text=True)
    named = client.post(
        "/plans/deputies",
        data={"deputy": "pmo@example.com", "starts_on": "2027-01-01", "ends_on": "2027-01-09"},
    )
    assert named.status_code == 302
    delegation = db.session.scalar(db.select(PlanDeputy))
    assert (delegation.principal_id, delegation.deputy_id) == (
        people["director"].id,
        people["pmo"].id,
    )
    assert "Pmo Person" in client.get("/plans/deputies").get_data(as_text=True)
    assert client.post(f"/plans/deputies/{delegation.id}/delete").status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(PlanDeputy)) == 0


def test_the_pmo_edits_a_template_in_the_browser(client, db, people, login_as, level):
    from competencies.plans.templates import template_for

    login_as(people["pmo"])
    page = client.get(f"/plans/templates/{level.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post(
        f"/plans/templates/{level.id}",
        data={
            "version": version,
            "summary_en": "Grow into the next level.",
            "summary_zh_CN": "成长到下一级别。",
            "measure_en": "Confirmed by the director.",
            "measure_zh_CN": "由总监确认。",
            "goal_count": "2",
            "activities-0-kind": "mentoring",
            "activities-0-title_en": "Mentoring by a senior PM",
            "activities-0-title_zh_CN": "资深项目经理辅导",
            "activities-0-competency_id": "0",
            "activities-1-kind": "other",
            "activities-1-title_en": "",
            "activities-1-competency_id": "0",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    template = template_for(level.id)
    db.session.refresh(template)
    assert template.goal_count == 2 and template.summaries["zh_CN"] == "成长到下一级别。"
    assert [(str(a.kind), a.titles["en"]) for a in template.activities] == [
        ("mentoring", "Mentoring by a senior PM")
    ]
    stale = client.post(
        f"/plans/templates/{level.id}", data={"version": version, "goal_count": "3"}
    )
    assert stale.status_code == 422, "someone saved it since: told, not overwritten"


def test_a_deputy_finds_their_principals_plans_waiting(client, db, people, login_as, submitted):
    from competencies.plans.deputies import name_deputy
    from competencies.plans.queries import waiting_count
    from lms.clock import site_today

    deputy = UserFactory(email="deputy@example.com", name="Dana Deputy", roles=["trainer"])
    assert waiting_count(deputy) == 0
    name_deputy(
        people["director"],
        actor=people["director"],
        deputy_id=deputy.id,
        starts_on=site_today(),
        ends_on=site_today(),
    )
    db.session.commit()
    assert waiting_count(deputy) == 1
    login_as(deputy)
    page = client.get("/plans/waiting").get_data(as_text=True)
    assert people["pm"].name in page and "Director" in page
    assert "You decide as Director" in client.get(f"/plans/{submitted.id}").get_data(as_text=True)


def test_the_pmo_recommends_and_the_pm_and_director_review(client, db, people, login_as, submitted):
    from competencies.plans.models import NoteKind
    from lms.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        notes.add_note(submitted, actor=people["pm"], body="Me", kind=NoteKind.RECOMMENDATION)
    notes.add_note(
        submitted, actor=people["pmo"], body="Take the scheduling course first.",
        kind=NoteKind.RECOMMENDATION,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):  # reviews once the plan is approved
        notes.add_note(submitted, actor=people["pm"], body="Early", kind=NoteKind.MID_REVIEW)
    for role in ("director", "hr"):
        services.decide_plan(submitted, actor=people[role], decision=Decision.APPROVED)
    db.session.commit()
    login_as(people["hr"])
    page = client.get(f"/plans/{submitted.id}").get_data(as_text=True)
    assert 'data-testid="recommendation"' in page and "Take the scheduling course" in page
    assert "Write a mid-period review" not in page, "HR does not write the reviews"
    client.post("/logout")
    login_as(people["director"])
    response = client.post(
        f"/plans/{submitted.id}/notes",
        data={"kind": "mid_review", "mid_review-body": "Halfway: on track."},
    )
    assert response.status_code == 302
    page = client.get(f"/plans/{submitted.id}").get_data(as_text=True)
    assert "Mid-period review" in page and "Halfway: on track." in page


def test_approvers_see_what_changed_and_the_frozen_revision(
    client, db, people, login_as, submitted
):
    from competencies.plans.content import update_goal

    for role in ("director", "hr"):
        services.decide_plan(submitted, actor=people[role], decision=Decision.APPROVED)
    goal = submitted.goals[0]
    update_goal(goal, actor=people["pm"], competency_id=goal.competency_id, target_level=1)
    services.submit_plan(submitted, actor=people["pm"])
    db.session.commit()
    login_as(people["director"])
    page = client.get(f"/plans/{submitted.id}").get_data(as_text=True)
    diff = page[page.index('data-testid="diff"') :]
    assert "What changed since revision 1" in page and "changed" in diff
    assert "Target level: <del>2</del> → <ins>1</ins>" in diff
    frozen = client.get(f"/plans/{submitted.id}/revisions/1").get_data(as_text=True)
    assert "target level 2" in frozen and "read-only" in frozen
    assert "Jan 1, 2027" in frozen and "2027-01-01" not in frozen  # dates as the reader reads them
    assert client.get(f"/plans/{submitted.id}/revisions/2").status_code == 404

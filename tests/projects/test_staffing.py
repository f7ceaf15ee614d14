"""Staffing a key project: the PMs ranked against the target profile of the career level the
project's complexity calls for, by hand-computed figures (confirmed levels only), and the
decision recorded with its reason, optionally joining the PM's plan as a stretch activity."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from sqlalchemy import select

from competencies.careers.services import save_career_level
from competencies.framework.models import Competency
from competencies.plans.content import add_goal
from competencies.plans.models import ActivityKind, ActivityStatus, PlanActivity
from competencies.plans.services import start_plan
from competencies.profiles.services import confirm_level, rate_self
from lms.audit.models import AuditEntry
from lms.errors import PermissionDenied, ServiceError
from lms.permissions import Role
from lms.projects import services
from lms.projects.closing import LessonEntry, close_project
from lms.projects.models import COMPLEXITY_FACTORS, ProjectStatus, StaffingDecision
from lms.projects.staffing import assign_pm, level_for, staffing
from tests.factories import SMALL, FrameworkFactory, UserFactory

from .conftest import make_project, plan

TODAY = date(2026, 3, 15)
# The "PM" career level's profile on the small framework: A-1 at 2, A-1-a at 1, B-1 at 2
# (5 levels wanted in all).
PROFILE = {"A-1": 2, "A-1-a": 1, "B-1": 2}
# Confirmed levels (and one PM's self ratings, which never count), with what the rule makes
# of them: (met, short) = (targets at or above, levels missing in all).
CONFIRMED = {
    "ann": {"A-1": 2, "A-1-a": 1, "B-1": 1},  # met 2, short 1
    "bob": {"A-1": 2, "A-1-a": 1, "B-1": 2},  # met 3, short 0; runs two projects
    "cy": {"A-1": 2, "A-1-a": 1, "B-1": 2},  # met 3, short 0; runs none
    "dee": {},  # self-rated 2 everywhere: met 0, short 5
    "eve": {"A-1": 1, "A-1-a": 1, "B-1": 1},  # met 1, short 2
    "fay": {"A-1": 2, "A-1-a": 1, "B-1": 1},  # met 2, short 1; a plan goal on B-1
    "gus": {"A-1": 2, "A-1-a": 2, "B-1": 2},  # inactive: not a candidate
}
# By the rule: Cy and Bob (3 met) by load; Fay before Ann (her plan goal); Eve; then Dee and
# the project's own PM (nothing confirmed), Dee first as the PM runs this project.
EXPECTED = ["cy", "bob", "fay", "ann", "eve", "dee", "pm"]


@pytest.fixture
def ranked(db, people, department):
    small_framework = FrameworkFactory(document=copy.deepcopy(SMALL))
    competencies = {
        c.idnumber: c
        for c in db.session.scalars(
            select(Competency).where(Competency.framework_id == small_framework.id)
        )
    }
    save_career_level(
        None,
        actor=people["pmo"],
        framework=small_framework,
        idnumber="PM",
        rank=2,
        names={"en": "Project manager"},
        targets={competencies[k].id: v for k, v in PROFILE.items()},
    )
    pms = {"pm": people["pm"]}
    for key, levels in CONFIRMED.items():
        pms[key] = UserFactory(
            email=f"{key}@example.com",
            name=key.title(),
            department=department,
            roles=[Role.PM],
            is_active=key != "gus",
        )
        for idnumber, level in levels.items():
            confirm_level(
                pms[key], competencies[idnumber], level, actor=people["pmo"], justification="seen"
            )
    for idnumber in PROFILE:
        rate_self(pms["dee"], competencies[idnumber], 2, actor=pms["dee"])
    # a director rated perfectly is no candidate: not a PM
    for idnumber, level in PROFILE.items():
        confirm_level(
            people["director"], competencies[idnumber], level, actor=people["pmo"],
            justification="seen",
        )  # fmt: skip
    fay_plan = start_plan(
        pms["fay"], actor=pms["fay"], period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
    )
    add_goal(fay_plan, actor=pms["fay"], competency_id=competencies["B-1"].id, target_level=2)
    for n in (1, 2):
        services.save_project(
            None, actor=people["pmo"], code=f"BOB-{n}", name="Bob's", department_id=department.id,
            pm_email=pms["bob"].email, status=ProjectStatus.RUNNING,
        )  # fmt: skip
    key = make_project(
        people, department, code="KEY-1", is_key=True,
        complexity=dict.fromkeys(COMPLEXITY_FACTORS, 2),
    )  # fmt: skip
    plan(key, people, date(2026, 1, 1), date(2026, 10, 31), 100_000)
    db.session.flush()
    return key, pms, fay_plan


def test_complexity_calls_for_a_career_level_by_the_configured_bands(app):
    assert [level_for(t) for t in (None, 7, 11, 12, 18, 19, 25, 26, 28)] == [
        None, "COORDINATOR", "COORDINATOR", "PM", "PM", "SENIOR_PM", "SENIOR_PM",
        "PROGRAMME", "PROGRAMME",
    ]  # fmt: skip


def test_the_ranking_matches_the_hand_computed_order(db, ranked):
    key, pms, _plan = ranked
    result = staffing(key, TODAY)
    assert result.level == "PM" and result.fit.targets == 3
    names = {p.id: k for k, p in pms.items()}
    assert [names[c.fit.person_id] for c in result.candidates] == EXPECTED
    figures = {names[c.fit.person_id]: (c.fit.met, c.fit.short, c.fit.goals, c.running)
               for c in result.candidates}  # fmt: skip
    assert figures == {
        "cy": (3, 0, 0, 0),
        "bob": (3, 0, 0, 2),
        "fay": (2, 1, 1, 0),
        "ann": (2, 1, 0, 0),
        "eve": (1, 2, 0, 0),
        "dee": (0, 5, 0, 0),  # her self ratings meet every target, and count for nothing
        "pm": (0, 5, 0, 1),
    }
    assert result.fit.measured == 7  # active PMs only: Gus is inactive, the director no PM
    assert [c.is_current for c in result.candidates] == [False] * 6 + [True]


def test_assigning_records_who_decided_why_and_adds_the_stretch_activity(db, ranked, people):
    key, pms, fay_plan = ranked
    shown = {c.fit.person_id: c for c in staffing(key, TODAY).candidates}
    decision, outcomes = assign_pm(
        key, actor=people["pmo"], person_id=pms["fay"].id, reason="Growing in planning",
        add_to_plan=True, grounds=shown[pms["fay"].id],
    )  # fmt: skip
    assert key.pm_id == pms["fay"].id
    assert (decision.previous_pm_id, decision.decided_by_id, decision.reason, decision.level) == (
        people["pm"].id, people["pmo"].id, "Growing in planning", "PM",
    )  # fmt: skip
    assert decision.grounds == {"met": 2, "short": 1, "goals": 1, "running": 0, "days": 0.0}
    assert decision.added_to_plan and [o.what for o in outcomes] == ["plans.stretch_added"]
    activity = db.session.scalars(select(PlanActivity)).one()
    assert (activity.kind, activity.link_kind, activity.link_id) == (
        ActivityKind.ASSIGNMENT, "project", key.id,
    )  # fmt: skip
    assert activity.goal.plan_id == fay_plan.id and activity.due_on == date(2026, 10, 31)
    assert db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.action == "projects.pm_assigned")
    )


def test_an_approved_plan_takes_the_assignment_as_a_revision_and_closing_completes_it(
    db, ranked, people
):
    key, pms, fay_plan = ranked
    from competencies.plans.models import PlanState, RevisionState

    fay_plan.state = PlanState.APPROVED
    db.session.flush()
    assign_pm(key, actor=people["pmo"], person_id=pms["fay"].id, reason="r", add_to_plan=True)
    assert fay_plan.revision_state is RevisionState.DRAFT  # the PM submits it as usual
    activity = db.session.scalars(select(PlanActivity)).one()
    close_project(
        key, actor=people["pmo"], summary="Done.",
        lessons=[LessonEntry(title="Plan early", what_happened="", recommendation="Do")],
    )  # fmt: skip
    assert activity.status is ActivityStatus.DONE


def test_without_an_open_plan_the_decision_stands_and_says_so(db, ranked, people):
    key, pms, _plan = ranked
    decision, outcomes = assign_pm(
        key, actor=people["pmo"], person_id=pms["cy"].id, reason="Best fit", add_to_plan=True
    )
    assert key.pm_id == pms["cy"].id and not decision.added_to_plan
    assert [o.what for o in outcomes] == ["plans.stretch_not_added"]
    assert db.session.scalars(select(PlanActivity)).all() == []


def test_a_decision_needs_a_reason_and_an_active_pm(db, ranked, people):
    key, pms, _plan = ranked
    with pytest.raises(ServiceError) as empty:
        assign_pm(key, actor=people["pmo"], person_id=pms["cy"].id, reason="  ")
    assert empty.value.field == "reason"
    for person in (pms["gus"], people["director"]):
        with pytest.raises(ServiceError) as wrong:
            assign_pm(key, actor=people["pmo"], person_id=person.id, reason="r")
        assert wrong.value.field == "person"
    assert db.session.scalars(select(StaffingDecision)).all() == []


def test_only_the_pmo_staffs_and_only_open_key_projects(db, ranked, people, department):
    key, pms, _plan = ranked
    for role in ("pm", "director", "hr"):
        with pytest.raises(PermissionDenied):
            assign_pm(key, actor=people[role], person_id=pms["cy"].id, reason="r")
    ordinary = make_project(people, department, code="ORD-1")
    with pytest.raises(PermissionDenied):
        assign_pm(ordinary, actor=people["pmo"], person_id=pms["cy"].id, reason="r")


def test_the_page_shows_the_rule_and_the_ranking_and_saves_the_decision(
    db, ranked, people, login_as
):
    key, pms, _plan = ranked
    client = login_as(people["pmo"])
    page = client.get(f"/projects/{key.id}/staffing")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Self ratings never count" in html and html.index(">Cy<") < html.index(">Bob<")
    response = client.post(
        f"/projects/{key.id}/staffing",
        data={"person": pms["bob"].id, "reason": "", "version": key.version},
    )
    assert response.status_code == 422 and "Kept with the decision" in response.get_data(True)
    response = client.post(
        f"/projects/{key.id}/staffing",
        data={"person": pms["bob"].id, "reason": "Knows the client", "version": key.version},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert key.pm_id == pms["bob"].id
    history = client.get(f"/projects/{key.id}/staffing").get_data(as_text=True)
    assert "Knows the client" in history


def test_a_stale_ranking_is_refused_not_lost(db, ranked, people, login_as):
    key, pms, _plan = ranked
    client = login_as(people["pmo"])
    seen = key.version
    assign_pm(key, actor=people["pmo"], person_id=pms["cy"].id, reason="first")
    db.session.commit()
    response = client.post(
        f"/projects/{key.id}/staffing",
        data={"person": pms["bob"].id, "reason": "second", "version": seen},
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert key.pm_id == pms["cy"].id

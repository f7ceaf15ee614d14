"""Changing an approved plan (competencies/plans/content.py): a change to its goals drafts a
revision that needs both approvals again while the approved revision stays in force, and the
approvers see what changed; progress needs no approval. Deputies decide for their principal."""

from __future__ import annotations

from datetime import date

import pytest

from competencies.plans import content, deputies, services
from competencies.plans.models import (
    ActivityKind,
    ActivityStatus,
    Capacity,
    Decision,
    PlanGoal,
    PlanState,
    RevisionState,
)
from competencies.plans.revisions import changes, in_force, plan_content
from competencies.profiles.services import confirm_level
from lms import signals
from lms.clock import site_today
from lms.errors import PermissionDenied, ServiceError
from tests.factories import UserFactory

START, END = date(2027, 1, 1), date(2027, 12, 31)


def _leaf(framework, code):
    return next(c for c in framework.competencies if c.idnumber == code)


def _approve(plan, person, capacity=None):
    return services.decide_plan(plan, actor=person, decision=Decision.APPROVED, capacity=capacity)


@pytest.fixture
def active(db, people, small_framework):
    """The PM's plan, approved by both and running: one goal (B-1 to 2) with one activity."""
    plan = services.start_plan(people["pm"], actor=people["pm"], period_start=START, period_end=END)
    goal = content.add_goal(
        plan, actor=people["pm"], competency_id=_leaf(small_framework, "B-1").id, target_level=2
    )
    content.add_activity(goal, actor=people["pm"], kind=ActivityKind.COURSE, title="Course")
    services.submit_plan(plan, actor=people["pm"])
    _approve(plan, people["director"])
    _approve(plan, people["hr"])
    content.record_progress(
        goal.activities[0], actor=people["pm"], status=ActivityStatus.IN_PROGRESS
    )
    assert plan.state is PlanState.ACTIVE
    return plan


def test_approval_freezes_the_plan_as_revision_one(db, people, active):
    [revision] = active.revisions
    assert revision.number == 1 and revision.content["goals"][0]["target_level"] == 2
    assert revision.content["goals"][0]["activities"][0]["title"] == "Course"
    assert revision.content["goals"][0]["competency"]["en"]


def test_editing_goals_of_an_active_plan_makes_a_revision_needing_both_approvals(
    db, people, active, small_framework
):
    goal = active.goals[0]
    content.update_goal(goal, actor=people["pm"], competency_id=goal.competency_id, target_level=1)
    content.add_goal(
        active, actor=people["pm"], competency_id=_leaf(small_framework, "A-1-a").id, target_level=2
    )
    assert active.state is PlanState.ACTIVE, "the approved revision stays in force"
    assert active.revision_state is RevisionState.DRAFT
    assert in_force(active).number == 1
    assert in_force(active).content["goals"][0]["target_level"] == 2
    services.submit_plan(active, actor=people["pm"])
    assert active.revision_state is RevisionState.SUBMITTED and active.is_waiting
    found = changes(in_force(active).content, plan_content(active, {}))
    assert {(c.what, c.how) for c in found} == {("goal", "changed"), ("goal", "added")}
    changed = next(c for c in found if c.how == "changed")
    assert changed.fields == {"target_level": (2, 1)}
    _approve(active, people["hr"])
    assert active.revision_state is RevisionState.SUBMITTED, "one approval is not enough"
    assert in_force(active).number == 1
    _approve(active, people["director"])
    assert active.revision_state is None and active.state is PlanState.ACTIVE
    assert in_force(active).number == 2
    assert [g["target_level"] for g in in_force(active).content["goals"]] == [1, 2]


def test_a_returned_revision_goes_back_to_draft_and_the_old_one_stays_in_force(db, people, active):
    goal = active.goals[0]
    content.add_activity(goal, actor=people["pm"], kind=ActivityKind.READING, title="Read")
    services.submit_plan(active, actor=people["pm"])
    services.decide_plan(
        active, actor=people["director"], decision=Decision.RETURNED, comment="Not now."
    )
    assert active.revision_state is RevisionState.DRAFT and active.state is PlanState.ACTIVE
    assert in_force(active).number == 1 and len(active.revisions) == 1


def test_progress_needs_no_approval(db, people, active):
    activity = active.goals[0].activities[0]
    content.record_progress(
        activity, actor=people["pm"], status=ActivityStatus.DONE, notes="Passed the exam."
    )
    assert activity.status is ActivityStatus.DONE and activity.notes == "Passed the exam."
    assert active.revision_state is None and len(active.revisions) == 1


def test_goals_stay_put_while_the_approvers_decide(db, people, active, small_framework):
    content.add_activity(
        active.goals[0], actor=people["pm"], kind=ActivityKind.OTHER, title="Shadow a PM"
    )
    services.submit_plan(active, actor=people["pm"])
    with pytest.raises(ServiceError, match="with its approvers"):
        content.remove_goal(active.goals[0], actor=people["pm"])


def test_goal_and_activity_input_is_checked(db, people, small_framework):
    plan = services.start_plan(people["pm"], actor=people["pm"], period_start=START, period_end=END)
    leaf = _leaf(small_framework, "B-1")
    with pytest.raises(ServiceError) as refused:
        content.add_goal(plan, actor=people["pm"], competency_id=leaf.id, target_level=9)
    assert refused.value.field == "target_level"
    with pytest.raises(ServiceError) as refused:
        content.add_goal(
            plan, actor=people["pm"], competency_id=leaf.id, target_level=1, due_on=date(2030, 1, 1)
        )
    assert refused.value.field == "due_on"
    goal = content.add_goal(plan, actor=people["pm"], competency_id=leaf.id, target_level=1)
    with pytest.raises(ServiceError, match="already"):
        content.add_goal(plan, actor=people["pm"], competency_id=leaf.id, target_level=2)
    with pytest.raises(ServiceError) as refused:
        content.add_activity(goal, actor=people["pm"], kind=ActivityKind.MENTORING, title="M")
    assert refused.value.field == "mentor"
    with pytest.raises(ServiceError) as refused:
        content.add_activity(
            goal,
            actor=people["pm"],
            kind=ActivityKind.MENTORING,
            title="M",
            mentor_id=people["pm"].id,
        )
    assert refused.value.field == "mentor"
    mentored = content.add_activity(
        goal,
        actor=people["pm"],
        kind=ActivityKind.MENTORING,
        title="Weekly mentoring",
        mentor_id=people["pmo"].id,
    )
    assert mentored.mentor_id == people["pmo"].id


def test_a_deputy_decides_for_their_principal_and_both_names_are_recorded(db, people, active):
    deputy = UserFactory(name="Deputy", department=people["pm"].department, roles=["pm"])
    today = site_today()
    deputies.name_deputy(
        people["director"],
        actor=people["director"],
        deputy_id=deputy.id,
        starts_on=today,
        ends_on=today,
    )
    content.add_activity(
        active.goals[0], actor=people["pm"], kind=ActivityKind.CLUB, title="Talk at the club"
    )
    services.submit_plan(active, actor=people["pm"])
    _approve(active, deputy)
    decision = active.approvals[-1]
    assert decision.capacity is Capacity.DIRECTOR
    assert (decision.approver_id, decision.on_behalf_of_id) == (deputy.id, people["director"].id)
    with pytest.raises(ServiceError, match="someone else"):
        _approve(active, people["director"])  # the deputy spoke for them this round
    _approve(active, people["hr"])
    assert active.revision_state is None and in_force(active).number == 2


def test_a_deputy_never_approves_their_own_plan_nor_outside_the_dates(db, people, active):
    today = site_today()
    deputies.name_deputy(
        people["hr"],
        actor=people["hr"],
        deputy_id=people["pm"].id,
        starts_on=today,
        ends_on=today,
    )
    content.add_activity(
        active.goals[0], actor=people["pm"], kind=ActivityKind.OTHER, title="Another"
    )
    services.submit_plan(active, actor=people["pm"])
    with pytest.raises(PermissionDenied):
        _approve(active, people["pm"])
    later = UserFactory(name="Later deputy", roles=["pm"])
    deputies.name_deputy(
        people["hr"],
        actor=people["hr"],
        deputy_id=later.id,
        starts_on=date(2030, 1, 1),
        ends_on=date(2030, 1, 9),
    )
    with pytest.raises(PermissionDenied):
        _approve(active, later)


def test_a_goal_shows_met_once_the_profile_confirms_its_level(db, people, active, small_framework):
    from competencies.plans.queries import goals_met

    assert goals_met(active) == set()
    confirm_level(
        people["pm"], _leaf(small_framework, "B-1"), 2, actor=people["director"], justification="x"
    )
    assert goals_met(active) == {active.goals[0].id}


def test_a_linked_activity_completes_by_itself_when_announced(db, people, active):
    goal: PlanGoal = active.goals[0]
    linked = content.add_activity(
        goal,
        actor=people["pm"],
        kind=ActivityKind.COURSE,
        title="Scheduling class",
        link_kind="course",
        link_id=42,
    )
    signals.announce_activity_completed("course", person_id=people["pm"].id, link_id=42)
    assert linked.status is ActivityStatus.DONE
    assert goal.activities[0].status is ActivityStatus.IN_PROGRESS, "others are left alone"
    signals.announce_activity_completed("course", person_id=people["director"].id, link_id=42)
    signals.announce_activity_completed("document", person_id=people["pm"].id, link_id=42)


def test_closing_a_plan(db, people, active):
    with pytest.raises(ServiceError, match="why"):
        services.close_plan(active, actor=people["director"], completed=False)
    services.close_plan(active, actor=people["director"], completed=True)
    assert active.state is PlanState.COMPLETED
    with pytest.raises(ServiceError, match="closed"):
        services.close_plan(active, actor=people["pm"], completed=False, reason="x")

"""The development plan workflow (competencies/plans/services.py): approved only once both the
PM's director and HR approve, by two people, neither the PM; a return needs a reason and closes
the round; a second "new plan" or "submit" does nothing more."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from competencies.plans import services
from competencies.plans.models import (
    Capacity,
    Decision,
    DevelopmentPlan,
    PlanApproval,
    PlanGoal,
    PlanState,
)
from lms.errors import ConflictError, PermissionDenied, ServiceError
from tests.factories import DepartmentFactory, UserFactory

START, END = date(2027, 1, 1), date(2027, 12, 31)


@pytest.fixture
def plan(db, people, small_framework):
    """The PM's submitted plan with one goal."""
    started = services.start_plan(
        people["pm"], actor=people["pm"], period_start=START, period_end=END
    )
    competency = next(c for c in small_framework.competencies if c.idnumber == "B-1")
    started.goals.append(PlanGoal(competency_id=competency.id, target_level=2))
    return services.submit_plan(started, actor=people["pm"])


def _approve(plan, person, capacity=None):
    return services.decide_plan(plan, actor=person, decision=Decision.APPROVED, capacity=capacity)


def test_a_second_new_plan_click_returns_the_same_draft(db, people):
    first = services.start_plan(
        people["pm"], actor=people["pm"], period_start=START, period_end=END
    )
    again = services.start_plan(
        people["pm"], actor=people["pm"], period_start=START, period_end=END
    )
    assert again is first and first.state is PlanState.DRAFT
    assert db.session.scalar(select(func.count()).select_from(DevelopmentPlan)) == 1
    with pytest.raises(ServiceError, match="end after it starts"):
        services.start_plan(people["pm"], actor=people["pm"], period_start=END, period_end=START)


def test_only_the_pm_starts_their_plan(db, people):
    with pytest.raises(PermissionDenied):
        services.start_plan(people["pm"], actor=people["hr"], period_start=START, period_end=END)


def test_a_plan_needs_a_goal_before_it_is_submitted_and_submitting_twice_changes_nothing(
    db, people, plan
):
    bare = services.start_plan(
        people["pm"],
        actor=people["pm"],
        period_start=date(2028, 1, 1),
        period_end=date(2028, 6, 30),
    )
    with pytest.raises(ServiceError, match="at least one goal"):
        services.submit_plan(bare, actor=people["pm"])
    assert services.submit_plan(plan, actor=people["pm"]).state is PlanState.SUBMITTED


@pytest.mark.parametrize("first, second", [("director", "hr"), ("hr", "director")])
def test_approved_only_once_both_director_and_hr_approve_in_any_order(
    db, people, plan, first, second
):
    _approve(plan, people[first])
    assert plan.state is PlanState.SUBMITTED, "one approval leaves it submitted"
    _approve(plan, people[second])
    assert plan.state is PlanState.APPROVED
    assert {(a.capacity, a.approver_id) for a in plan.approvals} == {
        (Capacity.DIRECTOR, people["director"].id),
        (Capacity.HR, people["hr"].id),
    }


def test_a_return_needs_a_reason_closes_the_round_and_keeps_its_history(db, people, plan):
    _approve(plan, people["director"])
    with pytest.raises(ServiceError, match="Say why"):
        services.decide_plan(plan, actor=people["hr"], decision=Decision.RETURNED)
    services.decide_plan(
        plan, actor=people["hr"], decision=Decision.RETURNED, comment="Add a mentoring goal."
    )
    assert plan.state is PlanState.DRAFT and plan.round == 2
    assert [(a.round, a.decision) for a in plan.approvals] == [
        (1, Decision.APPROVED),
        (1, Decision.RETURNED),
    ]
    assert plan.approvals[1].comment == "Add a mentoring goal."
    services.submit_plan(plan, actor=people["pm"])
    _approve(plan, people["hr"])
    assert plan.state is PlanState.SUBMITTED, "the first round's director approval is closed"
    _approve(plan, people["director"])
    assert plan.state is PlanState.APPROVED


def test_nobody_approves_their_own_plan_whatever_roles_they_hold(db, people, department):
    owner = UserFactory(name="PM and HR", department=department, roles=["pm", "hr", "director"])
    plan = DevelopmentPlan(owner=owner, period_start=START, period_end=END, state="submitted")
    db.session.add(plan)
    db.session.flush()
    with pytest.raises(PermissionDenied):
        _approve(plan, owner)


def test_a_director_who_is_also_hr_counts_once(db, people, plan):
    both = people["director"]
    both.role_rows.append(type(both.role_rows[0])(role="hr"))
    db.session.flush()
    _approve(plan, both)
    assert plan.state is PlanState.SUBMITTED
    with pytest.raises(ServiceError, match="someone else"):
        _approve(plan, both, Capacity.HR)
    _approve(plan, people["hr"])
    assert plan.state is PlanState.APPROVED
    assert db.session.scalar(select(func.count()).select_from(PlanApproval)) == 2


def test_a_director_outside_the_pms_department_tree_may_not_decide(db, people, plan):
    other = UserFactory(name="Other director", roles=["director"])
    DepartmentFactory(name="Elsewhere", director=other)
    db.session.flush()
    with pytest.raises(PermissionDenied):
        _approve(plan, other)


def test_a_director_above_the_pms_department_may_decide(db, people, plan):
    top = UserFactory(name="Top director", roles=["director"])
    people["pm"].department.parent = DepartmentFactory(name="Division", director=top)
    db.session.flush()
    _approve(plan, top)
    assert plan.approvals[-1].capacity is Capacity.DIRECTOR


def test_a_decision_on_a_plan_that_moved_on_is_told_to_reload(db, people, plan):
    _approve(plan, people["director"])
    _approve(plan, people["hr"])
    with pytest.raises(ConflictError, match="reload"):
        services.decide_plan(
            plan, actor=people["hr"], decision=Decision.RETURNED, comment="Too late."
        )

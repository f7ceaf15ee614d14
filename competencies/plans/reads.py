"""One plan as its pages read it: plain data from four Core selects (the plan with its owner,
its goals with their activities and mentors, its decisions with the people who made them, its
approved revisions), named as the model names them, so the predicates, the revision content and
the templates read either. Loading the model and its relationships cost the plan page a quarter
of its time; the writes (services) still load the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.db import read
from lms.permissions import require

from .models import (
    ActivityKind,
    ActivityStatus,
    Capacity,
    Decision,
    DevelopmentPlan,
    PlanActivity,
    PlanApproval,
    PlanGoal,
    PlanRevision,
    PlanState,
    PlanStates,
    RevisionState,
)
from .permissions import can_view_plan


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    department_id: int | None = None


@dataclass
class ActivityRow:
    id: int
    kind: ActivityKind
    title: str
    mentor_id: int | None
    mentor: Person | None
    due_on: date | None
    status: ActivityStatus
    notes: str
    link_kind: str | None
    link_id: int | None


@dataclass
class GoalRow:
    id: int
    competency_id: int
    target_level: int
    due_on: date | None
    success_measure: str
    activities: list[ActivityRow] = field(default_factory=list)


@dataclass(frozen=True)
class ApprovalRow:
    round: int
    capacity: Capacity
    decision: Decision
    approver_id: int | None
    approver: Person | None
    on_behalf_of_id: int | None
    on_behalf_of: Person | None
    comment: str
    decided_at: datetime


@dataclass(frozen=True)
class RevisionRow:
    number: int
    round: int
    content: dict
    approved_at: datetime


@dataclass
class PlanView(PlanStates):
    id: int
    owner: Person
    period_start: date
    period_end: date
    aim_level_id: int | None
    summary: str
    state: PlanState
    round: int
    revision_state: RevisionState | None
    submitted_at: datetime | None
    version: int
    goals: list[GoalRow] = field(default_factory=list)
    approvals: list[ApprovalRow] = field(default_factory=list)
    revisions: list[RevisionRow] = field(default_factory=list)

    @property
    def owner_id(self) -> int:
        return self.owner.id


def plan_view_or_404(plan_id: int, viewer) -> PlanView:
    """The plan as its page reads it; 404 for a plan the viewer may not see."""
    params = {"plan_id": plan_id}
    row = read(_plan(), params).first()
    if row is None:
        abort(404)
    *columns, owner_name, department_id = row
    plan = PlanView(columns[0], Person(columns[1], owner_name, department_id), *columns[2:])
    require(can_view_plan(viewer, plan), hide=True)
    goals: dict[int, GoalRow] = {}
    for *goal, activity_id, kind, title, mentor_id, mentor, due, status, notes, lk, li in read(
        _goals(), params
    ):
        found = goals.get(goal[0])
        if found is None:
            found = goals[goal[0]] = GoalRow(*goal)
        if activity_id is not None:
            person = Person(mentor_id, mentor) if mentor_id is not None and mentor else None
            found.activities.append(
                ActivityRow(activity_id, kind, title, mentor_id, person, due, status, notes, lk, li)
            )
    plan.goals = list(goals.values())
    plan.approvals = [
        ApprovalRow(
            r,
            capacity,
            decision,
            a_id,
            Person(a_id, a_name) if a_name else None,
            b_id,
            Person(b_id, b_name) if b_name else None,
            comment,
            decided_at,
        )
        for r, capacity, decision, a_id, a_name, b_id, b_name, comment, decided_at in read(
            _approvals(), params
        )
    ]
    plan.revisions = [RevisionRow(*row) for row in read(_revisions(), params)]
    return plan


@cache
def _plan() -> Select:
    return (
        select(
            DevelopmentPlan.id,
            DevelopmentPlan.owner_id,
            DevelopmentPlan.period_start,
            DevelopmentPlan.period_end,
            DevelopmentPlan.aim_level_id,
            DevelopmentPlan.summary,
            DevelopmentPlan.state,
            DevelopmentPlan.round,
            DevelopmentPlan.revision_state,
            DevelopmentPlan.submitted_at,
            DevelopmentPlan.version,
            User.name,
            User.department_id,
        )
        .join(User, User.id == DevelopmentPlan.owner_id)
        .where(DevelopmentPlan.id == bindparam("plan_id"))
    )


@cache
def _goals() -> Select:
    mentor = aliased(User)
    return (
        select(
            PlanGoal.id,
            PlanGoal.competency_id,
            PlanGoal.target_level,
            PlanGoal.due_on,
            PlanGoal.success_measure,
            PlanActivity.id,
            PlanActivity.kind,
            PlanActivity.title,
            PlanActivity.mentor_id,
            mentor.name,
            PlanActivity.due_on,
            PlanActivity.status,
            PlanActivity.notes,
            PlanActivity.link_kind,
            PlanActivity.link_id,
        )
        .outerjoin(PlanActivity, PlanActivity.goal_id == PlanGoal.id)
        .outerjoin(mentor, mentor.id == PlanActivity.mentor_id)
        .where(PlanGoal.plan_id == bindparam("plan_id"))
        .order_by(PlanGoal.sort_order, PlanGoal.id, PlanActivity.id)
    )


@cache
def _approvals() -> Select:
    approver, principal = aliased(User), aliased(User)
    return (
        select(
            PlanApproval.round,
            PlanApproval.capacity,
            PlanApproval.decision,
            PlanApproval.approver_id,
            approver.name,
            PlanApproval.on_behalf_of_id,
            principal.name,
            PlanApproval.comment,
            PlanApproval.decided_at,
        )
        .outerjoin(approver, approver.id == PlanApproval.approver_id)
        .outerjoin(principal, principal.id == PlanApproval.on_behalf_of_id)
        .where(PlanApproval.plan_id == bindparam("plan_id"))
        .order_by(PlanApproval.id)
    )


@cache
def _revisions() -> Select:
    return (
        select(
            PlanRevision.number, PlanRevision.round, PlanRevision.content, PlanRevision.approved_at
        )
        .where(PlanRevision.plan_id == bindparam("plan_id"))
        .order_by(PlanRevision.number)
    )

"""The development plan workflow: draft -> submitted -> approved (both the director and HR, in any
order) -> active -> completed, or cancelled; back to draft when either approver returns it with a
reason. Changes to the goals of an approved plan go through the same two approvals as a revision
while the approved revision stays in force.

Decisions lock the plan row first, so two approvers acting at once take turns: each sees what the
other recorded, both decisions are kept, and the plan is approved exactly once.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.audit.services import record, register_action
from lms.clock import site_today, utcnow
from lms.errors import ConflictError, ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.i18n import gettext as _
from lms.permissions import ensure

from . import notices
from .models import (
    OPEN_STATES,
    ActivityKind,
    Capacity,
    Decision,
    DevelopmentPlan,
    PlanApproval,
    PlanRevision,
    PlanState,
    RevisionState,
)
from .permissions import can_close_plan, can_decide_plan, can_start_plan, standings
from .queries import competency_names
from .revisions import plan_content

for _action, _text in {
    "plan.started": N_("Development plan started"),
    "plan.submitted": N_("Development plan submitted"),
    "plan.revision_submitted": N_("Changes to a development plan submitted"),
    "plan.approval_given": N_("Approval given to a development plan"),
    "plan.approved": N_("Development plan approved"),
    "plan.revision_approved": N_("Changes to a development plan approved"),
    "plan.returned": N_("Development plan returned"),
    "plan.activated": N_("Development plan started running"),
    "plan.completed": N_("Development plan completed"),
    "plan.cancelled": N_("Development plan cancelled"),
}.items():
    register_action(_action, _text)


def plan_label(plan: DevelopmentPlan) -> str:
    return f"{plan.owner.name} {plan.period_start.isoformat()}–{plan.period_end.isoformat()}"


def _open_plan(owner_id: int, start: date, end: date) -> DevelopmentPlan | None:
    return db.session.scalar(
        select(DevelopmentPlan).where(
            DevelopmentPlan.owner_id == owner_id,
            DevelopmentPlan.period_start == start,
            DevelopmentPlan.period_end == end,
            DevelopmentPlan.state.in_(OPEN_STATES),
        )
    )


def start_plan(
    owner, *, actor, period_start: date, period_end: date, aim_level=None, summary: str = ""
) -> DevelopmentPlan:
    """The owner's open plan for the period: the one there is, else a new draft (a second
    click, or two at once, never makes a second). Raises ServiceError."""
    ensure(can_start_plan(actor, owner))
    if period_end <= period_start:
        raise ServiceError(_("The period must end after it starts."), field="period_end")
    existing = _open_plan(owner.id, period_start, period_end)
    if existing is not None:
        return existing
    plan = DevelopmentPlan(
        owner=owner,
        period_start=period_start,
        period_end=period_end,
        aim_level_id=aim_level.id if aim_level else None,
        summary=summary.strip(),
    )
    try:
        with db.session.begin_nested():  # a click at the same moment: the unique index refuses
            db.session.add(plan)
            db.session.flush()
    except IntegrityError:
        existing = _open_plan(owner.id, period_start, period_end)
        if existing is None:
            raise
        return existing
    record(actor, "plan.started", plan, label=plan_label(plan))
    return plan


def submit_plan(plan: DevelopmentPlan, *, actor) -> DevelopmentPlan:
    """A draft (or the drafted changes of an approved plan) goes to the director and HR, who
    are told. Submitting twice changes nothing. Raises ServiceError."""
    ensure(can_start_plan(actor, plan.owner))
    lock_plan(plan)
    if plan.is_waiting:
        return plan
    unnamed = [
        a
        for g in plan.goals
        for a in g.activities
        if a.kind is ActivityKind.MENTORING and a.mentor_id is None
    ]
    if unnamed:
        raise ServiceError(
            _("Name the mentor of “%(title)s” before submitting.", title=unnamed[0].title)
        )
    if plan.state is PlanState.DRAFT:
        if not plan.goals:
            raise ServiceError(_("Add at least one goal before submitting the plan."))
        plan.state = PlanState.SUBMITTED
        action = "plan.submitted"
    elif plan.is_in_force and plan.revision_state is RevisionState.DRAFT:
        if not plan.goals:
            raise ServiceError(_("A plan in force keeps at least one goal."))
        plan.revision_state = RevisionState.SUBMITTED
        action = "plan.revision_submitted"
    else:
        raise ServiceError(_("There is nothing new to submit in this plan."))
    plan.submitted_at = utcnow()
    db.session.flush()
    record(actor, action, plan, label=plan_label(plan), changes={"round": [None, plan.round]})
    notices.submitted(plan)
    return plan


def decide_plan(
    plan: DevelopmentPlan,
    *,
    actor,
    decision: Decision,
    capacity: Capacity | None = None,
    comment: str = "",
) -> DevelopmentPlan:
    """Record `actor`'s decision on the waiting plan in `capacity` (None: the first they hold,
    their own before a principal's, still open this round). Approved once both capacities
    approved this round, by two different people (a deputy and the person they stand in for
    count as one); a return needs a reason, closes the round and sends the plan (or its
    changes) back to draft. Raises ServiceError (ConflictError when the plan moved on since it
    was opened: the caller says reload)."""
    ensure(can_decide_plan(actor, plan, capacity))
    lock_plan(plan)
    if not plan.is_waiting:
        raise ConflictError(_("This plan is no longer waiting for a decision: reload it."))
    comment = comment.strip()
    if decision is Decision.RETURNED and not comment:
        raise ServiceError(_("Say why the plan goes back."), field="comment")
    held = _open_standing(plan, actor, capacity)
    plan.approvals.append(
        PlanApproval(
            round=plan.round,
            capacity=held.capacity,
            decision=decision,
            approver_id=actor.id,
            on_behalf_of_id=held.on_behalf_of.id if held.on_behalf_of else None,
            comment=comment,
            requested_at=plan.submitted_at,
        )
    )
    action = _settle(plan, decision)
    db.session.flush()
    changes = {"capacity": [None, str(held.capacity)], "decision": [None, str(decision)]}
    if comment:
        changes["comment"] = [None, comment]
    if held.on_behalf_of:
        changes["on_behalf_of"] = [None, held.on_behalf_of.name]
    record(actor, action, plan, label=plan_label(plan), changes=changes)
    notices.decided(plan, actor, decision, comment)
    return plan


def open_standings(plan: DevelopmentPlan, actor) -> list:
    """The standings `actor` may still decide in this round: not a capacity decided already,
    and none at all once they (or the person they stand in for) decided this round."""
    round_ = [a for a in plan.approvals if a.round == plan.round]
    deciders = {a.approver_id for a in round_} | {a.on_behalf_of_id for a in round_}
    if actor.id in deciders:
        return []
    taken = {a.capacity for a in round_}
    return [
        s
        for s in standings(actor, plan)
        if s.capacity not in taken and (s.on_behalf_of is None or s.on_behalf_of.id not in deciders)
    ]


def _open_standing(plan: DevelopmentPlan, actor, capacity: Capacity | None):
    """The standing `actor` decides in this round (their own before a principal's); refuses a
    second decision by the same person (or by their deputy, or the deputy's principal)."""
    round_ = [a for a in plan.approvals if a.round == plan.round]
    if actor.id in {a.approver_id for a in round_} | {a.on_behalf_of_id for a in round_}:
        raise ServiceError(
            _(
                "You have decided on this plan already: the other approval must come from someone else."
            )
        )
    held = [s for s in open_standings(plan, actor) if capacity in (None, s.capacity)]
    if held:
        return held[0]
    taken = {a.capacity for a in round_}
    if any(s.capacity in taken for s in standings(actor, plan) if capacity in (None, s.capacity)):
        raise ConflictError(_("This approval was given already: reload the plan."))
    raise ServiceError(_("The other approval must come from someone else."))


def _settle(plan: DevelopmentPlan, decision: Decision) -> str:
    """Move the plan on after a decision; returns the audit action."""
    first_round = plan.state is PlanState.SUBMITTED
    if decision is Decision.RETURNED:
        if first_round:
            plan.state = PlanState.DRAFT
        else:
            plan.revision_state = RevisionState.DRAFT
        plan.round += 1
        return "plan.returned"
    approved = {a.capacity for a in plan.approvals if a.round == plan.round}
    if approved != set(Capacity):
        return "plan.approval_given"
    freeze_revision(plan)
    plan.round += 1
    if first_round:
        plan.state = PlanState.APPROVED
        if plan.period_start <= site_today():
            plan.state = PlanState.ACTIVE
        return "plan.approved"
    plan.revision_state = None
    return "plan.revision_approved"


def freeze_revision(plan: DevelopmentPlan) -> PlanRevision:
    """The plan's goals and activities as approved now, read-only from here on."""
    names = competency_names([goal.competency_id for goal in plan.goals])
    revision = PlanRevision(
        number=len(plan.revisions) + 1, round=plan.round, content=plan_content(plan, names)
    )
    plan.revisions.append(revision)
    return revision


def activate_plan(plan: DevelopmentPlan, *, actor=None) -> DevelopmentPlan:
    """An approved plan runs from its period's start (the daily `remind` run, or the first
    progress the PM records). Activating twice changes nothing."""
    if plan.state is PlanState.APPROVED:
        plan.state = PlanState.ACTIVE
        db.session.flush()
        record(actor, "plan.activated", plan, label=plan_label(plan))
    return plan


def close_plan(
    plan: DevelopmentPlan, *, actor, completed: bool, reason: str = ""
) -> DevelopmentPlan:
    """Complete an approved or active plan, or cancel an open one (with a reason). Raises
    ServiceError; ConflictError when it was closed meanwhile."""
    ensure(can_close_plan(actor, plan))
    lock_plan(plan)
    if not plan.is_open:
        raise ConflictError(_("This plan is closed already: reload it."))
    reason = reason.strip()
    if completed and not plan.is_in_force:
        raise ServiceError(_("Only an approved plan can be completed."))
    if not completed and not reason:
        raise ServiceError(_("Say why the plan is cancelled."), field="reason")
    plan.state = PlanState.COMPLETED if completed else PlanState.CANCELLED
    plan.revision_state = None
    db.session.flush()
    action = "plan.completed" if completed else "plan.cancelled"
    record(
        actor,
        action,
        plan,
        label=plan_label(plan),
        changes={"reason": [None, reason]} if reason else None,
    )
    notices.closed(plan, actor, reason)
    return plan


def lock_plan(plan: DevelopmentPlan) -> None:
    """Take the plan's row for this transaction and read it again (another decision may have
    committed since it was loaded)."""
    db.session.execute(
        select(DevelopmentPlan.id).where(DevelopmentPlan.id == plan.id).with_for_update()
    )
    db.session.refresh(plan)
    db.session.expire(plan, ["approvals", "revisions"])

"""The development plan workflow: draft -> submitted -> approved (both the director and HR, in any
order) or back to draft when either returns it with a reason.

Decisions lock the plan row first, so two approvers acting at once take turns: each sees what the
other recorded, both decisions are kept, and the plan is approved exactly once.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.audit.services import record, register_action
from lms.errors import ConflictError, ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.permissions import ensure

from .models import OPEN_STATES, Capacity, Decision, DevelopmentPlan, PlanApproval, PlanState
from .permissions import can_decide_plan, can_start_plan, capacities

register_action("plan.started", N_("Development plan started"))
register_action("plan.submitted", N_("Development plan submitted"))
register_action("plan.approval_given", N_("Approval given to a development plan"))
register_action("plan.approved", N_("Development plan approved"))
register_action("plan.returned", N_("Development plan returned"))


def _label(plan: DevelopmentPlan) -> str:
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
    record(actor, "plan.started", plan, label=_label(plan))
    return plan


def submit_plan(plan: DevelopmentPlan, *, actor) -> DevelopmentPlan:
    """Draft -> submitted, for the director and HR to decide. Submitting twice changes nothing."""
    ensure(can_start_plan(actor, plan.owner))
    _lock(plan)
    if plan.state is PlanState.SUBMITTED:
        return plan
    if plan.state is not PlanState.DRAFT:
        raise ServiceError(_("Only a draft can be submitted."))
    if not plan.goals:
        raise ServiceError(_("Add at least one goal before submitting the plan."))
    plan.state = PlanState.SUBMITTED
    db.session.flush()
    record(actor, "plan.submitted", plan, label=_label(plan))
    return plan


def decide_plan(
    plan: DevelopmentPlan,
    *,
    actor,
    decision: Decision,
    capacity: Capacity | None = None,
    comment: str = "",
) -> DevelopmentPlan:
    """Record `actor`'s decision on the submitted plan in `capacity` (None: the one they hold
    that is still open this round). Approved once both capacities approved this round, by two
    different people; a return needs a reason, closes the round and sends the plan back to
    draft. Raises ServiceError (ConflictError when the plan moved on since it was opened)."""
    ensure(can_decide_plan(actor, plan, capacity))
    _lock(plan)
    if plan.state is not PlanState.SUBMITTED:
        raise ConflictError(_("This plan is no longer waiting for a decision: reload it."))
    comment = comment.strip()
    if decision is Decision.RETURNED and not comment:
        raise ServiceError(_("Say why the plan goes back."), field="comment")
    round_ = [a for a in plan.approvals if a.round == plan.round]
    taken = {a.capacity for a in round_}
    if any(a.approver_id == actor.id for a in round_):
        raise ServiceError(
            _(
                "You have decided on this plan already: the other approval must come from someone else."
            )
        )
    open_capacities = [c for c in capacities(actor, plan) if c not in taken]
    if capacity is not None:
        open_capacities = [c for c in open_capacities if c is capacity]
    if not open_capacities:
        raise ConflictError(_("This approval was given already: reload the plan."))
    held = open_capacities[0]
    plan.approvals.append(
        PlanApproval(
            round=plan.round,
            capacity=held,
            decision=decision,
            approver_id=actor.id,
            comment=comment,
        )
    )
    if decision is Decision.RETURNED:
        plan.state, plan.round = PlanState.DRAFT, plan.round + 1
        action = "plan.returned"
    elif {a.capacity for a in plan.approvals if a.round == plan.round} == set(Capacity):
        plan.state = PlanState.APPROVED
        action = "plan.approved"
    else:
        action = "plan.approval_given"
    db.session.flush()
    record(
        actor,
        action,
        plan,
        label=_label(plan),
        changes={"capacity": [None, str(held)], "decision": [None, str(decision)]},
    )
    return plan


def _lock(plan: DevelopmentPlan) -> None:
    """Take the plan's row for this transaction and read it again (another decision may have
    committed since it was loaded)."""
    db.session.execute(
        select(DevelopmentPlan.id).where(DevelopmentPlan.id == plan.id).with_for_update()
    )
    db.session.refresh(plan)
    db.session.expire(plan, ["approvals"])

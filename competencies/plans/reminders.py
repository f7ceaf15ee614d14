"""The development plan reminders `flask --app lms remind` runs daily: approved plans start
running on their period's start; approvers of a plan waiting longer than
PLAN_APPROVAL_OVERDUE_DAYS are reminded, and the PMO is told past PLAN_APPROVAL_ESCALATION_DAYS
(once per round each); PMs hear of each activity past its due date (once per due date)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.accounts.queries import active_people_with_role
from lms.clock import site_timezone
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.reminders import first_time
from lms.notifications.services import notify
from lms.permissions import Role

from .models import ActivityStatus, DevelopmentPlan, PlanActivity, PlanGoal, PlanState
from .notices import approvers, plan_link
from .permissions import standings
from .queries import WAITING
from .services import activate_plan

register_kind(
    "plan.approval_overdue",
    N_("%(owner)s's development plan has waited %(days)s days for your decision."),
)
register_kind(
    "plan.escalated",
    N_("%(owner)s's development plan has waited %(days)s days for approval: please follow up."),
)
register_kind("plan.activity_overdue", N_("Your plan activity “%(title)s” was due on %(due_on)s."))


def _start_of(day: date):
    from datetime import datetime, time

    return datetime.combine(day, time.min, tzinfo=site_timezone())


def _waiting_since(before: date) -> list[DevelopmentPlan]:
    return list(
        db.session.scalars(
            select(DevelopmentPlan)
            .where(WAITING, DevelopmentPlan.submitted_at < _start_of(before))
            .options(selectinload(DevelopmentPlan.owner), selectinload(DevelopmentPlan.approvals))
            .order_by(DevelopmentPlan.id)
        )
    )


def remind_plan_approvers(today: date) -> str:
    """Approvers whose decision is overdue, and the PMO for those overdue beyond the second
    limit: once per plan, round and person."""
    overdue = current_app.config["PLAN_APPROVAL_OVERDUE_DAYS"]
    escalate = current_app.config["PLAN_APPROVAL_ESCALATION_DAYS"]
    due: dict[str, tuple] = {}
    pmo = None
    for plan in _waiting_since(today - timedelta(days=overdue - 1)):
        taken = {a.capacity for a in plan.approvals if a.round == plan.round}
        days = (today - plan.submitted_at.astimezone(site_timezone()).date()).days
        for person in approvers(plan):
            if any(s.capacity not in taken for s in standings(person, plan, today)):
                key = f"plan-approval:{plan.id}:{plan.round}:{person.id}"
                due[key] = (person, "plan.approval_overdue", plan, days)
        if days >= escalate:
            pmo = pmo if pmo is not None else active_people_with_role(Role.PMO)
            for person in pmo:
                key = f"plan-escalation:{plan.id}:{plan.round}:{person.id}"
                due[key] = (person, "plan.escalated", plan, days)
    sent = first_time(due)
    for key in sent:
        person, kind, plan, days = due[key]
        notify(person, kind, link=plan_link(plan), owner=plan.owner.name, days=days)
    escalated = sum(key.startswith("plan-escalation") for key in sent)
    return f"plan approvals: {len(sent) - escalated} reminded, {escalated} escalated to the PMO"


def remind_overdue_activities(today: date) -> str:
    """Each PM, once per activity and due date, of the activities of their approved plans past
    due; and approved plans whose period has started begin running."""
    started = db.session.scalars(
        select(DevelopmentPlan).where(
            DevelopmentPlan.state == PlanState.APPROVED, DevelopmentPlan.period_start <= today
        )
    ).all()
    for plan in started:
        activate_plan(plan)
    query = (
        select(PlanActivity, DevelopmentPlan)
        .join(PlanGoal, PlanGoal.id == PlanActivity.goal_id)
        .join(DevelopmentPlan, DevelopmentPlan.id == PlanGoal.plan_id)
        .where(
            DevelopmentPlan.state.in_((PlanState.APPROVED, PlanState.ACTIVE)),
            PlanActivity.due_on < today,
            PlanActivity.status.in_((ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)),
        )
        .options(selectinload(DevelopmentPlan.owner))
        .order_by(PlanActivity.id)
    )
    due = {
        f"plan-activity-overdue:{activity.id}:{activity.due_on.isoformat()}": (activity, plan)
        for activity, plan in db.session.execute(query)
    }
    sent = first_time(due)
    for key in sent:
        activity, plan = due[key]
        notify(
            plan.owner,
            "plan.activity_overdue",
            link=plan_link(plan),
            title=activity.title,
            due_on=activity.due_on.isoformat(),
        )
    return f"plan activities: {len(started)} plans started, {len(sent)} overdue reminded"

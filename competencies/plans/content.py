"""What a plan holds: its goals and their activities (changed by the PM; on an approved plan each
change drafts a revision that needs both approvals again) and their progress (recorded by the
PM at any time once approved, never needing approval).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.accounts.models import User
from lms.audit.services import record, register_action
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_, ngettext
from lms.i18n import gettext as _
from lms.outcomes import describe
from lms.permissions import ensure

from ..framework.models import Competency
from .models import (
    ActivityKind,
    ActivityStatus,
    DevelopmentPlan,
    PlanActivity,
    PlanGoal,
    PlanState,
    RevisionState,
)
from .permissions import can_edit_plan
from .services import activate_plan, lock_plan, plan_label

describe(
    "plans.activities_completed",
    lambda n: ngettext("%(num)s plan activity completed", "%(num)s plan activities completed", n),
)

for _action, _text in {
    "plan.goals_changed": N_("Goals of a development plan changed"),
    "plan.progress": N_("Progress recorded on a development plan"),
}.items():
    register_action(_action, _text)


def _changing_goals(plan: DevelopmentPlan, actor) -> None:
    """Refuses a change while the approvers decide; on a plan in force, the change drafts a
    revision (the approved one stays in force). Every change moves the plan's version on, so an
    approver who opened the plan before it is told to reload."""
    ensure(can_edit_plan(actor, plan))
    _open_for_change(plan)


def _open_for_change(plan: DevelopmentPlan) -> None:
    lock_plan(plan)
    if plan.is_waiting:
        raise ServiceError(
            _("The plan is with its approvers: wait for their decision, or ask one to return it.")
        )
    if plan.state is not PlanState.DRAFT and not plan.is_in_force:
        raise ServiceError(_("This plan is closed."))
    if plan.is_in_force and plan.revision_state is None:
        plan.revision_state = RevisionState.DRAFT
    plan.updated_at = utcnow()


def _goal_values(plan, competency_id, target_level, due_on, success_measure, goal=None) -> dict:
    competency = db.session.get(Competency, competency_id) if competency_id else None
    if competency is None:
        raise ServiceError(_("Choose a competency."), field="competency_id")
    if (
        not 1
        <= target_level
        <= max((level.value for level in competency.framework.levels), default=4)
    ):
        raise ServiceError(_("Choose a level of the framework's scale."), field="target_level")
    if any(g.competency_id == competency_id and g is not goal for g in plan.goals):
        raise ServiceError(
            _("The plan has a goal for this competency already."), field="competency_id"
        )
    _within_period(plan, due_on)
    return {
        "competency_id": competency_id,
        "target_level": target_level,
        "due_on": due_on,
        "success_measure": (success_measure or "").strip(),
    }


def _within_period(plan: DevelopmentPlan, due_on: date | None) -> None:
    if due_on is not None and not plan.period_start <= due_on <= plan.period_end:
        raise ServiceError(_("The due date must fall within the plan's period."), field="due_on")


def add_goal(
    plan: DevelopmentPlan,
    *,
    actor,
    competency_id: int,
    target_level: int,
    due_on: date | None = None,
    success_measure: str = "",
) -> PlanGoal:
    """Raises ServiceError (on the field at fault)."""
    _changing_goals(plan, actor)
    values = _goal_values(plan, competency_id, target_level, due_on, success_measure)
    goal = PlanGoal(**values, sort_order=len(plan.goals))
    plan.goals.append(goal)
    db.session.flush()
    _audit(actor, plan, "added goal", goal.competency_id)
    return goal


def update_goal(
    goal: PlanGoal,
    *,
    actor,
    competency_id: int,
    target_level: int,
    due_on: date | None = None,
    success_measure: str = "",
) -> PlanGoal:
    _changing_goals(goal.plan, actor)
    values = _goal_values(goal.plan, competency_id, target_level, due_on, success_measure, goal)
    for name, value in values.items():
        setattr(goal, name, value)
    db.session.flush()
    _audit(actor, goal.plan, "changed goal", goal.competency_id)
    return goal


def remove_goal(goal: PlanGoal, *, actor) -> None:
    plan = goal.plan
    _changing_goals(plan, actor)
    plan.goals.remove(goal)
    db.session.flush()
    _audit(actor, plan, "removed goal", goal.competency_id)


def _activity_values(
    plan, kind: ActivityKind, title: str, mentor_id, due_on, link_kind, link_id
) -> dict:
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Say what the activity is."), field="title")
    mentor = db.session.get(User, mentor_id) if mentor_id else None
    if kind is ActivityKind.MENTORING and mentor is None:
        raise ServiceError(_("Name the mentor."), field="mentor")
    if mentor is not None and (mentor.id == plan.owner_id or not mentor.is_active):
        raise ServiceError(_("Choose someone else as the mentor."), field="mentor")
    _within_period(plan, due_on)
    return {
        "kind": kind,
        "title": title,
        "mentor_id": mentor.id if mentor else None,
        "due_on": due_on,
        "link_kind": link_kind or None,
        "link_id": link_id if link_kind else None,
    }


def add_activity(
    goal: PlanGoal,
    *,
    actor,
    kind: ActivityKind,
    title: str,
    mentor_id=None,
    due_on: date | None = None,
    link_kind: str | None = None,
    link_id: int | None = None,
) -> PlanActivity:
    _changing_goals(goal.plan, actor)
    activity = PlanActivity(
        **_activity_values(goal.plan, kind, title, mentor_id, due_on, link_kind, link_id)
    )
    goal.activities.append(activity)
    db.session.flush()
    _audit(actor, goal.plan, "added activity", goal.competency_id, activity.title)
    return activity


def add_stretch_activity(
    person_id: int,
    *,
    title: str,
    link_kind: str,
    link_id: int,
    competency_idnumbers: list[str],
    due_on: date | None,
    actor,
) -> PlanActivity | None:
    """An on-the-job assignment someone else decided for the PM (the PMO staffing a key
    project, lms.signals.project_staffed), added to the PM's open plan under its first goal on
    these competencies, else its first goal: on a draft directly, on an approved plan as a
    revision the PM submits as usual. None when the PM has no such plan, or it is with its
    approvers. The decision's own service checked who may decide."""
    plans = db.session.scalars(
        select(DevelopmentPlan)
        .where(
            DevelopmentPlan.owner_id == person_id,
            DevelopmentPlan.state.in_((PlanState.DRAFT, PlanState.APPROVED, PlanState.ACTIVE)),
        )
        .order_by(DevelopmentPlan.period_start.desc())
    )
    plan = next((p for p in plans if p.goals and not p.is_waiting), None)
    if plan is None:
        return None
    _open_for_change(plan)
    wanted = set(competency_idnumbers)
    ids = {goal.competency_id for goal in plan.goals}
    on_profile = set(
        db.session.scalars(
            select(Competency.id).where(Competency.id.in_(ids), Competency.idnumber.in_(wanted))
        )
    )
    goal = next((g for g in plan.goals if g.competency_id in on_profile), plan.goals[0])
    if due_on is not None and not plan.period_start <= due_on <= plan.period_end:
        due_on = None
    activity = PlanActivity(
        **_activity_values(
            plan, ActivityKind.ASSIGNMENT, title[:200], None, due_on, link_kind, link_id
        )
    )
    goal.activities.append(activity)
    db.session.flush()
    _audit(actor, plan, "added activity", goal.competency_id, activity.title)
    return activity


def update_activity(
    activity: PlanActivity,
    *,
    actor,
    kind: ActivityKind,
    title: str,
    mentor_id=None,
    due_on: date | None = None,
    link_kind: str | None = None,
    link_id: int | None = None,
) -> PlanActivity:
    plan = activity.goal.plan
    _changing_goals(plan, actor)
    for name, value in _activity_values(
        plan, kind, title, mentor_id, due_on, link_kind, link_id
    ).items():
        setattr(activity, name, value)
    db.session.flush()
    _audit(actor, plan, "changed activity", activity.goal.competency_id, activity.title)
    return activity


def remove_activity(activity: PlanActivity, *, actor) -> None:
    goal = activity.goal
    _changing_goals(goal.plan, actor)
    goal.activities.remove(activity)
    db.session.flush()
    _audit(actor, goal.plan, "removed activity", goal.competency_id, activity.title)


def _audit(actor, plan, what: str, competency_id: int, title: str | None = None) -> None:
    change = {"change": [None, what], "competency_id": [None, competency_id]}
    if title:
        change["activity"] = [None, title]
    record(actor, "plan.goals_changed", plan, label=plan_label(plan), changes=change)


def record_progress(
    activity: PlanActivity, *, actor, status: ActivityStatus, notes: str | None = None
) -> PlanActivity:
    """The PM's progress on an activity of their approved plan: its status and notes. Needs no
    approval; the first progress on an approved plan starts it running. Raises ServiceError."""
    plan = activity.goal.plan
    ensure(can_edit_plan(actor, plan))
    if not plan.is_in_force:
        raise ServiceError(_("Progress is recorded once the plan is approved."))
    before = activity.status
    activity.status = status
    if notes is not None:
        activity.notes = notes.strip()
    activate_plan(plan, actor=actor)
    db.session.flush()
    record(
        actor,
        "plan.progress",
        plan,
        label=plan_label(plan),
        changes={"activity": [None, activity.title], "status": [str(before), str(status)]},
    )
    return activity


def complete_linked_activities(person_id: int, link_kind: str, link_id: int, *, actor=None) -> int:
    """Mark done the open activities of `person_id`'s plans in force that name this course,
    document or other record: what later features call (through lms.signals.activity_completed)
    when the thing was done elsewhere. Returns how many changed."""
    query = (
        select(PlanActivity)
        .join(PlanGoal, PlanGoal.id == PlanActivity.goal_id)
        .join(DevelopmentPlan, DevelopmentPlan.id == PlanGoal.plan_id)
        .where(
            DevelopmentPlan.owner_id == person_id,
            DevelopmentPlan.state.in_((PlanState.APPROVED, PlanState.ACTIVE)),
            PlanActivity.link_kind == link_kind,
            PlanActivity.link_id == link_id,
            PlanActivity.status.in_((ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)),
        )
        .with_for_update(of=PlanActivity)
    )
    done = list(db.session.scalars(query))
    for activity in done:
        activity.status = ActivityStatus.DONE
        plan = activity.goal.plan
        activate_plan(plan, actor=actor)
        record(
            actor,
            "plan.progress",
            plan,
            label=plan_label(plan),
            changes={
                "activity": [None, activity.title],
                "status": [None, str(ActivityStatus.DONE)],
            },
        )
    db.session.flush()
    return len(done)

"""Who hears about what happens to a plan: each approver on submit, the PM on each decision and
comment, everyone involved on a return. Written in the change's transaction (lms.notifications).
"""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import User, UserRole
from lms.accounts.queries import department_tree
from lms.clock import site_today
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import Role

from .models import Decision, DevelopmentPlan, PlanDeputy

register_kind("plan.submitted", N_("%(owner)s's development plan waits for your decision."))
register_kind("plan.approved_by", N_("%(actor)s approved your development plan."))
register_kind("plan.approved", N_("Your development plan is approved: both approvals are in."))
register_kind("plan.returned", N_("%(actor)s returned %(owner)s's development plan: %(reason)s"))
register_kind("plan.commented", N_("%(actor)s commented on %(owner)s's development plan."))
register_kind("plan.completed", N_("%(owner)s's development plan is complete."))
register_kind("plan.cancelled", N_("%(owner)s's development plan was cancelled: %(reason)s"))


def plan_link(plan: DevelopmentPlan) -> str:
    return link_to("plans.detail", plan_id=plan.id)


def approvers(plan: DevelopmentPlan) -> list[User]:
    """Whom a submitted plan waits for: the nearest director above the PM (their department's,
    else the next one up), every HR person, and whoever stands in for them today; never the PM."""
    tree = department_tree()
    department_id, seen, director_id = plan.owner.department_id, set(), None
    while department_id is not None and department_id not in seen and director_id is None:
        seen.add(department_id)
        director_id = tree.director.get(department_id)
        department_id = tree.parent.get(department_id)
    hr = select(UserRole.user_id).where(UserRole.role == str(Role.HR))
    people = list(
        db.session.scalars(
            select(User)
            .where(User.is_active.is_(True), (User.id == director_id) | User.id.in_(hr))
            .order_by(User.id)
        )
    )
    today = site_today()
    deputies = db.session.scalars(
        select(User)
        .join(PlanDeputy, PlanDeputy.deputy_id == User.id)
        .where(
            PlanDeputy.principal_id.in_([p.id for p in people] or [0]),
            PlanDeputy.starts_on <= today,
            PlanDeputy.ends_on >= today,
            User.is_active.is_(True),
        )
    )
    return [p for p in dict.fromkeys([*people, *deputies]) if p.id != plan.owner_id]


def _send(people, kind: str, plan: DevelopmentPlan, **params) -> None:
    for person in dict.fromkeys(people):
        notify(person, kind, link=plan_link(plan), owner=plan.owner.name, **params)


def submitted(plan: DevelopmentPlan) -> None:
    _send(approvers(plan), "plan.submitted", plan)


def decided(plan: DevelopmentPlan, actor, decision: Decision, comment: str) -> None:
    if decision is Decision.RETURNED:
        closed_round = [a for a in plan.approvals if a.round == plan.round - 1]
        involved = [plan.owner, *approvers(plan), *(a.approver for a in closed_round if a.approver)]
        _send(
            (p for p in involved if p.id != actor.id),
            "plan.returned",
            plan,
            actor=actor.name,
            reason=comment,
        )
    elif plan.revision_state is None and plan.is_in_force and plan.approvals[-1].round < plan.round:
        _send([plan.owner], "plan.approved", plan)
    else:
        _send([plan.owner], "plan.approved_by", plan, actor=actor.name)


def commented(plan: DevelopmentPlan, actor, earlier_authors) -> None:
    """The PM, and everyone who wrote in the thread before, except the writer."""
    people = [plan.owner, *earlier_authors]
    _send(
        (p for p in people if p is not None and p.id != actor.id),
        "plan.commented",
        plan,
        actor=actor.name,
    )


def closed(plan: DevelopmentPlan, actor, reason: str) -> None:
    if actor.id == plan.owner_id:
        return
    if reason:
        _send([plan.owner], "plan.cancelled", plan, reason=reason)
    else:
        _send([plan.owner], "plan.completed", plan)

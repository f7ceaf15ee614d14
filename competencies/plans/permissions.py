"""Who may see, edit, start and decide on a development plan, and in which capacity.

The PM starts, edits and submits their own plan. The director capacity belongs to a director of
the PM's department or one above it; the HR capacity to HR; a deputy holds their principal's
capacities for the dates of the delegation. Nobody decides on their own plan, whatever roles
they hold, and nobody stands in for someone on their own plan. A plan is seen by the PM, their
director chain, HR, the PMO and whoever may decide on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from lms import reference
from lms.accounts.models import User
from lms.accounts.queries import director_chain_ids
from lms.clock import site_today
from lms.db import read
from lms.extensions import db
from lms.permissions import Role, has_any_role, predicate

from .models import Capacity, PlanDeputy, PlanState


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


@dataclass(frozen=True)
class Standing:
    """One capacity a person may decide in: their own (for None) or a principal's as deputy."""

    capacity: Capacity
    on_behalf_of: object | None = None


@predicate
def can_plan_own_development(user) -> bool:
    """PMs plan their own development."""
    return _signed_in(user) and has_any_role(user, Role.PM)


@predicate
def can_start_plan(user, owner) -> bool:
    """A PM starts (and submits) their own plan, nobody else's."""
    return can_plan_own_development(user) and user.id == owner.id


@predicate
def can_edit_plan(user, plan) -> bool:
    """The PM edits their open plan's goals and activities, and records its progress."""
    return can_start_plan(user, plan.owner) and plan.is_open


@predicate
def can_view_plan(user, plan) -> bool:
    """The PM, their director chain, HR, the PMO, and a deputy who may decide on it."""
    if not _signed_in(user):
        return False
    if user.id == plan.owner_id or has_any_role(user, Role.HR, Role.PMO):
        return True
    if has_any_role(user, Role.DIRECTOR) and user.id in director_chain_ids(
        plan.owner.department_id
    ):
        return True
    return bool(standings(user, plan))


@predicate
def can_comment_on_plan(user, plan) -> bool:
    return can_view_plan(user, plan)


@predicate
def can_recommend_on_plan(user, plan) -> bool:
    """The PMO adds its recommendation for both approvers to see."""
    return _signed_in(user) and has_any_role(user, Role.PMO) and user.id != plan.owner_id


@predicate
def can_review_plan(user, plan) -> bool:
    """Mid- and end-of-period review notes: the PM and their director chain, once approved."""
    if not plan.is_in_force and plan.state is not PlanState.COMPLETED:
        return False
    if user.id == plan.owner_id:
        return True
    return has_any_role(user, Role.DIRECTOR) and user.id in director_chain_ids(
        plan.owner.department_id
    )


@predicate
def can_close_plan(user, plan) -> bool:
    """Complete or cancel the plan (while it is open: the service says when it is not): the PM
    or a director of theirs."""
    if not _signed_in(user):
        return False
    return user.id == plan.owner_id or (
        has_any_role(user, Role.DIRECTOR)
        and user.id in director_chain_ids(plan.owner.department_id)
    )


@predicate
def can_decide_plan(user, plan, capacity=None) -> bool:
    """Decide on `plan` in `capacity` (None: in any capacity the person holds for it)."""
    return any(capacity in (None, held.capacity) for held in standings(user, plan))


@predicate
def can_see_plan_queue(user) -> bool:
    """Directors, HR and anyone standing in for one today have a "waiting for me" queue."""
    return _signed_in(user) and (
        has_any_role(user, Role.DIRECTOR, Role.HR) or bool(principals_of(user))
    )


@predicate
def can_view_team_plans(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.DIRECTOR)


@predicate
def can_view_plan_overview(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.HR, Role.PMO)


@predicate
def can_manage_plan_templates(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.PMO)


@predicate
def can_delegate_approvals(user) -> bool:
    """Directors and HR name deputies for their holidays."""
    return _signed_in(user) and has_any_role(user, Role.DIRECTOR, Role.HR)


@predicate
def can_remove_deputy(user, delegation) -> bool:
    """Only the person who named a deputy removes them."""
    return _signed_in(user) and user.id == delegation.principal_id


def own_capacities(user, plan) -> list[Capacity]:
    """The capacities `user` holds for `plan` in their own right (none on their own plan)."""
    if not _signed_in(user) or user.id == plan.owner_id:
        return []
    held = []
    if has_any_role(user, Role.DIRECTOR) and user.id in director_chain_ids(
        plan.owner.department_id
    ):
        held.append(Capacity.DIRECTOR)
    if has_any_role(user, Role.HR):
        held.append(Capacity.HR)
    return held


def standings(user, plan, today: date | None = None) -> list[Standing]:
    """Every capacity `user` may decide `plan` in: their own first, then each principal's they
    stand in for today. None on their own plan."""
    if not _signed_in(user) or user.id == plan.owner_id:
        return []
    held = [Standing(capacity) for capacity in own_capacities(user, plan)]
    for principal in principals_of(user, today):
        held += [Standing(c, principal) for c in own_capacities(principal, plan)]
    return held


def capacities(user, plan) -> list[Capacity]:
    return list(dict.fromkeys(held.capacity for held in standings(user, plan)))


def principals_of(user, today: date | None = None) -> list:
    """The people `user` stands in for on `today` (default: the site's today). The delegations
    are reference data (lms.reference: kept per process until one changes), so asking costs no
    query for the many who stand in for nobody."""
    if not _signed_in(user) or not getattr(user, "id", None):
        return []
    day = today or site_today()
    return [
        db.session.get(User, principal_id)
        for deputy_id, principal_id, starts_on, ends_on in _delegations()
        if deputy_id == user.id and starts_on <= day <= ends_on
    ]


def _delegations() -> tuple:
    return reference.cached(("plan_deputies",), _load_delegations)


def _load_delegations() -> tuple:
    query = select(
        PlanDeputy.deputy_id, PlanDeputy.principal_id, PlanDeputy.starts_on, PlanDeputy.ends_on
    ).order_by(PlanDeputy.id)
    return tuple(tuple(row) for row in read(query))

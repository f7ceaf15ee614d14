"""Who may start a development plan and who decides on it, in which capacity.

The PM starts and submits their own plan. The director capacity belongs to a director of the
PM's department or one above it; the HR capacity to HR. Nobody decides on their own plan,
whatever roles they hold.
"""

from __future__ import annotations

from lms.accounts.queries import director_chain_ids
from lms.permissions import Role, has_any_role, predicate

from .models import Capacity


@predicate
def can_start_plan(user, owner) -> bool:
    """PMs plan their own development."""
    return (
        getattr(user, "is_authenticated", False)
        and user.id == owner.id
        and has_any_role(user, Role.PM)
    )


@predicate
def can_decide_plan(user, plan, capacity=None) -> bool:
    """Decide on `plan` in `capacity` (None: in any capacity the person holds for it)."""
    if not getattr(user, "is_authenticated", False) or user.id == plan.owner_id:
        return False
    return any(capacity in (None, held) for held in capacities(user, plan))


def capacities(user, plan) -> list[Capacity]:
    """The capacities `user` holds for `plan` (none on their own plan)."""
    if not getattr(user, "is_authenticated", False) or user.id == plan.owner_id:
        return []
    held = []
    if has_any_role(user, Role.DIRECTOR) and user.id in director_chain_ids(
        plan.owner.department_id
    ):
        held.append(Capacity.DIRECTOR)
    if has_any_role(user, Role.HR):
        held.append(Capacity.HR)
    return held

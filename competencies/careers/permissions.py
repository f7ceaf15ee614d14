"""Who may define career levels and who may place people on them."""

from __future__ import annotations

from lms.permissions import Role, has_any_role, predicate

from ..framework.permissions import can_manage_frameworks


@predicate
def can_manage_career_levels(user) -> bool:
    """Career levels and their targets belong to the framework the PMO owns (PRODUCT.md)."""
    return can_manage_frameworks(user)


@predicate
def can_place_on_career_level(user, person=None) -> bool:
    """HR and the PMO set where a person stands and what they aim for (issue #3): a director
    assesses levels but does not decide careers, and nobody else does."""
    return has_any_role(user, Role.HR, Role.PMO)

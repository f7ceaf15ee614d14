"""Who may see and change people and departments."""

from __future__ import annotations

from ..permissions import Role, has_any_role, predicate

PEOPLE_READERS = (Role.ADMIN, Role.HR, Role.PMO)
PEOPLE_EDITORS = (Role.ADMIN, Role.HR)


@predicate
def can_view_people(user) -> bool:
    """Admin, HR and the PMO look people up; HR and admin keep the records."""
    return has_any_role(user, *PEOPLE_READERS)


@predicate
def can_edit_people(user) -> bool:
    return has_any_role(user, *PEOPLE_EDITORS)


@predicate
def can_assign_roles(user) -> bool:
    """Only administrators hand out roles: a role is a set of powers."""
    return has_any_role(user, Role.ADMIN)


@predicate
def can_manage_accounts(user) -> bool:
    """Deactivate, reactivate and reset passwords: administrators only."""
    return has_any_role(user, Role.ADMIN)


@predicate
def can_teach(user) -> bool:
    """Trainers run classes (their pages come with training)."""
    return has_any_role(user, Role.TRAINER)

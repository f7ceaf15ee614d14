"""Who may read the competency reports (issue #3): directors their department tree, HR and the
PMO every department; nobody else."""

from __future__ import annotations

from lms.permissions import Role, has_any_role, predicate

TEAM_ROLES = (Role.DIRECTOR, Role.HR, Role.PMO)
HEATMAP_ROLES = (Role.HR, Role.PMO)


@predicate
def can_view_team_matrix(user) -> bool:
    return has_any_role(user, *TEAM_ROLES)


@predicate
def can_view_heatmap(user) -> bool:
    return has_any_role(user, *HEATMAP_ROLES)


@predicate
def can_view_every_department(user) -> bool:
    """HR and the PMO look across the organisation; a director only below their departments."""
    return has_any_role(user, *HEATMAP_ROLES)

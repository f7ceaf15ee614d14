"""Who may read the competency reports (issue #3): directors their department tree, HR and the
PMO every department; nobody else."""

from __future__ import annotations

from lms.permissions import Role, has_any_role, predicate


@predicate
def can_view_every_department(user) -> bool:
    """HR and the PMO look across the organisation; a director only below their departments."""
    return has_any_role(user, Role.HR, Role.PMO)


@predicate
def can_view_team_matrix(user) -> bool:
    """Directors see their own department tree; HR and the PMO every department."""
    return has_any_role(user, Role.DIRECTOR) or can_view_every_department(user)


@predicate
def can_view_heatmap(user) -> bool:
    """The organisation-wide picture is for those who look across the organisation."""
    return can_view_every_department(user)

"""Who may do what with projects: a PM sees and runs their own; a director sees the projects
of the departments they direct (and those below); the PMO sees and runs all, locks reported
periods and keeps the day rates. HR reads the reports' summaries, not the projects."""

from __future__ import annotations

from ..permissions import Role, has_any_role, predicate
from .models import ProjectStatus

OPEN = frozenset({ProjectStatus.PROPOSED, ProjectStatus.RUNNING, ProjectStatus.ON_HOLD})


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def _directs_department(user, department_id: int | None) -> bool:
    from ..accounts.queries import director_chain_ids

    return user.id in director_chain_ids(department_id)


@predicate
def can_see_projects(user) -> bool:
    """Whether the projects list is for the user at all (the menu entry)."""
    return _signed_in(user) and has_any_role(user, Role.PM, Role.DIRECTOR, Role.PMO)


@predicate
def can_lead_projects(user) -> bool:
    """A PM, whose home page shows the projects they run and what is due on them."""
    return _signed_in(user) and has_any_role(user, Role.PM)


@predicate
def can_start_project(user) -> bool:
    """A PM records the project they run; the PMO any project."""
    return _signed_in(user) and has_any_role(user, Role.PM, Role.PMO)


@predicate
def can_view_project(user, project) -> bool:
    return _signed_in(user) and (
        has_any_role(user, Role.PMO)
        or project.pm_id == user.id
        or _directs_department(user, project.department_id)
    )


@predicate
def can_run_project(user, project) -> bool:
    """Edit, re-plan and record actuals: the project's PM and the PMO, while it is open (a
    closed or cancelled project's records are frozen)."""
    return (
        _signed_in(user)
        and project.status in OPEN
        and (project.pm_id == user.id or has_any_role(user, Role.PMO))
    )


@predicate
def can_staff_project(user, project) -> bool:
    """The PMO chooses the PM of an open key project, from a ranking of the PMs."""
    return (
        _signed_in(user)
        and has_any_role(user, Role.PMO)
        and project.is_key
        and project.status in OPEN
    )


@predicate
def can_lock_periods(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.PMO)


@predicate
def can_keep_day_rates(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.PMO)


@predicate
def can_import_timesheets(user) -> bool:
    """PMs import their projects' timesheets (each row is checked against can_run_project);
    the PMO imports anyone's."""
    return _signed_in(user) and has_any_role(user, Role.PM, Role.PMO)


@predicate
def can_handle_import(user, batch) -> bool:
    return _signed_in(user) and (batch.created_by_id == user.id or has_any_role(user, Role.PMO))

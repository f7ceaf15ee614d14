"""Who reads which project reports: a PM their own projects, a director their department
tree, HR and the PMO the organisation (HR as summaries: no project pages behind them)."""

from __future__ import annotations

from sqlalchemy import Select, select, true

from ..permissions import Role, has_any_role, predicate
from ..projects.models import Project


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


@predicate
def can_view_project_reports(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.PM, Role.DIRECTOR, Role.HR, Role.PMO)


@predicate
def can_view_organisation_report(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.HR, Role.PMO)


@predicate
def can_watch_department_projects(user) -> bool:
    """A director, whose home page shows the projects of their departments most over plan."""
    return _signed_in(user) and has_any_role(user, Role.DIRECTOR)


def report_scope(user) -> Select:
    """The ids of the projects the user's reports cover."""
    from ..accounts.queries import department_tree

    ids = select(Project.id)
    if has_any_role(user, Role.PMO, Role.HR):
        return ids
    mine = Project.pm_id == user.id
    directed = department_tree().directed_by(user.id) if has_any_role(user, Role.DIRECTOR) else ()
    if directed:
        mine = mine | Project.department_id.in_(sorted(directed))
    return ids.where(mine if has_any_role(user, Role.PM, Role.DIRECTOR) else ~true())

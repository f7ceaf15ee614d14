"""The director's home-page panel: the open projects of their departments most over plan,
from the portfolio report's own figures (one statement, vectorised earned value)."""

from __future__ import annotations

from ..clock import site_today
from ..dashboard.panels import register_panel
from ..projects.models import Project
from ..projects.permissions import OPEN
from ..projects.queries import thresholds
from .permissions import can_watch_department_projects, report_scope
from .portfolio import most_behind, portfolio

SHOWN = 5


def _over_plan(user) -> dict:
    scope = report_scope(user).where(Project.status.in_(OPEN))
    frame = portfolio(scope, site_today(), thresholds())
    behind = [row for row in most_behind(frame, SHOWN) if row["rag"] in ("amber", "red")]
    return {"projects": behind, "count": len(frame)}


def register() -> None:
    register_panel(
        "projects_over_plan",
        "reports/panel_over_plan.html",
        visible=can_watch_department_projects,
        context=_over_plan,
        order=22,  # after the team's assessments, before classes
        lazy=True,  # the portfolio of a whole department tree: fetched once the page shows
    )

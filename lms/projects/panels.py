"""The PM's home-page panel: the open projects they run, each with its RAG and whether this
period's actuals are missing, and the milestones due next across them."""

from __future__ import annotations

from sqlalchemy import func, select

from ..clock import site_today
from ..dashboard.panels import register_panel
from ..extensions import db
from .models import Milestone, Project
from .permissions import OPEN, can_lead_projects
from .queries import standings

SHOWN = 5


def _my_projects(user) -> dict:
    """Five statements whatever the number of projects: the projects, their count, their
    standings (two), the milestones due next."""
    mine = (Project.pm_id == user.id, Project.status.in_(OPEN))
    projects = list(
        db.session.scalars(select(Project).where(*mine).order_by(Project.code).limit(SHOWN))
    )
    if not projects:
        return {"projects": []}
    count = db.session.scalar(select(func.count()).select_from(Project).where(*mine))
    due = db.session.execute(
        select(Milestone, Project.code)
        .join(Project, Project.id == Milestone.project_id)
        .where(*mine, Milestone.done_on.is_(None))
        .order_by(Milestone.due_on, Milestone.id)
        .limit(3)
    ).all()
    today = site_today()
    return {
        "projects": projects,
        "count": count,
        "standings": standings(projects, today),
        "due": due,
        "today": today,
    }


def register() -> None:
    register_panel(
        "my_projects",
        "projects/panel_mine.html",
        visible=can_lead_projects,
        context=_my_projects,
        order=21,  # after the PM's own development, before classes
        lazy=True,  # their standings and milestones: fetched once the home page has shown
    )

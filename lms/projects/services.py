"""Projects, their milestones and baselines: each service re-checks its predicate, audits and
flushes (the view or command commits)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ..accounts.services import find_user_by_email
from ..audit.services import record, register_action
from ..errors import ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import Role, ensure, has_any_role
from .models import (
    COMPLEXITY_FACTORS,
    Baseline,
    BaselineEffort,
    EffortRole,
    Milestone,
    PeriodKind,
    PMRole,
    Project,
    ProjectStatus,
)
from .permissions import can_run_project, can_start_project
from .workflow import may_move

register_action("projects.project_saved", N_("Project added or changed"))
register_action("projects.baseline_set", N_("Project baseline set"))
register_action("projects.milestone_saved", N_("Project milestone added or reached"))


def save_project(
    project: Project | None,
    *,
    actor,
    code: str,
    name: str,
    department_id: int,
    pm_email: str,
    pm_role: PMRole = PMRole.LEAD,
    sponsor: str = "",
    objectives: str = "",
    status: ProjectStatus = ProjectStatus.PROPOSED,
    period_kind: PeriodKind = PeriodKind.MONTH,
    team_size: int = 1,
    is_key: bool = False,
    complexity: dict[str, int | None] | None = None,
) -> Project:
    """Add a project or change one. A PM adds projects they run themself (the PMO names any
    PM); the status moves only as workflow.MOVES allows, and closing is its own step.
    Raises ServiceError on `code` (taken), `status` (not a move from here) or `pm_email`
    (nobody active of that e-mail holds the PM role)."""
    ensure(can_start_project(actor) if project is None else can_run_project(actor, project))
    pm_id, code = _pm_id(pm_email), code.strip()
    if db.session.scalar(select(Project.id).where(Project.code == code, *_other(project))):
        raise ServiceError(_("Another project has this code."), field="code")
    if project is None:
        if pm_id != actor.id and not has_any_role(actor, Role.PMO):
            raise ServiceError(_("You can only add projects you run yourself."), field="pm_email")
        project = Project(created_by_id=actor.id)
        db.session.add(project)
    elif not may_move(project.status, status):
        raise ServiceError(_("A project cannot move to this status from here."), field="status")
    project.code, project.name, project.objectives = code, name.strip(), objectives
    project.department_id, project.pm_id, project.pm_role = department_id, pm_id, pm_role
    project.sponsor, project.status, project.period_kind = sponsor.strip(), status, period_kind
    project.team_size, project.is_key = team_size, is_key
    for factor in COMPLEXITY_FACTORS:
        setattr(project, factor, (complexity or {}).get(factor))
    db.session.flush()
    record(actor, "projects.project_saved", project, label=f"{project.code} {project.name}")
    return project


def _pm_id(email: str) -> int:
    pm = find_user_by_email(email)
    if pm is None or not pm.is_active or not pm.has_role(Role.PM):
        raise ServiceError(_("Nobody active with this e-mail is a project manager."), "pm_email")
    return pm.id


def _other(project: Project | None) -> tuple:
    return () if project is None else (Project.id != project.id,)


def set_baseline(
    project: Project,
    *,
    actor,
    name: str,
    start_on: date,
    end_on: date,
    budget: Decimal,
    efforts: dict[EffortRole, Decimal],
    reason: str = "",
) -> Baseline:
    """Freeze a plan as the project's next baseline. The first is the original plan; every
    later one is a re-plan and must say why (its `reason`), and none is ever changed, so
    reports can set the original, the current plan and the actuals side by side.
    Raises ServiceError on `end_on` (before the start) or `reason` (missing on a re-plan)."""
    ensure(can_run_project(actor, project))
    if end_on < start_on:
        raise ServiceError(_("The end is before the start."), field="end_on")
    db.session.execute(  # baselines are numbered one at a time (the project's row lock)
        select(Project.id).where(Project.id == project.id).with_for_update(key_share=True)
    )
    number = (
        db.session.scalar(
            select(func.max(Baseline.number)).where(Baseline.project_id == project.id)
        )
        or 0
    ) + 1
    if number > 1 and not reason.strip():
        raise ServiceError(_("Say why the plan changes."), field="reason")
    baseline = Baseline(
        project=project,
        number=number,
        name=name.strip() or _("Baseline %(number)s", number=number),
        reason=reason.strip(),
        start_on=start_on,
        end_on=end_on,
        budget=budget,
        created_by_id=actor.id,
        efforts=[BaselineEffort(role=r, person_days=d) for r, d in efforts.items() if d],
    )
    db.session.add(baseline)
    db.session.flush()
    record(actor, "projects.baseline_set", project, label=f"{project.code} {baseline.name}")
    return baseline


def add_milestone(project: Project, *, actor, title: str, due_on: date) -> Milestone:
    ensure(can_run_project(actor, project))
    milestone = Milestone(project=project, title=title.strip(), due_on=due_on)
    db.session.add(milestone)
    db.session.flush()
    record(actor, "projects.milestone_saved", project, label=f"{project.code} {title}")
    return milestone


def reach_milestone(milestone: Milestone, *, actor, done_on: date | None) -> Milestone:
    """Mark a milestone reached on a date (or not reached, with None)."""
    ensure(can_run_project(actor, milestone.project))
    milestone.done_on = done_on
    db.session.flush()
    record(
        actor,
        "projects.milestone_saved",
        milestone.project,
        label=f"{milestone.project.code} {milestone.title}",
    )
    return milestone

"""Staffing key projects, the PMO's fifth function: the career level a project's complexity
calls for (config PROJECT_STAFFING_LEVELS, by CIFTER total), the PMs ranked by how well their
confirmed levels meet its target profile (answered by competencies through
lms.projects.registry), then by their plan goals there and their current load; and the
decision, recorded with who made it, why and on what grounds (lms.signals.project_staffed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from ..accounts.models import User
from ..audit.services import record, register_action
from ..errors import ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..outcomes import Outcome, outcomes_of
from ..permissions import Role, ensure, has_any_role
from ..signals import project_staffed
from .models import (
    EffortRole,
    PeriodEffort,
    PeriodKind,
    PeriodRecord,
    Project,
    ProjectStatus,
    StaffingDecision,
)
from .periods import next_period
from .permissions import OPEN, can_staff_project
from .registry import CandidateFit, StaffingFit, staffing_fit

register_action("projects.pm_assigned", N_("Key project's PM chosen"))

PLACES = 15  # candidates shown (and everyone tied with the last)


def level_for(total: int | None) -> str | None:
    """The career level id number a CIFTER total calls for, or None while unrated."""
    if total is None:
        return None
    found = None
    for lowest, idnumber in current_app.config["PROJECT_STAFFING_LEVELS"]:
        if total >= lowest:
            found = idnumber
    return found


@dataclass(frozen=True)
class Candidate:
    fit: CandidateFit
    running: int  # projects they run now
    days: float  # PM person-days recorded on their open projects this month
    is_current: bool  # the project's PM now


@dataclass(frozen=True)
class Staffing:
    level: str | None
    fit: StaffingFit | None
    month: date
    candidates: list[Candidate]


def rank_key(candidate: Candidate) -> tuple:
    """The ranking rule, as the page says it: most target competencies met, fewest levels
    short, most plan goals on the profile, fewest running projects, fewest PM days this month."""
    fit = candidate.fit
    return (-fit.met, fit.short, -fit.goals, candidate.running, candidate.days, fit.name)


def staffing(project: Project, today: date) -> Staffing:
    """Who could run this key project, best placed first. A constant number of statements: the
    registry's (ranked in SQL), then the shortlist's running projects and days in two."""
    level = level_for(project.complexity_total)
    month = today.replace(day=1)
    fit = staffing_fit(level, PLACES) if level else None
    if fit is None:
        return Staffing(level, None, month, [])
    ids = [c.person_id for c in fit.shortlist]
    running, days = _running(ids), _days(ids, month)
    candidates = sorted(
        (
            Candidate(c, running.get(c.person_id, 0), days.get(c.person_id, 0.0),
                      c.person_id == project.pm_id)
            for c in fit.shortlist
        ),
        key=rank_key,
    )  # fmt: skip
    return Staffing(level, fit, month, candidates[:PLACES])


def _running(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(
        db.session.execute(
            select(Project.pm_id, func.count(Project.id))
            .where(Project.pm_id.in_(ids), Project.status == ProjectStatus.RUNNING)
            .group_by(Project.pm_id)
        ).all()
    )


def _days(ids: list[int], month: date) -> dict[int, float]:
    """Person-days in the project manager role recorded on each one's open projects in
    periods starting this month."""
    if not ids:
        return {}
    next_month = next_period(month, PeriodKind.MONTH)
    rows = db.session.execute(
        select(Project.pm_id, func.sum(PeriodEffort.person_days))
        .join(PeriodRecord, PeriodRecord.project_id == Project.id)
        .join(PeriodEffort, PeriodEffort.record_id == PeriodRecord.id)
        .where(
            Project.pm_id.in_(ids),
            Project.status.in_(OPEN),
            PeriodRecord.period_start >= month,
            PeriodRecord.period_start < next_month,
            PeriodEffort.role == EffortRole.PROJECT_MANAGER,
        )
        .group_by(Project.pm_id)
    )
    return {pm_id: float(total or 0) for pm_id, total in rows}


def assign_pm(
    project: Project,
    *,
    actor,
    person_id: int,
    reason: str,
    add_to_plan: bool = False,
    grounds: Candidate | None = None,
) -> tuple[StaffingDecision, list[Outcome]]:
    """Make `person_id` the key project's PM, recording who decided, why and on what grounds
    (the candidate's fit and load as shown); with `add_to_plan` the assignment joins the PM's
    development plan as a stretch activity (competencies answers). Raises ServiceError on
    `reason` (empty) or `person_id` (not an active PM)."""
    ensure(can_staff_project(actor, project))
    # one decision at a time: the next waits here, then reads the project as decided
    db.session.execute(select(Project.id).where(Project.id == project.id).with_for_update())
    db.session.refresh(project)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why this PM: the decision is kept with its reason."), "reason")
    person = db.session.get(User, person_id)
    if person is None or not person.is_active or not has_any_role(person, Role.PM):
        raise ServiceError(_("Choose an active project manager."), field="person")
    level = level_for(project.complexity_total)
    decision = StaffingDecision(
        project_id=project.id,
        person_id=person.id,
        previous_pm_id=project.pm_id,
        level=level,
        reason=reason,
        grounds=_grounds(grounds),
        decided_by_id=actor.id,
    )
    project.pm_id = person.id
    flag_modified(project, "pm_id")  # a decision moves the version on even when the PM stays
    db.session.add(decision)
    db.session.flush()
    record(
        actor,
        "projects.pm_assigned",
        project,
        label=f"{project.code} {project.name}",
        changes={"pm": [decision.previous_pm_id, person.id], "reason": [None, reason]},
    )
    baseline = project.baselines[-1] if project.baselines else None
    outcomes = outcomes_of(
        project_staffed.send(
            project, person_id=person.id, code=project.code, name=project.name, level=level,
            add_to_plan=add_to_plan, due_on=baseline.end_on if baseline else None, actor=actor,
        )
    )  # fmt: skip
    decision.added_to_plan = any(o.what == "plans.stretch_added" for o in outcomes)
    db.session.flush()
    return decision, outcomes


def _grounds(candidate: Candidate | None) -> dict:
    if candidate is None:
        return {}
    fit = candidate.fit
    return {
        "met": fit.met,
        "short": fit.short,
        "goals": fit.goals,
        "running": candidate.running,
        "days": candidate.days,
    }


def decisions(project: Project) -> list[StaffingDecision]:
    return list(
        db.session.scalars(
            select(StaffingDecision)
            .where(StaffingDecision.project_id == project.id)
            .order_by(StaffingDecision.decided_at.desc(), StaffingDecision.id.desc())
        )
    )

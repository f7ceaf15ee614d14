"""Competencies' answer to staffing a key project (lms.projects.registry.staffing_fit): how
well each active PM's *confirmed* levels meet a career level's target profile, in one ranked
statement, and their open plans' goals on that profile; and the stretch assignment a staffing
decision may add to the chosen PM's plan (lms.signals.project_staffed)."""

from __future__ import annotations

from sqlalchemy import case, func, select

from lms.accounts.models import User, UserRole
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import ngettext
from lms.outcomes import Outcome, describe
from lms.permissions import Role

from .careers.models import CareerLevel, CareerTarget
from .framework.models import Competency, Framework
from .framework.queries import framework_in_use_id
from .plans.content import add_stretch_activity
from .plans.models import OPEN_STATES, DevelopmentPlan, PlanGoal, PlanState, RevisionState
from .profiles.models import CurrentRating

describe(
    "plans.stretch_added",
    lambda n: ngettext(
        "The assignment was added to the PM's development plan as a stretch activity",
        "The assignment was added to %(num)s development plans as a stretch activity",
        n,
    ),
)
describe(
    "plans.stretch_not_added",
    lambda n: ngettext(
        "The PM has no open development plan with a goal to add the assignment to",
        "%(num)s PMs have no open development plan with a goal to add the assignment to",
        n,
    ),
)


def _level(level_idnumber: str) -> CareerLevel | None:
    framework_id = framework_in_use_id()
    if framework_id is None:
        return None
    return db.session.scalar(
        select(CareerLevel).where(
            CareerLevel.framework_id == framework_id, CareerLevel.idnumber == level_idnumber
        )
    )


def _targets(level: CareerLevel) -> list[tuple[str, int]]:
    """(competency id number, target level) of the level's profile."""
    return list(
        db.session.execute(
            select(Competency.idnumber, CareerTarget.level)
            .join(Competency, Competency.id == CareerTarget.competency_id)
            .where(CareerTarget.career_level_id == level.id)
        )
    )


def staffing_fit(level_idnumber: str, places: int):
    """See lms.projects.registry.staffing_fit. Three statements whatever the number of PMs:
    the level, its targets, then every active PM's fit ranked in SQL (a window's rank, so all
    tied with the last place come too), then the goals and plans of the shortlist."""
    from lms.projects.registry import CandidateFit, StaffingFit

    level = _level(level_idnumber)
    if level is None:
        return None
    targets = _targets(level)
    framework_idnumber = db.session.scalar(
        select(Framework.idnumber).where(Framework.id == level.framework_id)
    )
    wanted = sum(target for _idnumber, target in targets)
    target = (
        select(Competency.idnumber.label("idnumber"), CareerTarget.level.label("level"))
        .join(Competency, Competency.id == CareerTarget.competency_id)
        .where(CareerTarget.career_level_id == level.id)
        .subquery()
    )
    meets = CurrentRating.level >= target.c.level
    reached = (
        select(
            CurrentRating.user_id.label("user_id"),
            func.sum(case((meets, 1), else_=0)).label("met"),
            func.sum(case((meets, target.c.level), else_=CurrentRating.level)).label("reached"),
        )
        .join(target, target.c.idnumber == CurrentRating.competency_idnumber)
        .where(
            CurrentRating.framework_idnumber == framework_idnumber,
            CurrentRating.is_confirmed.is_(True),
        )
        .group_by(CurrentRating.user_id)
        .subquery()
    )
    met = func.coalesce(reached.c.met, 0)
    short = wanted - func.coalesce(reached.c.reached, 0)
    pms = select(UserRole.user_id).where(UserRole.role == str(Role.PM))
    ranked = (
        select(
            User.id.label("id"),
            User.name.label("name"),
            User.email.label("email"),
            met.label("met"),
            short.label("short"),
            func.rank().over(order_by=(met.desc(), short.asc())).label("place"),
            func.count().over().label("measured"),
        )
        .outerjoin(reached, reached.c.user_id == User.id)
        .where(User.id.in_(pms), User.is_active.is_(True))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked).where(ranked.c.place <= places).order_by(ranked.c.place, ranked.c.id)
    ).all()
    ids = [row.id for row in rows]
    goals, plans = _goals(ids, [idnumber for idnumber, _target in targets]), _open_plans(ids)
    return StaffingFit(
        level_name=level.name,
        targets=len(targets),
        measured=rows[0].measured if rows else 0,
        shortlist=tuple(
            CandidateFit(
                person_id=row.id,
                name=row.name,
                email=row.email,
                met=int(row.met),
                short=int(row.short),
                goals=goals.get(row.id, 0),
                plan_open=row.id in plans,
            )
            for row in rows
        ),
    )


def _goals(ids: list[int], idnumbers: list[str]) -> dict[int, int]:
    """Goals of each person's open plans on the profile's competencies (of any version)."""
    if not ids or not idnumbers:
        return {}
    return dict(
        db.session.execute(
            select(DevelopmentPlan.owner_id, func.count(PlanGoal.id))
            .join(PlanGoal, PlanGoal.plan_id == DevelopmentPlan.id)
            .join(Competency, Competency.id == PlanGoal.competency_id)
            .where(
                DevelopmentPlan.owner_id.in_(ids),
                DevelopmentPlan.state.in_(OPEN_STATES),
                Competency.idnumber.in_(idnumbers),
            )
            .group_by(DevelopmentPlan.owner_id)
        ).all()
    )


def _open_plans(ids: list[int]) -> set[int]:
    """Who has an open plan with a goal that is not with its approvers: a stretch activity can
    join it (a draft directly, an approved plan as a revision to approve)."""
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(DevelopmentPlan.owner_id)
            .join(PlanGoal, PlanGoal.plan_id == DevelopmentPlan.id)
            .where(
                DevelopmentPlan.owner_id.in_(ids),
                DevelopmentPlan.state.in_((PlanState.DRAFT, PlanState.APPROVED, PlanState.ACTIVE)),
                DevelopmentPlan.revision_state.is_distinct_from(RevisionState.SUBMITTED),
            )
        )
    )


def record_stretch_assignment(
    project, *, person_id: int, code: str, name: str, level: str | None, add_to_plan: bool,
    due_on, actor=None,
) -> list[Outcome]:  # fmt: skip
    """Receiver of `project_staffed`: with `add_to_plan`, the assignment joins the PM's open
    plan as an on-the-job activity (kind assignment, linked to the project, so closing the
    project completes it), under the plan's first goal on the level's profile, else its
    first goal."""
    if not add_to_plan:
        return []
    profile = []
    found = _level(level) if level else None
    if found is not None:
        profile = [idnumber for idnumber, _target in _targets(found)]
    try:
        added = add_stretch_activity(
            person_id, title=f"{code} {name}", link_kind="project", link_id=project.id,
            competency_idnumbers=profile, due_on=due_on, actor=actor,
        )  # fmt: skip
    except ServiceError:
        added = None
    if added is None:
        return [Outcome("plans.stretch_not_added", 1)]
    return [Outcome("plans.stretch_added", 1)]

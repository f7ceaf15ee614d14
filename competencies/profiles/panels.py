"""Home-page panels of the competency profile: a PM's largest gaps; the director's PMs awaiting
assessment."""

from __future__ import annotations

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import aliased

from lms.accounts.models import Department, User, UserRole
from lms.accounts.queries import department_subtree_ids
from lms.dashboard.panels import register_panel
from lms.extensions import db
from lms.permissions import Role

from ..careers.models import CareerAssignment, CareerLevel
from ..framework.models import Competency, Framework
from ..framework.queries import framework_in_use
from .models import CurrentRating
from .permissions import can_assess_team, can_track_own_competencies
from .profile import load_profile


def _top_gaps(user) -> dict:
    profile = load_profile(user)  # levels only: no history, no evidence
    return {"profile": profile, "gaps": profile.gaps[:5]}


def profile_framework_id(user_id):
    """SQL for the framework a person's profile reads (profile.profile_of): their aim's, else
    the framework in use."""
    aim = func.coalesce(CareerAssignment.next_level_id, CareerAssignment.current_level_id)
    of_aim = (
        select(CareerLevel.framework_id)
        .join(CareerAssignment, CareerLevel.id == aim)
        .where(CareerAssignment.user_id == user_id)
        .scalar_subquery()
    )
    return func.coalesce(of_aim, framework_in_use())


def team_awaiting_assessment(director, limit: int = 8) -> list[tuple[User, bool]]:
    """PMs of the director's department tree, those awaiting assessment first: their profile
    shows a self rating newer than the confirmed one (or none) on a competency it assesses —
    the profile's own rule (ratings.py), so a confirmation in another framework that reuses an
    id number does not count. Two queries whatever the team size."""
    led = select(Department.id).where(Department.director_id == director.id)
    subtree = department_subtree_ids(list(db.session.scalars(led)))
    if not subtree:
        return []
    own, confirmed = aliased(CurrentRating), aliased(CurrentRating)
    competency, child = aliased(Competency), aliased(Competency)
    assessed = (
        select(competency.id)
        .join(Framework, Framework.id == competency.framework_id)
        .where(
            competency.framework_id == profile_framework_id(User.id),
            competency.idnumber == own.competency_idnumber,
            Framework.idnumber == own.framework_idnumber,
            competency.is_retired.is_(False),
            ~exists(select(child.id).where(child.parent_id == competency.id)),
        )
    )
    newer_confirmation = select(confirmed.rating_id).where(
        confirmed.framework_idnumber == own.framework_idnumber,
        confirmed.is_confirmed.is_(True),
        confirmed.user_id == own.user_id,
        confirmed.competency_idnumber == own.competency_idnumber,
        confirmed.rating_id > own.rating_id,
    )
    awaiting = exists(
        select(own.rating_id).where(
            own.user_id == User.id,
            own.is_confirmed.is_(False),
            exists(assessed),
            ~exists(newer_confirmation),
        )
    )
    flag = case((awaiting, 1), else_=0)
    query = (
        select(User, flag.label("awaiting"))
        .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role == str(Role.PM)))
        .where(User.department_id.in_(subtree), User.is_active.is_(True), User.id != director.id)
        .order_by(flag.desc(), User.name)
        .limit(limit)
    )
    return [(user, bool(waiting)) for user, waiting in db.session.execute(query)]


def register() -> None:
    register_panel(
        "top_gaps",
        "competencies/profiles/panel_gaps.html",
        visible=can_track_own_competencies,
        context=_top_gaps,
        order=15,
    )
    register_panel(
        "team_assessments",
        "competencies/profiles/panel_team.html",
        visible=can_assess_team,
        context=lambda user: {"team": team_awaiting_assessment(user)},
        order=16,
    )

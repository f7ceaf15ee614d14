"""Home-page panels of the competency profile: a PM's largest gaps; the director's PMs awaiting
assessment."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, and_, bindparam, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from lms.accounts.models import User, UserRole
from lms.accounts.queries import department_tree
from lms.dashboard.panels import register_panel
from lms.extensions import db
from lms.permissions import Role

from ..careers.models import CareerAssignment, CareerLevel
from ..framework.models import Competency, Framework
from ..framework.queries import framework_in_use_id
from .models import CurrentRating
from .permissions import can_assess_team, can_track_own_competencies
from .profile import load_profile


def _top_gaps(user) -> dict:
    profile = load_profile(user)  # levels only: no history, no evidence
    return {"profile": profile, "gaps": profile.gaps[:5]}


def team_awaiting_assessment(director, limit: int = 8) -> list[tuple[User, bool]]:
    """PMs of the director's department tree, those awaiting assessment first: their profile
    shows a self rating newer than the confirmed one (or none) on a competency it assesses —
    the profile's own rule (ratings.py, profile.profile_of), so a confirmation in another
    framework that reuses an id number does not count. A fixed handful of queries whatever the
    size of the team or its history."""
    subtree = department_tree().directed_by(director.id)
    if not subtree:
        return []
    team = {"subtree": sorted(subtree), "director_id": director.id}
    waiting = _awaiting(team)
    flag = case((User.id.in_(waiting or [0]), 1), else_=0)
    query = _team().with_only_columns(User, flag).order_by(flag.desc(), User.name).limit(limit)
    return [(user, bool(awaits)) for user, awaits in db.session.execute(query, team)]


# The panel's selects are built once (on first use, when every model is mapped), with the team
# as parameters: building them, aliases included, cost more than running them.


@cache
def _team() -> Select:
    """The ids of the active PMs in the departments `subtree`, the director `director_id` aside."""
    return (
        select(User.id)
        .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role == str(Role.PM)))
        .where(
            User.department_id.in_(bindparam("subtree", expanding=True)),
            User.is_active.is_(True),
            User.id != bindparam("director_id"),
        )
    )


@cache
def _newer_self() -> Select:
    """(person, framework id number, competency id number) of each current self rating of the
    team newer than the confirmed one, or with none."""
    own, confirmed = aliased(CurrentRating), aliased(CurrentRating)
    return (
        select(own.user_id, own.framework_idnumber, own.competency_idnumber)
        .outerjoin(
            confirmed,
            and_(
                confirmed.framework_idnumber == own.framework_idnumber,
                confirmed.is_confirmed.is_(True),
                confirmed.user_id == own.user_id,
                confirmed.competency_idnumber == own.competency_idnumber,
            ),
        )
        .where(
            own.is_confirmed.is_(False),
            own.user_id.in_(_team()),
            or_(confirmed.rating_id.is_(None), confirmed.rating_id < own.rating_id),
        )
    )


def _awaiting(team: dict) -> set[int]:
    """Of the team (`_team`'s parameters), those with a self rating newer than their confirmed
    one in a competency their profile assesses."""
    newer_self = db.session.execute(_newer_self(), team).all()
    # no shortcut when nobody waits: the same queries whatever the team (make bench checks)
    read_against = profile_frameworks({user_id for user_id, _f, _c in newer_self})
    assessed = assessed_idnumbers(set(read_against.values()))
    return {
        user_id
        for user_id, family, code in newer_self
        if (framework := read_against.get(user_id)) is not None
        and (family, code) in assessed[framework]
    }


def profile_frameworks(user_ids: set[int]) -> dict[int, int]:
    """{person: the framework their profile reads} (profile.profile_of): their aim's, else the
    framework in use; in two queries."""
    aims = dict(db.session.execute(_aim_frameworks(), {"user_ids": sorted(user_ids)}).all())
    in_use = framework_in_use_id()
    found = {user_id: aims.get(user_id, in_use) for user_id in user_ids}
    return {user_id: framework for user_id, framework in found.items() if framework is not None}


def assessed_idnumbers(framework_ids: set[int]) -> dict[int, set[tuple[str, str]]]:
    """{framework: (its id number, competency id number) of each competency it assesses}
    (Framework.assessed_competencies: leaves, not retired), in one query."""
    rows = db.session.execute(_assessed(), {"framework_ids": sorted(framework_ids)})
    assessed: dict[int, set[tuple[str, str]]] = {framework: set() for framework in framework_ids}
    for framework, family, code in rows:
        assessed[framework].add((family, code))
    return assessed


@cache
def _aim_frameworks() -> Select:
    aim = func.coalesce(CareerAssignment.next_level_id, CareerAssignment.current_level_id)
    return (
        select(CareerAssignment.user_id, CareerLevel.framework_id)
        .join(CareerLevel, CareerLevel.id == aim)
        .where(CareerAssignment.user_id.in_(bindparam("user_ids", expanding=True)))
    )


@cache
def _assessed() -> Select:
    child = aliased(Competency)
    return (
        select(Competency.framework_id, Framework.idnumber, Competency.idnumber)
        .join(Framework, Framework.id == Competency.framework_id)
        .where(
            Competency.framework_id.in_(bindparam("framework_ids", expanding=True)),
            Competency.is_retired.is_(False),
            ~exists(select(child.id).where(child.parent_id == Competency.id)),
        )
    )


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

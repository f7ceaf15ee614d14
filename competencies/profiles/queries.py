"""Read side of a competency profile: target, confirmed and self level per competency, gaps, history.

Built from a fixed handful of queries whatever the size of the framework or the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from lms.accounts.models import User
from lms.extensions import db

from ..careers.models import CareerAssignment, CareerLevel, CareerTarget
from ..framework.models import Competency, Framework
from ..framework.queries import framework_in_use
from .models import Evidence, Rating, RatingKind
from .permissions import can_view_profile


@dataclass
class ProfileRow:
    competency: Competency
    target: int | None = None
    confirmed: Rating | None = None
    self_rating: Rating | None = None

    @property
    def confirmed_level(self) -> int:
        return self.confirmed.level if self.confirmed else 0

    @property
    def gap(self) -> int:
        """How far the confirmed level is below the target (0 when met or no target)."""
        return max((self.target or 0) - self.confirmed_level, 0)


@dataclass
class Profile:
    person: User
    framework: Framework | None
    assignment: CareerAssignment | None
    rows: list[ProfileRow] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    today: date = field(default_factory=date.today)

    @property
    def gaps(self) -> list[ProfileRow]:
        """Largest gap first; ties keep the framework's order."""
        return sorted((row for row in self.rows if row.gap), key=lambda row: -row.gap)

    @property
    def areas(self) -> list[tuple[Competency, list[ProfileRow]]]:
        groups: dict[int, list[ProfileRow]] = {}
        for row in self.rows:
            groups.setdefault(row.competency.parent_id, []).append(row)
        parents = {c.id: c for c in self.framework.competencies} if self.framework else {}
        return [(parents[key], rows) for key, rows in groups.items() if key in parents]

    def chart_data(self, rows: list[ProfileRow]) -> dict:
        return {
            "labels": [row.competency.name for row in rows],
            "target": [row.target or 0 for row in rows],
            "confirmed": [row.confirmed_level for row in rows],
            "self": [row.self_rating.level if row.self_rating else 0 for row in rows],
            "max": max((level.value for level in self.framework.levels), default=4),
        }


def get_person_or_404(user_id: int, viewer) -> User:
    # populate_existing: the viewer may be the person, already loaded without their department
    person = db.session.get(
        User, user_id, options=[joinedload(User.department)], populate_existing=True
    )
    if person is None or not can_view_profile(viewer, person):
        abort(404)
    return person


def _framework_for(assignment: CareerAssignment | None) -> Framework | None:
    framework_id = (
        assignment.aim.framework_id
        if assignment and assignment.aim
        else db.session.scalar(select(framework_in_use()))
    )
    if framework_id is None:
        return None
    query = (
        select(Framework)
        .where(Framework.id == framework_id)
        .options(selectinload(Framework.levels), selectinload(Framework.competencies))
    )
    return db.session.scalars(query).one()


def build_profile(person: User) -> Profile:
    assignment = db.session.scalar(
        select(CareerAssignment)
        .where(CareerAssignment.user_id == person.id)
        .options(
            joinedload(CareerAssignment.current_level), joinedload(CareerAssignment.next_level)
        )
    )
    framework = _framework_for(assignment)
    profile = Profile(person=person, framework=framework, assignment=assignment)
    if framework is None:
        return profile
    targets = {}
    if assignment and assignment.aim:
        targets = dict(
            db.session.execute(
                select(CareerTarget.competency_id, CareerTarget.level).where(
                    CareerTarget.career_level_id == assignment.aim.id
                )
            ).all()
        )
    profile.ratings = list(
        db.session.scalars(
            select(Rating)
            .where(Rating.user_id == person.id)
            .order_by(Rating.id.desc())
            .options(
                joinedload(Rating.rated_by),
                selectinload(Rating.evidence),
                joinedload(Rating.competency).joinedload(Competency.framework),
            )
        ).unique()
    )
    # A rating given against an earlier version of this framework still counts: competencies
    # keep their id number from version to version (careers.versioning).
    latest: dict[tuple[str, bool], Rating] = {}
    for rating in profile.ratings:  # newest first: the first seen per competency and kind wins
        if rating.competency.framework.idnumber == framework.idnumber:
            latest.setdefault((rating.competency.idnumber, rating.is_confirmed), rating)
    profile.rows = [
        ProfileRow(
            c,
            targets.get(c.id),
            latest.get((c.idnumber, True)),
            latest.get((c.idnumber, False)),
        )
        for c in framework.assessed_competencies
    ]
    profile.evidence = list(
        db.session.scalars(
            select(Evidence).where(Evidence.user_id == person.id).order_by(Evidence.id.desc())
        )
    )
    return profile


def career_levels(framework_id) -> list[CareerLevel]:
    """A framework's career levels by rank (`framework_id` may be a SQL expression)."""
    return list(
        db.session.scalars(
            select(CareerLevel)
            .where(CareerLevel.framework_id == framework_id)
            .order_by(CareerLevel.rank)
        )
    )


def placeable_levels(profile: Profile) -> list[CareerLevel]:
    """The career levels a person may be placed on: the framework in use's, so that
    someone left on a level a new version dropped can be moved on (else the profile's own)."""
    return career_levels(func.coalesce(framework_in_use(), profile.framework.id))


def team_awaiting_assessment(director, limit: int = 8) -> list[tuple[User, bool]]:
    """PMs of the director's department tree, those with a self rating newer than their last
    confirmed rating first (they await assessment). Two queries whatever the team size."""
    from sqlalchemy import and_, case, or_

    from lms.accounts.models import Department, UserRole
    from lms.accounts.queries import department_subtree_ids

    led = list(
        db.session.scalars(select(Department.id).where(Department.director_id == director.id))
    )
    subtree = department_subtree_ids(led)
    if not subtree:
        return []
    last_self = (
        select(Rating.user_id, func.max(Rating.id).label("last_id"))
        .where(Rating.kind == RatingKind.SELF)
        .group_by(Rating.user_id)
        .subquery()
    )
    last_confirmed = (
        select(Rating.user_id, func.max(Rating.id).label("last_id"))
        .where(Rating.kind != RatingKind.SELF)
        .group_by(Rating.user_id)
        .subquery()
    )
    awaiting = and_(
        last_self.c.last_id.is_not(None),
        or_(last_confirmed.c.last_id.is_(None), last_self.c.last_id > last_confirmed.c.last_id),
    )
    flag = case((awaiting, 1), else_=0)
    query = (
        select(User, flag.label("awaiting"))
        .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role == "pm"))
        .outerjoin(last_self, last_self.c.user_id == User.id)
        .outerjoin(last_confirmed, last_confirmed.c.user_id == User.id)
        .where(User.department_id.in_(subtree), User.is_active.is_(True), User.id != director.id)
        .order_by(flag.desc(), User.name)
        .limit(limit)
    )
    return [(user, bool(waiting)) for user, waiting in db.session.execute(query)]

"""Read side of a competency profile: target, confirmed and self level per competency, gaps, history.

Built from a fixed handful of queries whatever the size of the framework or the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from lms.accounts.models import User
from lms.extensions import db
from lms.web.pagination import page_of

from ..careers.models import CareerAssignment, CareerLevel, CareerTarget
from ..framework.models import Competency, Framework
from ..framework.queries import framework_in_use
from .models import Evidence, Rating, RatingKind, rating_evidence
from .permissions import can_view_profile

HISTORY_PER_PAGE = 20
EVIDENCE_PER_PAGE = 10


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
    history: Pagination | None = None  # the person's ratings, newest first, a page at a time
    history_of: Competency | None = None  # the history shows only this competency's ratings
    evidence: list[Evidence] = field(default_factory=list)  # one page of it, or all (print)
    evidence_pages: Pagination | None = None
    cited_evidence: set[int] = field(default_factory=set)  # of those shown: cited by a rating
    today: date = field(default_factory=date.today)

    @property
    def gaps(self) -> list[ProfileRow]:
        """Largest gap first; ties keep the framework's order."""
        return sorted((row for row in self.rows if row.gap), key=lambda row: -row.gap)

    @property
    def areas(self) -> list[tuple[Competency | Framework, list[ProfileRow]]]:
        """Rows grouped as the framework groups its competencies (Framework.assessed_by_area)."""
        if self.framework is None:
            return []
        rows = {row.competency.id: row for row in self.rows}
        return [
            (area, [rows[c.id] for c in members])
            for area, members in self.framework.assessed_by_area()
        ]

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


def _latest_ratings(person: User, framework: Framework) -> dict[tuple[str, bool], Rating]:
    """The newest self and newest confirmed rating per competency id number, in one query.

    A rating given against an earlier version of this framework still counts: competencies keep
    their id number from version to version (careers.versioning)."""
    is_confirmed = Rating.kind != RatingKind.SELF
    newest = (
        select(func.max(Rating.id))
        .join(Competency, Competency.id == Rating.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .where(Rating.user_id == person.id, Framework.idnumber == framework.idnumber)
        .group_by(Competency.idnumber, is_confirmed)
    )
    ratings = db.session.scalars(
        select(Rating).where(Rating.id.in_(newest)).options(joinedload(Rating.competency))
    )
    return {(r.competency.idnumber, r.is_confirmed): r for r in ratings}


def build_profile(
    person: User,
    history_page: int | None = None,
    evidence_page: int | None = None,
    history_of: str | None = None,
) -> Profile:
    """The person's profile; with `history_page`, that page of their rating history too (only of
    the competency whose id number is `history_of`, if it is one of the profile's); with
    `evidence_page` that page of their evidence, else all of it (the print view)."""
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
    latest = _latest_ratings(person, framework)
    profile.rows = [
        ProfileRow(
            c, targets.get(c.id), latest.get((c.idnumber, True)), latest.get((c.idnumber, False))
        )
        for c in framework.assessed_competencies
    ]
    if history_page is not None:
        profile.history_of = next(
            (row.competency for row in profile.rows if row.competency.idnumber == history_of), None
        )
        profile.history = _history(person, history_page, profile.history_of)
    evidence = select(Evidence).where(Evidence.user_id == person.id).order_by(Evidence.id.desc())
    if evidence_page is None:
        profile.evidence = list(db.session.scalars(evidence))
    else:
        profile.evidence_pages = page_of(evidence, evidence_page, EVIDENCE_PER_PAGE)
        profile.evidence = list(profile.evidence_pages.items)
        profile.cited_evidence = set(  # the page offers deleting what no rating cites
            db.session.scalars(
                select(rating_evidence.c.evidence_id)
                .where(rating_evidence.c.evidence_id.in_([e.id for e in profile.evidence]))
                .distinct()
            )
        )
    return profile


def citable_evidence(person: User) -> list[tuple[int, str]]:
    """(id, title) of all the person's evidence, newest first: what a confirmation may cite."""
    query = (
        select(Evidence.id, Evidence.title)
        .where(Evidence.user_id == person.id)
        .order_by(Evidence.id.desc())
    )
    return [tuple(row) for row in db.session.execute(query)]


def _history(person: User, page: int, competency: Competency | None) -> Pagination:
    query = select(Rating).where(Rating.user_id == person.id)
    if competency is not None:  # its ratings on every version of this framework
        query = (
            query.join(Rating.competency)
            .join(Competency.framework)
            .where(
                Competency.idnumber == competency.idnumber,
                Framework.idnumber == competency.framework.idnumber,
            )
        )
    return page_of(
        query.order_by(Rating.id.desc()).options(
            joinedload(Rating.rated_by),
            selectinload(Rating.evidence),
            joinedload(Rating.competency).joinedload(Competency.framework),
        ),
        page,
        HISTORY_PER_PAGE,
    )


def career_levels(framework_id) -> list[CareerLevel]:
    """A framework's career levels by rank (`framework_id` may be a SQL expression)."""
    return list(
        db.session.scalars(
            select(CareerLevel)
            .where(CareerLevel.framework_id == framework_id)
            .order_by(CareerLevel.rank)
        )
    )


def placeable_levels(profile: Profile) -> tuple[list[CareerLevel], list[CareerLevel]]:
    """The career levels a person may be placed on: the framework in use's, and apart the levels
    they are on now if those belong to another version (so saving the form never drops them)."""
    levels = career_levels(func.coalesce(framework_in_use(), profile.framework.id))
    ids = {level.id for level in levels}
    assignment = profile.assignment
    own = [assignment.current_level, assignment.next_level] if assignment else []
    return levels, [level for level in own if level is not None and level.id not in ids]


def team_awaiting_assessment(director, limit: int = 8) -> list[tuple[User, bool]]:
    """PMs of the director's department tree, those awaiting assessment first: they have a self
    rating on a competency with no confirmed rating of it since. Two queries whatever the team
    size."""
    from sqlalchemy import and_, case, exists
    from sqlalchemy.orm import aliased

    from lms.accounts.models import Department, UserRole
    from lms.accounts.queries import department_subtree_ids

    led = list(
        db.session.scalars(select(Department.id).where(Department.director_id == director.id))
    )
    subtree = department_subtree_ids(led)
    if not subtree:
        return []
    own, confirmed = aliased(Rating), aliased(Rating)
    own_competency, confirmed_competency = aliased(Competency), aliased(Competency)
    confirmed_since = (
        select(confirmed.id)
        .join(confirmed_competency, confirmed_competency.id == confirmed.competency_id)
        .where(
            confirmed.user_id == User.id,
            confirmed.kind != RatingKind.SELF,
            confirmed.id > own.id,
            confirmed_competency.idnumber == own_competency.idnumber,
        )
    )
    awaiting = exists(
        select(own.id)
        .join(own_competency, own_competency.id == own.competency_id)
        .where(own.user_id == User.id, own.kind == RatingKind.SELF, ~exists(confirmed_since))
    )
    flag = case((awaiting, 1), else_=0)
    query = (
        select(User, flag.label("awaiting"))
        .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role == "pm"))
        .where(User.department_id.in_(subtree), User.is_active.is_(True), User.id != director.id)
        .order_by(flag.desc(), User.name)
        .limit(limit)
    )
    return [(user, bool(waiting)) for user, waiting in db.session.execute(query)]

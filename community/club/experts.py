"""The expert directory: for each competency of the framework in use, the club members with the
highest *confirmed* levels (self ratings never count), at a proficient level or above; their
strongest competencies beside their names; the answers of theirs that askers accepted.

The directory is an organisation-wide figure read from every confirmed rating: it is worked out
once and kept a minute per process (lms.kept, DASHBOARD_FIGURES_SECONDS), like the home page's
figures, and forgotten when the frameworks change (lms.reference)."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from flask import current_app
from sqlalchemy import and_, func, select

from competencies.framework.models import Competency, Framework, ScaleLevel
from competencies.framework.queries import framework_in_use_id
from competencies.profiles.models import CurrentRating
from lms.accounts.models import Department, User
from lms.db import read
from lms.i18n import localized
from lms.kept import kept

from .queries import members_condition

PER_COMPETENCY = 3  # experts listed for each competency
CANDIDATES = 12  # highest confirmed levels read per competency before the members among them


class Expert(NamedTuple):
    user_id: int
    name: str
    email: str  # for the @mention that asks them
    department: str | None
    level: int


class Field(NamedTuple):
    """One competency of the directory with its experts (names as stored: both languages)."""

    idnumber: str
    names: dict
    experts: list[Expert]

    @property
    def name(self) -> str:
        return localized(self.names)


def directory() -> list[Field]:
    """Every competency of the framework in use, in the framework's order, with its experts
    (a competency nobody is confirmed in has none)."""
    seconds = current_app.config["DASHBOARD_FIGURES_SECONDS"]
    return kept(("club.experts", framework_in_use_id()), seconds, _directory)


def _directory() -> list[Field]:
    framework_id = framework_in_use_id()
    if framework_id is None:
        return []
    framework_idnumber, proficient = read(
        select(Framework.idnumber, func.min(ScaleLevel.value))
        .outerjoin(
            ScaleLevel,
            and_(ScaleLevel.framework_id == Framework.id, ScaleLevel.is_proficient.is_(True)),
        )
        .where(Framework.id == framework_id)
        .group_by(Framework.idnumber)
    ).one()
    rows = read(
        select(Competency.id, Competency.parent_id, Competency.idnumber, Competency.names)
        .where(Competency.framework_id == framework_id, Competency.is_retired.is_(False))
        .order_by(Competency.sort_order, Competency.id)
    ).all()
    parents = {row.parent_id for row in rows}
    # what people are rated on: the leaves (as CompetencyTree.assessed_competencies)
    competencies = [(row.idnumber, row.names) for row in rows if row.id not in parents]
    ranked = (
        select(
            CurrentRating.competency_idnumber,
            CurrentRating.user_id,
            CurrentRating.level,
            func.row_number()
            .over(
                partition_by=CurrentRating.competency_idnumber,
                order_by=(CurrentRating.level.desc(), CurrentRating.user_id),
            )
            .label("place"),
        )
        .where(
            CurrentRating.framework_idnumber == framework_idnumber,
            CurrentRating.is_confirmed.is_(True),
            CurrentRating.level >= (proficient if proficient is not None else 1),
        )
        .subquery()
    )
    rows = read(
        select(ranked.c.competency_idnumber, ranked.c.user_id, ranked.c.level).where(
            ranked.c.place <= CANDIDATES
        )
    ).all()
    people = {
        row.id: row
        for row in read(
            select(User.id, User.name, User.email, Department.name.label("department"))
            .outerjoin(Department, Department.id == User.department_id)
            .where(User.id.in_({row.user_id for row in rows}), members_condition())
        )
    }
    by_competency: dict[str, list[Expert]] = defaultdict(list)
    for idnumber, user_id, level in rows:
        person = people.get(user_id)
        if person is not None:
            by_competency[idnumber].append(
                Expert(user_id, person.name, person.email, person.department, level)
            )
    return [
        Field(
            idnumber,
            names,
            sorted(by_competency[idnumber], key=lambda e: (-e.level, e.name))[:PER_COMPETENCY],
        )
        for idnumber, names in competencies
    ]


def field_of(idnumber: str | None) -> Field | None:
    """The directory's competency with this id number (None: not in the framework in use)."""
    return next((f for f in directory() if f.idnumber == idnumber), None)


def expertise_of(user_id: int) -> list[Field]:
    """The competencies in whose directory entry the person is listed."""
    return [f for f in directory() if any(e.user_id == user_id for e in f.experts)]


class Strength(NamedTuple):
    names: dict
    level: int

    @property
    def name(self) -> str:
        return localized(self.names)


def strongest(user_ids, limit: int = 3) -> dict[int, list[Strength]]:
    """Each person's highest confirmed levels in the framework in use (one statement)."""
    framework_id = framework_in_use_id()
    if framework_id is None or not user_ids:
        return {}
    rows = read(
        select(CurrentRating.user_id, Competency.names, CurrentRating.level)
        .join(Framework, Framework.idnumber == CurrentRating.framework_idnumber)
        .join(
            Competency,
            and_(
                Competency.framework_id == Framework.id,
                Competency.idnumber == CurrentRating.competency_idnumber,
            ),
        )
        .where(
            Framework.id == framework_id,
            CurrentRating.user_id.in_(list(user_ids)),
            CurrentRating.is_confirmed.is_(True),
            CurrentRating.level > 0,
        )
        .order_by(CurrentRating.user_id, CurrentRating.level.desc(), Competency.sort_order)
    ).all()
    found: dict[int, list[Strength]] = defaultdict(list)
    for user_id, names, level in rows:
        if len(found[user_id]) < limit:
            found[user_id].append(Strength(names, level))
    return found

"""Read side of career levels."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from lms import reference
from lms.db import read
from lms.extensions import db
from lms.i18n import locale_code

from ..framework.models import Competency, Framework
from ..framework.queries import framework_in_use
from .models import CareerAssignment, CareerLevel, CareerTarget


def get_career_level_or_404(level_id: int) -> CareerLevel:
    level = db.session.get(CareerLevel, level_id)
    if level is None:
        abort(404)
    return level


def career_levels(framework_id) -> list[CareerLevel]:
    """A framework's career levels by rank (`framework_id` may be a SQL expression)."""
    return list(
        db.session.scalars(
            select(CareerLevel)
            .where(CareerLevel.framework_id == framework_id)
            .order_by(CareerLevel.rank)
        )
    )


@dataclass(frozen=True)
class CareerLevelName:
    id: int
    name: str


def career_level_names(framework_id: int) -> list[CareerLevelName]:
    """A framework's career levels by rank, named in the reader's language: what filters and
    reports show, kept per process (lms.reference)."""
    return reference.cached(
        ("career_level_names", framework_id, locale_code()),
        lambda: [CareerLevelName(level.id, level.name) for level in career_levels(framework_id)],
    )


def levels_with_targets(framework: Framework) -> list[CareerLevel]:
    """The framework's career levels by rank, with their targets, in two queries."""
    return list(
        db.session.scalars(
            select(CareerLevel)
            .where(CareerLevel.framework_id == framework.id)
            .options(selectinload(CareerLevel.targets))
            .order_by(CareerLevel.rank)
        )
    )


def assignment_of(person) -> CareerAssignment | None:
    """Where the person stands: their current and next career level, loaded with both."""
    return db.session.scalar(_assignment(), {"user_id": person.id})


@cache
def _assignment() -> Select:
    """Built once with a bind parameter: every profile asks."""
    return (
        select(CareerAssignment)
        .where(CareerAssignment.user_id == bindparam("user_id"))
        .options(
            joinedload(CareerAssignment.current_level), joinedload(CareerAssignment.next_level)
        )
    )


def targets_of(level: CareerLevel) -> dict[int, int]:
    """{competency id: target level} of a career level, kept per process (lms.reference):
    treat it as read-only."""
    return reference.cached(
        ("career_targets", level.id),
        lambda: dict(read(_targets(), {"level_id": level.id}).all()),
    )


@cache
def _targets() -> Select:
    return select(CareerTarget.competency_id, CareerTarget.level).where(
        CareerTarget.career_level_id == bindparam("level_id")
    )


def placeable_levels(
    assignment: CareerAssignment | None, framework: Framework
) -> tuple[list[CareerLevel], list[CareerLevel]]:
    """The career levels a person may be placed on: the framework in use's (else those of the
    framework their profile reads), and apart the levels they are on now if those belong to
    another version (so saving the form never drops them)."""
    levels = career_levels(func.coalesce(framework_in_use(), framework.id))
    ids = {level.id for level in levels}
    own = [assignment.current_level, assignment.next_level] if assignment else []
    return levels, [level for level in own if level is not None and level.id not in ids]


def count_untargeted(
    competencies: Iterable[Competency], level_ids: Collection[int], targeted: Collection[tuple]
) -> int:
    """How many competencies lack a target in some career level (e.g. ones a newly published
    version added): gaps there stay unknown until the PMO sets one. `targeted` holds
    (career level id, competency id) pairs."""
    return sum(any((level, c.id) not in targeted for level in level_ids) for c in competencies)


def untargeted_count(framework: Framework) -> int:
    """count_untargeted over the framework's assessed competencies and career levels."""
    level_ids = set(
        db.session.scalars(select(CareerLevel.id).where(CareerLevel.framework_id == framework.id))
    )
    targeted = set(
        db.session.execute(
            select(CareerTarget.career_level_id, CareerTarget.competency_id).where(
                CareerTarget.career_level_id.in_(level_ids)
            )
        ).all()
    )
    return count_untargeted(framework.assessed_competencies, level_ids, targeted)

"""Read side of career levels."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select

from lms.extensions import db

from ..framework.models import Competency, Framework
from .models import CareerLevel, CareerTarget


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

"""Read side of career levels."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.extensions import db

from ..framework.models import Framework
from .models import CareerLevel, CareerTarget


def untargeted_count(framework: Framework) -> int:
    """How many of the framework's assessed competencies lack a target in some career level
    (e.g. ones a newly published version added): gaps there stay unknown until the PMO sets one."""
    levels = db.session.scalar(
        select(func.count())
        .select_from(CareerLevel)
        .where(CareerLevel.framework_id == framework.id)
    )
    if not levels:
        return 0
    targets = dict(
        db.session.execute(
            select(CareerTarget.competency_id, func.count())
            .join(CareerTarget.career_level)
            .where(CareerLevel.framework_id == framework.id)
            .group_by(CareerTarget.competency_id)
        ).all()
    )
    return sum(targets.get(c.id, 0) < levels for c in framework.assessed_competencies)

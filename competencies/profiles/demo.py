"""Demo competency data so a first look at profiles, the team matrix and the heatmap is not empty."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from lms.accounts.models import User
from lms.clock import site_today
from lms.extensions import db

from ..careers.models import CareerAssignment, CareerLevel
from ..framework.queries import framework_in_use_id, load_framework
from .models import Rating, RatingKind
from .ratings import rebuild_current

# demo PM -> (current career level, next level)
CAREERS = {
    "pm@academy.test": ("PM", "SENIOR_PM"),
    "wang.wei@academy.test": ("SENIOR_PM", "PROGRAMME"),
    "zhang.min@academy.test": ("COORDINATOR", "PM"),
    "maria.silva@academy.test": ("PM", None),
    "james.okafor@academy.test": ("PROGRAMME", None),
    "chen.jie@academy.test": ("COORDINATOR", None),
    "li.na@academy.test": ("SENIOR_PM", None),
}


def seed_demo_competencies() -> str:
    """Career levels and a few self and confirmed ratings for the demo PMs, once."""
    framework_id = framework_in_use_id()
    if framework_id is None:
        return "demo competencies: no published framework (run `flask --app lms seed`)"
    framework = load_framework(framework_id)
    levels = {
        level.idnumber: level
        for level in db.session.scalars(
            select(CareerLevel).where(CareerLevel.framework_id == framework.id)
        )
    }
    people = {
        u.email: u for u in db.session.scalars(select(User).where(User.email.in_(list(CAREERS))))
    }
    director = db.session.scalar(select(User).where(User.email == "director@academy.test"))
    elements = framework.assessed_competencies
    rng, added, rated = random.Random(7), 0, []
    for email, (current, aim) in CAREERS.items():
        person = people.get(email)
        if person is None or db.session.get(CareerAssignment, person.id):
            continue
        db.session.add(
            CareerAssignment(
                user_id=person.id,
                current_level=levels.get(current),
                next_level=levels.get(aim) if aim else None,
            )
        )
        for competency in rng.sample(elements, 8):
            level = rng.randint(1, 4)
            day = site_today() - timedelta(days=rng.randint(20, 200))
            db.session.add(
                Rating(
                    user_id=person.id,
                    competency=competency,
                    level=level,
                    kind=RatingKind.SELF,
                    rated_by_id=person.id,
                    rated_on=day,
                    comment="",
                )
            )
            if rng.random() < 0.7 and director is not None:
                db.session.add(
                    Rating(
                        user_id=person.id,
                        competency=competency,
                        level=max(level - rng.randint(0, 1), 0),
                        kind=RatingKind.DIRECTOR,
                        rated_by_id=director.id,
                        rated_on=day + timedelta(days=10),
                        justification="Observed on the quarterly project review.",
                    )
                )
        added += 1
        rated.append(person.id)
    db.session.flush()
    rebuild_current(rated)
    return f"demo competencies: {added} PMs given career levels and ratings"

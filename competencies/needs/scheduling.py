"""Scheduling from the training-needs analysis: one class for a course, opened at once, and
every PM of the row nominated (each is told, and so is their director chain)."""

from __future__ import annotations

from lms.accounts.models import User
from lms.accounts.queries import director_chain_ids
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import notify
from lms.permissions import ensure
from lms.training.approvals import nominate
from lms.training.classes import open_class
from lms.training.models import TrainingClass

from .permissions import can_analyse_training_needs

register_kind(
    "training.team_nominated",
    N_("%(name)s is put forward for %(course)s, from the training-needs analysis."),
)


def nominate_listed(training_class: TrainingClass, *, actor, user_ids: list[int]) -> int:
    """Open the new class and nominate exactly these PMs; each one's director chain is told.
    Raises ServiceError when one of them cannot take the class (named): nothing is saved."""
    ensure(can_analyse_training_needs(actor))
    open_class(training_class, actor=actor)
    people = db.session.scalars(select_people(user_ids)).all()
    for person in sorted(people, key=lambda p: p.id):
        nominate(training_class, actor=actor, person=person)
        for director_id in sorted(director_chain_ids(person.department_id) - {person.id}):
            notify(
                db.session.get(User, director_id),
                "training.team_nominated",
                link=f"/classes/{training_class.id}",
                name=person.name,
                course=dict(training_class.course.names),
            )
    return len(people)


def select_people(user_ids: list[int]):
    return db.select(User).where(User.id.in_([int(u) for u in user_ids]))

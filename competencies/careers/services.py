"""Place people on career levels; PMO sets the target levels of each career level."""

from __future__ import annotations

from flask_babel import gettext as _

from lms.audit.services import record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_

from .models import CareerAssignment, CareerLevel

register_action("career.assigned", N_("Career level set"))


def assign_career(
    person, *, actor, current: CareerLevel | None, aim: CareerLevel | None
) -> CareerAssignment:
    """Set where a person stands and what they aim for; the aim must rank above the current level."""
    if current and aim and aim.rank <= current.rank:
        raise ServiceError(
            _("The next level must be above the current one."), field="next_level_id"
        )
    assignment = db.session.get(CareerAssignment, person.id) or CareerAssignment(user_id=person.id)
    before = [assignment.current_level_id, assignment.next_level_id]
    assignment.current_level, assignment.next_level = current, aim
    db.session.add(assignment)
    db.session.flush()
    after = [assignment.current_level_id, assignment.next_level_id]
    if before != after:
        record(
            actor,
            "career.assigned",
            person,
            label=person.name,
            changes={"current": [before[0], after[0]], "next": [before[1], after[1]]},
        )
    return assignment

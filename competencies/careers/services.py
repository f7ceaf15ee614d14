"""Place people on career levels; PMO sets the target levels of each career level."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from lms.audit.services import record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import ensure

from .models import CareerAssignment, CareerLevel, CareerTarget
from .permissions import can_manage_career_levels, can_place_on_career_level

register_action("career.assigned", N_("Career level set"))
register_kind(
    "career.assigned",
    N_("%(actor)s set your career level: %(current)s; next level to aim for: %(aim)s."),
)


def assign_career(
    person, *, actor, current: CareerLevel | None, aim: CareerLevel | None
) -> CareerAssignment:
    """Set where a person stands and what they aim for (HR, the PMO); the aim must rank above
    the current level. Raises ServiceError."""
    ensure(can_place_on_career_level(actor, person))
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
        if actor is not None and actor.id != person.id:
            notify(
                person,
                "career.assigned",
                link=link_to("profiles.profile", user_id=person.id),
                actor=actor.name,
                current=current.names if current else "—",  # shown in the reader's language
                aim=aim.names if aim else "—",
            )
    return assignment


register_action("career_level.saved", N_("Career level saved"))


def save_career_level(
    level: CareerLevel | None,
    *,
    actor,
    framework,  # a Framework or its snapshot (framework.snapshots): its id and scale are read
    idnumber: str,
    rank: int,
    names: dict[str, str],
    targets: dict[int, int],
) -> CareerLevel:
    """Create or change a career level and its target per competency (PMO work).

    Any change raises the level's version (targets included), so a concurrent save of the same
    level fails at flush (StaleDataError). Raises ServiceError.
    """
    ensure(can_manage_career_levels(actor))
    values = {scale.value for scale in framework.levels}
    if any(value not in values for value in targets.values()):
        raise ServiceError(_("Choose target levels on the framework's scale."))
    clash = db.session.scalar(
        select(CareerLevel).where(
            CareerLevel.framework_id == framework.id, CareerLevel.idnumber == idnumber.strip()
        )
    )
    if clash is not None and clash is not level:
        raise ServiceError(_("Another career level uses this id number."), field="idnumber")
    level = level or CareerLevel(framework_id=framework.id)
    before = {t.competency_id: t.level for t in level.targets}
    level.idnumber, level.rank, level.names = idnumber.strip(), rank, names
    existing = {t.competency_id: t for t in level.targets}
    for competency_id, value in targets.items():
        if competency_id in existing:
            existing[competency_id].level = value
        else:
            level.targets.append(CareerTarget(competency_id=competency_id, level=value))
    changed = {str(k): [before.get(k), v] for k, v in targets.items() if before.get(k) != v}
    if changed and level.id is not None:
        flag_modified(level, "names")  # targets are other rows: still a new version of the level
    db.session.add(level)
    db.session.flush()
    record(actor, "career_level.saved", level, label=level.name, changes=changed)
    return level

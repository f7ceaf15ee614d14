"""Career levels follow their framework from version to version.

Levels and targets belong to one framework version (a target names a competency of it), and the
PMO keeps editing the levels of the version in use while a new version is drafted. So when a
version is published it receives a copy of the levels as they are at that moment (matched by id
number), and everyone placed on any earlier version's levels moves to the same levels of it.
Ratings need nothing: they are read across versions by competency id number (profiles.ratings,
reports.queries).
"""

from __future__ import annotations

from flask_babel import ngettext
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import selectinload

from lms.audit.services import record, register_action
from lms.extensions import db
from lms.i18n import N_
from lms.outcomes import Outcome, describe

from ..framework.models import Competency, Framework
from .models import CareerAssignment, CareerLevel, CareerTarget
from .queries import untargeted_count

register_action("career.levels_moved", N_("People moved to a new framework version"))


def follow_published_version(framework: Framework, *, actor=None, **_kwargs) -> list[Outcome]:
    """Receiver of `framework_published` (competencies.receivers): copy the career levels over to
    the version just published, then move people onto them; returns what it did, as counts."""
    earlier = select(Framework.id).where(
        Framework.idnumber == framework.idnumber, Framework.id != framework.id
    )
    return [
        Outcome("careers.levels_copied", carry_levels_over(framework, earlier)),
        Outcome("careers.people_moved", move_people(framework, earlier, actor=actor)),
        Outcome("careers.untargeted", untargeted_count(framework)),
    ]


describe(
    "careers.levels_copied",
    lambda n: ngettext(
        "%(num)d career level copied to this version.",
        "%(num)d career levels copied to this version.",
        n,
    ),
)
describe(
    "careers.people_moved",
    lambda n: ngettext(
        "%(num)d person moved onto its career levels.",
        "%(num)d people moved onto its career levels.",
        n,
    ),
)
describe(
    "careers.untargeted",
    lambda n: ngettext(
        "%(num)d competency has no target yet: set it on the career levels page.",
        "%(num)d competencies have no target yet: set them on the career levels page.",
        n,
    ),
)


def carry_levels_over(framework: Framework, earlier) -> int:
    """Copy the newest earlier version's career levels and targets into `framework`, except
    levels it has already (same id number).

    Targets of competencies the new version does not have are dropped; its new competencies
    start without a target, for the PMO to set. Returns how many levels were copied.
    """
    source = db.session.scalar(
        select(func.max(CareerLevel.framework_id)).where(CareerLevel.framework_id.in_(earlier))
    )
    if source is None:
        return 0
    competency_ids = dict(
        db.session.execute(
            select(Competency.idnumber, Competency.id).where(
                Competency.framework_id == framework.id
            )
        ).all()
    )
    taken = set(
        db.session.scalars(
            select(CareerLevel.idnumber).where(CareerLevel.framework_id == framework.id)
        )
    )
    levels = db.session.scalars(
        select(CareerLevel)
        .where(CareerLevel.framework_id == source, CareerLevel.idnumber.not_in(taken))
        .options(selectinload(CareerLevel.targets).joinedload(CareerTarget.competency))
        .order_by(CareerLevel.rank)
    )
    copied = 0
    for level in levels:
        copied += 1
        db.session.add(
            CareerLevel(
                framework_id=framework.id,
                idnumber=level.idnumber,
                rank=level.rank,
                names=dict(level.names),
                descriptions=dict(level.descriptions),
                targets=[
                    CareerTarget(competency_id=competency_ids[t.competency.idnumber], level=t.level)
                    for t in level.targets
                    if t.competency.idnumber in competency_ids
                ],
            )
        )
    db.session.flush()
    return copied


def move_people(framework: Framework, earlier, *, actor=None) -> int:
    """Point career assignments at the published version's levels with the same id numbers.

    One UPDATE whatever the number of people; each moved assignment's version goes up so a
    career form opened before the publish is refused, not applied. Someone on a level no longer
    in the new version stays where they are (their profile still reads that version) until the
    PMO or HR places them again. Returns how many assignments moved.
    """
    new_ids = dict(
        db.session.execute(
            select(CareerLevel.idnumber, CareerLevel.id).where(
                CareerLevel.framework_id == framework.id
            )
        ).all()
    )
    old_levels = db.session.execute(
        select(CareerLevel.id, CareerLevel.idnumber).where(CareerLevel.framework_id.in_(earlier))
    ).all()
    moves = {old_id: new_ids[idnumber] for old_id, idnumber in old_levels if idnumber in new_ids}
    if not moves:
        return 0
    current, aim = CareerAssignment.current_level_id, CareerAssignment.next_level_id
    result = db.session.execute(
        update(CareerAssignment)
        .where(or_(current.in_(moves), aim.in_(moves)))
        .values(
            {
                current: case(moves, value=current, else_=current),
                aim: case(moves, value=aim, else_=aim),
                CareerAssignment.version: CareerAssignment.version + 1,
            }
        )
        .execution_options(synchronize_session="fetch")
    )
    moved = result.rowcount
    if moved:
        record(
            actor,
            "career.levels_moved",
            framework,
            label=f"{framework.idnumber} {framework.version_label}",
            changes={"assignments": moved},
        )
    return moved

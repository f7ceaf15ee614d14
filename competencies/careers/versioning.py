"""Career levels follow their framework from version to version.

Levels and targets belong to one framework version (a target names a competency of it). A new
version gets a copy of the previous version's levels, matched by id number; publishing it moves
everyone placed on the replaced version's levels to the same levels of the new one. Ratings need
nothing: they are read across versions by competency id number (profiles.queries, reports).
"""

from __future__ import annotations

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import selectinload

from lms import signals
from lms.audit.services import record, register_action
from lms.extensions import db
from lms.i18n import N_

from ..framework.models import Competency, Framework
from .models import CareerAssignment, CareerLevel, CareerTarget

register_action("career.levels_moved", N_("People moved to a new framework version"))


@signals.framework_version_created.connect
def carry_levels_over(framework: Framework, *, previous: Framework, **_kwargs) -> None:
    """Copy `previous`'s career levels and their targets into `framework` (a new draft).

    Targets of competencies the new version does not have are dropped; its new competencies
    start without a target, for the PMO to set.
    """
    competency_ids = dict(
        db.session.execute(
            select(Competency.idnumber, Competency.id).where(
                Competency.framework_id == framework.id
            )
        ).all()
    )
    levels = db.session.scalars(
        select(CareerLevel)
        .where(CareerLevel.framework_id == previous.id)
        .options(selectinload(CareerLevel.targets).joinedload(CareerTarget.competency))
        .order_by(CareerLevel.rank)
    )
    taken = set(
        db.session.scalars(
            select(CareerLevel.idnumber).where(CareerLevel.framework_id == framework.id)
        )
    )
    for level in levels:
        if level.idnumber in taken:
            continue
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


@signals.framework_published.connect
def move_people(framework: Framework, *, replaced: list[Framework], actor=None, **_kwargs) -> None:
    """Point career assignments at the published version's levels with the same id numbers.

    One UPDATE whatever the number of people; each moved assignment's version goes up so a
    career form opened before the publish is refused, not applied. People on a level the new
    version dropped stay where they are (their profile then still reads the old version) until
    the PMO places them again.
    """
    if not replaced:
        return
    new_ids = dict(
        db.session.execute(
            select(CareerLevel.idnumber, CareerLevel.id).where(
                CareerLevel.framework_id == framework.id
            )
        ).all()
    )
    old_levels = db.session.execute(
        select(CareerLevel.id, CareerLevel.idnumber).where(
            CareerLevel.framework_id.in_([other.id for other in replaced])
        )
    ).all()
    moves = {old_id: new_ids[idnumber] for old_id, idnumber in old_levels if idnumber in new_ids}
    if not moves:
        return
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

"""Reading and writing frameworks: find and load one, write checked file data as a new version,
and turn a framework back into file data.

JSON, our CSV and Moodle's CSV all parse into `FrameworkData` (data.py); `check` (checks.py)
finds every problem before `save_framework` writes anything.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.audit.services import record, register_action
from lms.extensions import db
from lms.i18n import N_

from .checks import check
from .data import (
    LANGUAGES,
    CompetencyData,
    FrameworkData,
    FrameworkFileError,
    LevelData,
    Problem,
)
from .models import Competency, Framework, FrameworkState, ScaleLevel, TalentTriangle

__all__ = [
    "LANGUAGES",
    "CompetencyData",
    "FrameworkData",
    "FrameworkFileError",
    "LevelData",
    "Problem",
    "check",
    "find_framework",
    "framework_data",
    "load_framework",
    "save_framework",
]

register_action("framework.imported", N_("Competency framework imported"))


def find_framework(idnumber: str, version_label: str | None = None) -> Framework | None:
    """The framework with this id number: the given version, else the newest one."""
    query = select(Framework).where(Framework.idnumber == idnumber).order_by(Framework.id.desc())
    if version_label:
        query = query.where(Framework.version_label == version_label)
    return db.session.scalars(query.limit(1)).first()


def load_framework(framework_id: int) -> Framework:
    """A framework with its levels and competencies (and their relations) in four queries."""
    query = (
        select(Framework)
        .where(Framework.id == framework_id)
        .options(
            selectinload(Framework.levels),
            selectinload(Framework.competencies).selectinload(Competency.related),
        )
    )
    return db.session.scalars(query).one()


def save_framework(
    data: FrameworkData,
    *,
    actor=None,
    state: FrameworkState = FrameworkState.DRAFT,
    previous: Framework | None = None,
    action: str = "framework.imported",
) -> Framework:
    """Write a checked framework as a new framework version. Raises FrameworkFileError.

    Its previous version is `previous`, else the newest one with the same id number.
    """
    problems = check(data)
    if problems:
        raise FrameworkFileError(problems)
    if find_framework(data.idnumber, data.version_label):
        raise FrameworkFileError(
            [
                Problem(
                    "framework",
                    _(
                        "Framework %(id)s version %(version)s exists already; give the file a new version.",
                        id=data.idnumber,
                        version=data.version_label,
                    ),
                )
            ]
        )
    framework = Framework(
        idnumber=data.idnumber,
        version_label=data.version_label,
        names=data.names,
        descriptions=data.descriptions,
        state=state,
        previous=previous or find_framework(data.idnumber),
        levels=[
            ScaleLevel(
                value=level.value,
                names=level.names,
                descriptions=level.descriptions,
                is_proficient=level.is_proficient,
            )
            for level in data.levels
        ],
    )
    db.session.add(framework)
    by_id: dict[str, Competency] = {}
    for order, item in enumerate(data.competencies):
        by_id[item.idnumber] = Competency(
            idnumber=item.idnumber,
            names=item.names,
            descriptions=item.descriptions,
            descriptors=item.descriptors,
            talent_triangle=TalentTriangle(item.talent_triangle) if item.talent_triangle else None,
            is_programme_only=item.is_programme_only,
            is_retired=item.is_retired,
            sort_order=order,
        )
    framework.competencies = list(by_id.values())
    for item in data.competencies:
        competency = by_id[item.idnumber]
        competency.parent = by_id.get(item.parent) if item.parent else None
        competency.related = [by_id[other] for other in item.related]
    db.session.flush()
    changes: dict = {"competencies": len(data.competencies)}
    if framework.previous is not None:
        changes["previous"] = framework.previous.version_label
    label = f"{framework.idnumber} {framework.version_label}"
    record(actor, action, framework, label=label, changes=changes)
    return framework


def framework_data(framework: Framework) -> FrameworkData:
    """The framework as file data: what every exporter writes (parents before children)."""
    return FrameworkData(
        idnumber=framework.idnumber,
        version_label=framework.version_label,
        names=dict(framework.names),
        descriptions=dict(framework.descriptions),
        levels=[
            LevelData(level.value, dict(level.names), dict(level.descriptions), level.is_proficient)
            for level in framework.levels
        ],
        competencies=[
            CompetencyData(
                idnumber=c.idnumber,
                parent=c.parent.idnumber if c.parent else None,
                names=dict(c.names),
                descriptions=dict(c.descriptions),
                descriptors={k: dict(v) for k, v in c.descriptors.items()},
                talent_triangle=str(c.talent_triangle) if c.talent_triangle else None,
                is_programme_only=c.is_programme_only,
                is_retired=c.is_retired,
                related=[other.idnumber for other in c.related],
            )
            for c in _parents_first(framework.competencies)
        ],
    )


def _parents_first(competencies: list[Competency]) -> list[Competency]:
    children: dict[int | None, list[Competency]] = {}
    for competency in sorted(competencies, key=lambda c: c.sort_order):
        children.setdefault(competency.parent_id, []).append(competency)
    ordered, stack = [], list(reversed(children.get(None, [])))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children.get(node.id, [])))
    return ordered

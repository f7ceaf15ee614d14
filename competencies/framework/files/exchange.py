"""Framework file data <-> rows: write checked file data as a new framework version, and turn a
framework back into file data (what every exporter writes).

JSON, our CSV and Moodle's CSV all parse into `FrameworkData` (data.py); `check` (checks.py)
finds every problem before `save_framework` writes anything.
"""

from __future__ import annotations

from flask_babel import gettext as _

from lms.audit.services import record, register_action
from lms.extensions import db
from lms.i18n import N_
from lms.permissions import ensure
from lms.trees import depth_first

from ..models import Competency, Framework, FrameworkState, ScaleLevel, TalentTriangle
from ..permissions import can_manage_frameworks
from ..queries import find_framework
from .checks import check
from .data import CompetencyData, FrameworkData, FrameworkFileError, LevelData, Problem

register_action("framework.imported", N_("Competency framework imported"))


def save_framework(
    data: FrameworkData,
    *,
    actor,
    state: FrameworkState = FrameworkState.DRAFT,
    previous: Framework | None = None,
    action: str = "framework.imported",
) -> Framework:
    """Write a checked framework as a new framework version. Raises FrameworkFileError.

    Its previous version is `previous`, else the newest one with the same id number.
    """
    ensure(can_manage_frameworks(actor))
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


def export_name(framework: Framework, extension: str) -> str:
    """The file name an export is offered under, e.g. PMO-CORE-1.0.json."""
    return f"{framework.idnumber}-{framework.version_label}.{extension}"


def _parents_first(competencies: list[Competency]) -> list[Competency]:
    in_order = sorted(competencies, key=lambda c: c.sort_order)
    return [competency for competency, _depth in depth_first(in_order)]

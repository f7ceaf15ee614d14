"""One in-memory shape for every framework file format, its checks, and writing it to the database.

JSON, our CSV and Moodle's CSV all parse into `FrameworkData`; `check` finds every problem
(each names the row or path it came from) before `save_framework` writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms import signals
from lms.audit.services import record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_

from .models import Competency, Framework, FrameworkState, ScaleLevel, TalentTriangle

LANGUAGES = ("en", "zh_CN")

register_action("framework.imported", N_("Competency framework imported"))


@dataclass
class LevelData:
    value: int
    names: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    is_proficient: bool = False


@dataclass
class CompetencyData:
    idnumber: str
    parent: str | None
    names: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    descriptors: dict[str, dict[str, str]] = field(default_factory=dict)
    talent_triangle: str | None = None
    is_programme_only: bool = False
    is_retired: bool = False
    related: list[str] = field(default_factory=list)
    where: str = field(default="", compare=False)  # "row 7" or "competencies[2]"


@dataclass
class FrameworkData:
    idnumber: str
    version_label: str
    names: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    levels: list[LevelData] = field(default_factory=list)
    competencies: list[CompetencyData] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class FrameworkFileError(ServiceError):
    """The file cannot be imported; `problems` lists every reason with its row or path."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            _("The file has %(count)d problems; nothing was imported.", count=len(problems))
        )
        self.problems = problems


def check(data: FrameworkData) -> list[Problem]:
    """Every rule a framework must meet, across the whole file."""
    problems: list[Problem] = []
    if not data.idnumber:
        problems.append(Problem("framework", _("An id number is required.")))
    if not any(data.names.values()):
        problems.append(Problem("framework", _("A name is required.")))
    values = [level.value for level in data.levels]
    if not values:
        problems.append(Problem("scale", _("The scale needs at least one level.")))
    elif sorted(values) != list(range(min(values), min(values) + len(values))) or len(
        set(values)
    ) != len(values):
        problems.append(Problem("scale", _("Scale values must be consecutive whole numbers.")))
    seen: dict[str, str] = {}
    for item in data.competencies:
        if not item.idnumber:
            problems.append(Problem(item.where, _("An id number is required.")))
        elif item.idnumber in seen:
            problems.append(
                Problem(
                    item.where,
                    _(
                        "Id number %(id)s is also used at %(other)s.",
                        id=item.idnumber,
                        other=seen[item.idnumber],
                    ),
                )
            )
        else:
            seen[item.idnumber] = item.where
        if not any(item.names.values()):
            problems.append(Problem(item.where, _("A name is required.")))
        if item.talent_triangle and item.talent_triangle not in set(TalentTriangle):
            problems.append(
                Problem(
                    item.where,
                    _("Unknown talent triangle side “%(value)s”.", value=item.talent_triangle),
                )
            )
        unknown_levels = set(item.descriptors) - {str(value) for value in values}
        if unknown_levels:
            problems.append(
                Problem(
                    item.where,
                    _(
                        "Descriptors for levels not on the scale: %(levels)s.",
                        levels=", ".join(sorted(unknown_levels)),
                    ),
                )
            )
    for item in data.competencies:
        if item.parent and item.parent not in seen:
            problems.append(
                Problem(item.where, _("Parent %(id)s is not in the file.", id=item.parent))
            )
        for other in item.related:
            if other not in seen:
                problems.append(
                    Problem(
                        item.where, _("Related competency %(id)s is not in the file.", id=other)
                    )
                )
    problems.extend(_cycles(data))
    return problems


def _cycles(data: FrameworkData) -> list[Problem]:
    parent = {item.idnumber: item.parent for item in data.competencies}
    problems = []
    for item in data.competencies:
        trail, node = set(), item.idnumber
        while node:
            if node in trail:
                problems.append(
                    Problem(item.where, _("Competencies would sit inside each other in a loop."))
                )
                break
            trail.add(node)
            node = parent.get(node)
    return problems


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

    Its previous version is `previous`, else the newest one with the same id number; receivers
    of `framework_version_created` (career levels) then carry their data over to it.
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
        signals.framework_version_created.send(framework, previous=framework.previous, actor=actor)
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

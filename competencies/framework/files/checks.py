"""Every rule a framework file must meet, checked whole before anything is written: each
problem names the row or JSON path it came from."""

from __future__ import annotations

import unicodedata

from flask_babel import gettext as _

from ..models import Competency, Framework, TalentTriangle
from .data import CompetencyData, FrameworkData, Problem


def check(data: FrameworkData) -> list[Problem]:
    """Every rule a framework must meet, across the whole file.

    Besides the framework's own rules, every value must fit its column (id number and version
    lengths, the scale's integer range), so a bad file is reported here, not by the database.
    """
    problems = _framework_problems(data)
    values = [level.value for level in data.levels]
    problems.extend(_scale_problems(values))
    seen: dict[str, str] = {}
    for item in data.competencies:
        problems.extend(_competency_problems(item, seen, values))
    for item in data.competencies:
        problems.extend(_reference_problems(item, seen))
    problems.extend(_cycles(data))
    return problems


ID_LENGTH = Competency.__table__.c.idnumber.type.length
FRAMEWORK_ID_LENGTH = Framework.__table__.c.idnumber.type.length
VERSION_LENGTH = Framework.__table__.c.version_label.type.length
SCALE_RANGE = (-(2**31), 2**31 - 1)  # ScaleLevel.value is a 32-bit Integer column


def _framework_problems(data: FrameworkData) -> list[Problem]:
    problems = _id_number_problems(data.idnumber, "framework", FRAMEWORK_ID_LENGTH)
    if len(data.version_label) > VERSION_LENGTH:
        problems.append(
            Problem(
                "framework",
                _(
                    "The version is %(length)d characters long; at most %(limit)d are allowed.",
                    length=len(data.version_label),
                    limit=VERSION_LENGTH,
                ),
            )
        )
    if _has_control_characters(data.version_label):
        problems.append(
            Problem(
                "framework",
                _("The version may not contain line breaks or other control characters."),
            )
        )
    if not any(data.names.values()):
        problems.append(Problem("framework", _("A name is required.")))
    return problems


def _id_number_problems(idnumber: str, where: str, limit: int) -> list[Problem]:
    if not idnumber:
        return [Problem(where, _("An id number is required."))]
    problems = []
    if len(idnumber) > limit:
        problems.append(
            Problem(
                where,
                _(
                    "The id number is %(length)d characters long; at most %(limit)d are allowed.",
                    length=len(idnumber),
                    limit=limit,
                ),
            )
        )
    if _has_control_characters(idnumber):
        problems.append(
            Problem(
                where, _("The id number may not contain line breaks or other control characters.")
            )
        )
    return problems


def _has_control_characters(text: str) -> bool:
    """Tabs, line breaks, NUL (PostgreSQL refuses it in text columns) and the like."""
    return any(unicodedata.category(char) == "Cc" for char in text)


def _scale_problems(values: list[int]) -> list[Problem]:
    if not values:
        return [Problem("scale", _("The scale needs at least one level."))]
    low, high = SCALE_RANGE
    outside = [value for value in values if not low <= value <= high]
    if outside:
        return [
            Problem(
                "scale",
                _(
                    "Scale value %(value)s is out of range; use whole numbers from %(low)s to %(high)s.",
                    value=outside[0],
                    low=low,
                    high=high,
                ),
            )
        ]
    if sorted(values) != list(range(min(values), min(values) + len(values))):
        return [Problem("scale", _("Scale values must be consecutive whole numbers."))]
    return []


def _competency_problems(
    item: CompetencyData, seen: dict[str, str], values: list[int]
) -> list[Problem]:
    """The rules of one competency; `seen` collects the id numbers met so far (id -> where)."""
    problems = _id_number_problems(item.idnumber, item.where, ID_LENGTH)
    if item.idnumber in seen:
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
    elif item.idnumber:
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
    return problems


def _reference_problems(item: CompetencyData, seen: dict[str, str]) -> list[Problem]:
    problems = []
    if item.parent and item.parent not in seen:
        problems.append(Problem(item.where, _("Parent %(id)s is not in the file.", id=item.parent)))
    listed: set[str] = set()
    for other in item.related:
        if other not in seen:
            problems.append(
                Problem(item.where, _("Related competency %(id)s is not in the file.", id=other))
            )
        elif other in listed:
            problems.append(
                Problem(
                    item.where,
                    _("Related competency %(id)s is listed more than once.", id=other),
                )
            )
        listed.add(other)
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

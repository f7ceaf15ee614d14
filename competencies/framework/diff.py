"""What changed between two versions of a framework, compared as file data (`FrameworkData`).

Competencies are matched by id number, so the comparison works across versions, files and
databases; texts are compared language by language and descriptors level by level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lms import reference
from lms.i18n import CONTENT_LANGUAGES as LANGUAGES

from .files.data import CompetencyData, FrameworkData, LevelData


@dataclass(frozen=True)
class Change:
    """One field that differs. `language` for texts, `level` for descriptors and scale levels.

    Fields: names, descriptions, descriptor, parent, related, talent_triangle, programme_only
    (competencies); added, removed, names, descriptions, proficient (scale levels).
    """

    field: str
    before: Any
    after: Any
    language: str | None = None
    level: str | None = None


@dataclass
class FrameworkDiff:
    framework: list[Change] = field(default_factory=list)
    scale: list[Change] = field(default_factory=list)
    added: list[CompetencyData] = field(default_factory=list)
    removed: list[CompetencyData] = field(default_factory=list)
    retired: list[CompetencyData] = field(default_factory=list)
    unretired: list[CompetencyData] = field(default_factory=list)
    changed: dict[str, list[Change]] = field(default_factory=dict)
    competencies: dict[str, CompetencyData] = field(default_factory=dict)  # by id number

    @property
    def is_empty(self) -> bool:
        return not (
            self.framework
            or self.scale
            or self.added
            or self.removed
            or self.retired
            or self.unretired
            or self.changed
        )


def version_changes(old_id: int, new_id: int) -> FrameworkDiff:
    """What the framework `new_id` does differently from `old_id`, worked out once per change
    of the frameworks (lms.reference): read-only."""
    from .files.exchange import framework_data
    from .queries import load_frameworks

    def load() -> FrameworkDiff:
        loaded = load_frameworks([old_id, new_id])
        return diff_versions(framework_data(loaded[old_id]), framework_data(loaded[new_id]))

    return reference.cached(("version_changes", old_id, new_id), load)


def diff_versions(old: FrameworkData, new: FrameworkData) -> FrameworkDiff:
    """Everything `new` does differently from `old`, in `new`'s reading order."""
    before = {item.idnumber: item for item in old.competencies}
    after = {item.idnumber: item for item in new.competencies}
    result = FrameworkDiff(
        framework=_texts("names", old.names, new.names)
        + _texts("descriptions", old.descriptions, new.descriptions),
        scale=_scale(old.levels, new.levels),
        added=[item for key, item in after.items() if key not in before],
        removed=[item for key, item in before.items() if key not in after],
        competencies={**before, **after},
    )
    for key, item in after.items():
        if key not in before:
            continue
        if item.is_retired and not before[key].is_retired:
            result.retired.append(item)
        elif before[key].is_retired and not item.is_retired:
            result.unretired.append(item)
        changes = competency_changes(before[key], item)
        if changes:
            result.changed[key] = changes
    return result


def competency_changes(old: CompetencyData, new: CompetencyData) -> list[Change]:
    """Field by field; retirement is reported on its own, not here."""
    changes = _texts("names", old.names, new.names) + _texts(
        "descriptions", old.descriptions, new.descriptions
    )
    for level in sorted(set(old.descriptors) | set(new.descriptors), key=_level_order):
        changes += [
            Change("descriptor", change.before, change.after, change.language, level)
            for change in _texts(
                "descriptor", old.descriptors.get(level, {}), new.descriptors.get(level, {})
            )
        ]
    for name, before, after in (
        ("parent", old.parent, new.parent),
        ("related", sorted(old.related), sorted(new.related)),
        ("talent_triangle", old.talent_triangle, new.talent_triangle),
        ("programme_only", old.is_programme_only, new.is_programme_only),
    ):
        if before != after:
            changes.append(Change(name, before, after))
    return changes


def _texts(name: str, old: dict[str, str], new: dict[str, str]) -> list[Change]:
    languages = list(LANGUAGES) + sorted((set(old) | set(new)) - set(LANGUAGES))
    return [
        Change(name, old.get(lang, ""), new.get(lang, ""), language=lang)
        for lang in languages
        if old.get(lang, "") != new.get(lang, "")
    ]


def _scale(old: list[LevelData], new: list[LevelData]) -> list[Change]:
    before = {level.value: level for level in old}
    after = {level.value: level for level in new}
    changes: list[Change] = []
    for value in sorted(set(before) | set(after)):
        level = str(value)
        if value not in before:
            changes.append(Change("added", None, after[value], level=level))
        elif value not in after:
            changes.append(Change("removed", before[value], None, level=level))
        else:
            changes += _level_changes(before[value], after[value], level)
    return changes


def _level_changes(old: LevelData, new: LevelData, level: str) -> list[Change]:
    changes = [
        Change(change.field, change.before, change.after, change.language, level)
        for change in _texts("names", old.names, new.names)
        + _texts("descriptions", old.descriptions, new.descriptions)
    ]
    if old.is_proficient != new.is_proficient:
        changes.append(Change("proficient", old.is_proficient, new.is_proficient, level=level))
    return changes


def _level_order(level: str) -> tuple[int, str]:
    return (int(level), "") if level.lstrip("-").isdigit() else (0, level)

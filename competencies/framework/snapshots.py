"""A framework as the pages that show levels read it (the profile, its forms, the dashboard's
gaps): its competencies' names and tree and its scale, as plain data kept per process
(lms.reference) — loaded once per change of any framework, not on every profile.

Plain frozen data, never ORM rows: a snapshot is shared by requests and threads. A service
that changes state loads its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import Select, bindparam, select

from lms import reference
from lms.db import Translatable, read
from lms.i18n import locale_code, localized

from .models import Competency, CompetencyTree, Framework, ScaleLevel


class _Named(Translatable):
    """The name in each language worked out once: a profile shows each competency's name
    three or four times (table, charts, gaps, forms)."""

    _names_in: dict

    @property
    def name(self) -> str:
        code = locale_code()
        found = self._names_in.get(code)
        if found is None:
            found = self._names_in[code] = localized(self.names, code)
        return found


@dataclass(frozen=True)
class CompetencySnapshot(_Named):
    id: int
    framework_id: int
    parent_id: int | None
    idnumber: str
    names: dict
    is_retired: bool
    descriptions: dict = field(default_factory=dict)  # not read from a snapshot
    _names_in: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class LevelSnapshot(Translatable):
    value: int
    names: dict
    is_proficient: bool
    descriptions: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FrameworkSnapshot(Translatable, CompetencyTree):
    id: int
    idnumber: str
    version_label: str
    names: dict
    levels: tuple[LevelSnapshot, ...]
    competencies: tuple[CompetencySnapshot, ...]
    descriptions: dict = field(default_factory=dict)


def framework_snapshot(framework_id: int) -> FrameworkSnapshot:
    """The framework with this id as plain data, from the process's copy when it is current."""
    return reference.cached(("framework_snapshot", framework_id), lambda: _load(framework_id))


def _load(framework_id: int) -> FrameworkSnapshot:
    params = {"framework_id": framework_id}
    framework = read(_framework(), params).one()
    levels = read(_levels(), params).all()
    competencies = read(_competencies(), params).all()
    return FrameworkSnapshot(
        *framework,
        levels=tuple(LevelSnapshot(*row) for row in levels),
        competencies=tuple(CompetencySnapshot(*row) for row in competencies),
    )


@cache
def _framework() -> Select:
    return select(Framework.id, Framework.idnumber, Framework.version_label, Framework.names).where(
        Framework.id == bindparam("framework_id")
    )


@cache
def _levels() -> Select:
    return (
        select(ScaleLevel.value, ScaleLevel.names, ScaleLevel.is_proficient)
        .where(ScaleLevel.framework_id == bindparam("framework_id"))
        .order_by(ScaleLevel.value)
    )


@cache
def _competencies() -> Select:
    """In the framework's order, as Framework.competencies orders them."""
    return (
        select(
            Competency.id,
            Competency.framework_id,
            Competency.parent_id,
            Competency.idnumber,
            Competency.names,
            Competency.is_retired,
        )
        .where(Competency.framework_id == bindparam("framework_id"))
        .order_by(Competency.sort_order, Competency.id)
    )

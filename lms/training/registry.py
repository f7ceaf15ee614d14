"""What training asks the competency side, which sits above it and answers at start-up
(competencies.init_app calls `provide`): the competencies a course may develop, grouped by
area, and what competencies are called. Training alone (nothing provided) offers none.

Plain data only: areas and names are shown on pages and offered in forms, never joined on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CompetencyArea:
    """An area of the framework in use and its assessed competencies, (id, name) in its
    order; names in the reader's language."""

    id: int | None
    name: str
    competencies: tuple[tuple[int, str], ...]


_areas: Callable[[], tuple[CompetencyArea, ...]] = tuple
_names: Callable[[Iterable[int]], dict[int, str]] = lambda ids: {}  # noqa: E731
_levels: Callable[[], tuple[tuple[int, str], ...]] = tuple


def provide(
    *,
    areas: Callable[[], tuple[CompetencyArea, ...]],
    names: Callable[[Iterable[int]], dict[int, str]],
    levels: Callable[[], tuple[tuple[int, str], ...]],
) -> None:
    global _areas, _names, _levels
    _areas, _names, _levels = areas, names, levels


def competency_levels() -> tuple[tuple[int, str], ...]:
    """The scale of the framework in use, (value, name), lowest first: the levels a course
    may bring a competency to."""
    return _levels()


def competency_areas() -> tuple[CompetencyArea, ...]:
    return _areas()


def competency_names(ids: Iterable[int]) -> dict[int, str]:
    """Names of these competencies (of any framework version), by id."""
    ids = sorted(set(ids))
    return _names(ids) if ids else {}


def area_of(area_id: int | None) -> CompetencyArea | None:
    return next((a for a in competency_areas() if a.id == area_id), None)

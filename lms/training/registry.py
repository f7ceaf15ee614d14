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
_in_plan: Callable[[int, int], bool] = lambda person_id, course_id: False  # noqa: E731


def provide(
    *,
    areas: Callable[[], tuple[CompetencyArea, ...]],
    names: Callable[[Iterable[int]], dict[int, str]],
    levels: Callable[[], tuple[tuple[int, str], ...]],
    in_plan: Callable[[int, int], bool],
) -> None:
    global _areas, _names, _levels, _in_plan
    _areas, _names, _levels, _in_plan = areas, names, levels, in_plan


def course_in_plan(person_id: int, course_id: int) -> bool:
    """Whether the person's approved development plan names the course (an enrolment in it
    needs no further approval)."""
    return _in_plan(person_id, course_id)


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

"""A project's states and the moves between them. Closing has its own step (it freezes the
actuals and records what the project was), so it is not a move the project form offers."""

from __future__ import annotations

from .models import ProjectStatus

S = ProjectStatus
MOVES: dict[ProjectStatus, frozenset[ProjectStatus]] = {
    S.PROPOSED: frozenset({S.RUNNING, S.CANCELLED}),
    S.RUNNING: frozenset({S.ON_HOLD, S.CANCELLED}),
    S.ON_HOLD: frozenset({S.RUNNING, S.CANCELLED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}


def may_move(current: ProjectStatus, target: ProjectStatus) -> bool:
    return target == current or target in MOVES[current]


def next_states(current: ProjectStatus) -> list[ProjectStatus]:
    """The states the form offers: the current one and where it may go."""
    return [s for s in ProjectStatus if may_move(current, s)]

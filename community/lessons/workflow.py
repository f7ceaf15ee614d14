"""A lesson's workflow: draft -> submitted -> validated (PMO) -> published, or returned with a
reason (the author edits and submits again); the PMO may take a published lesson back to
validated (unpublish). The table says from which states each transition goes and where to."""

from __future__ import annotations

from .models import LessonState as S

TRANSITIONS: dict[str, tuple[frozenset[S], S]] = {
    "submit": (frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
    "validate": (frozenset({S.SUBMITTED}), S.VALIDATED),
    "return": (frozenset({S.SUBMITTED, S.VALIDATED}), S.RETURNED),
    "publish": (frozenset({S.VALIDATED}), S.PUBLISHED),
    "unpublish": (frozenset({S.PUBLISHED}), S.VALIDATED),
}
EDITABLE = frozenset({S.DRAFT, S.RETURNED})  # the author's; the PMO edits in any state


def may(transition: str, state: S) -> bool:
    """Whether the transition goes from this state (for buttons; services re-check)."""
    return state in TRANSITIONS[transition][0]

"""A document's workflow: draft -> in review -> approved (one revision) -> published ->
retired. A save makes a new revision and takes the document back to draft, so an approval
never covers text written after it; changes asked for in review take it back to draft too.
The table says from which states each transition goes and where to."""

from __future__ import annotations

from .models import DocumentState as S

TRANSITIONS: dict[str, tuple[frozenset[S], S]] = {
    "submit": (frozenset({S.DRAFT}), S.IN_REVIEW),
    "approve": (frozenset({S.IN_REVIEW}), S.APPROVED),
    "send_back": (frozenset({S.IN_REVIEW, S.APPROVED}), S.DRAFT),
    "publish": (frozenset({S.APPROVED}), S.PUBLISHED),
    "retire": (frozenset({S.DRAFT, S.IN_REVIEW, S.APPROVED, S.PUBLISHED}), S.RETIRED),
}
EDITABLE = frozenset({S.DRAFT, S.IN_REVIEW, S.APPROVED, S.PUBLISHED})  # a save: a new draft


def may(transition: str, state: S) -> bool:
    """Whether the transition goes from this state (for buttons; services re-check)."""
    return state in TRANSITIONS[transition][0]

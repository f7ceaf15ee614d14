"""Home-page panel for HR and the PMO: the PMs nobody has placed on a career level yet (their
gaps stay unknown until someone does)."""

from __future__ import annotations

from lms.dashboard.panels import register_panel

from ..careers.permissions import can_place_on_career_level
from .queries import NO_CAREER_LEVEL, Filters, placement_counts


def _placements(user) -> dict:
    total, unplaced = placement_counts(Filters())
    return {"total": total, "unplaced": unplaced, "level": NO_CAREER_LEVEL}


def register() -> None:
    register_panel(
        "career_placements",
        "competencies/reports/panel_placements.html",
        visible=can_place_on_career_level,
        context=_placements,
        order=17,
        shared=True,
    )

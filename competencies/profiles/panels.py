"""Home-page panels: a PM's largest gaps."""

from __future__ import annotations

from lms.dashboard.panels import register_panel
from lms.permissions import Role

from .queries import build_profile, team_awaiting_assessment


def _top_gaps(user) -> dict:
    profile = build_profile(user)
    return {"profile": profile, "gaps": profile.gaps[:5]}


def register() -> None:
    register_panel(
        "top_gaps",
        "competencies/profiles/panel_gaps.html",
        roles=(Role.PM,),
        context=_top_gaps,
        order=15,
    )
    register_panel(
        "team_assessments",
        "competencies/profiles/panel_team.html",
        roles=(Role.DIRECTOR,),
        context=lambda user: {"team": team_awaiting_assessment(user)},
        order=16,
    )

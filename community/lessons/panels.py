"""The PMO's home-page panel of lessons learned: lessons awaiting validation, open and overdue
follow-up actions, and lessons applied per quarter."""

from __future__ import annotations

from lms.clock import site_today
from lms.dashboard.panels import register_panel

from . import queries
from .permissions import can_review_lessons


def lessons_figures(user) -> dict:
    today = site_today()
    quarters = queries.applied_per_quarter(4, today)
    return {
        "waiting": queries.waiting_count(),
        "follow_ups": queries.follow_up_counts(today),
        "quarters": quarters,
        "most": max([count for _label, count in quarters] + [1]),
    }


def register() -> None:
    register_panel(
        "lessons_learned",
        "community/lessons/panel.html",
        visible=can_review_lessons,
        context=lessons_figures,
        order=25,  # after the PMO's competency figures, before classes and the audit log
        shared=True,
    )

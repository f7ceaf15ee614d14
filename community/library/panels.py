"""Home-page panels of the methodology library: new and updated documents for every reader;
for the PMO, what waits in its review queue; for document owners, readers' comments to follow
up."""

from __future__ import annotations

from lms.clock import site_today
from lms.dashboard.panels import register_panel

from . import feedback, queries
from .permissions import can_read_library, can_review_documents


def register() -> None:
    register_panel(
        "library_feedback",
        "community/library/panel_feedback.html",
        visible=feedback.owns_documents,
        context=lambda user: {"comments": feedback.open_feedback_of(user)},
        order=36,  # after what is new in the library
        lazy=True,
    )
    register_panel(
        "library_updates",
        "community/library/panel_updates.html",
        visible=can_read_library,
        context=lambda user: {"versions": queries.latest_versions()},
        order=35,  # after classes, before notifications
        lazy=True,
    )
    register_panel(
        "library_review",
        "community/library/panel_review.html",
        visible=can_review_documents,
        context=lambda user: queries.review_counts(site_today()),
        order=27,  # after the lessons and the flags awaiting the PMO
        shared=True,
    )

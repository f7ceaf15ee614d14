"""The club's home-page panels: a member's new and unread topics, the questions waiting for an
answer in the competencies where they are listed as an expert, and for moderators the posts
waiting in the review queue."""

from __future__ import annotations

from lms.dashboard.panels import register_panel

from ..forum import queries as forum_queries
from ..forum.permissions import can_post_in_club, can_review_flags
from . import experts

PANEL_TOPICS = 5


def _topics(user) -> dict:
    counts = forum_queries.counts(user)
    unread = forum_queries.topics(user, "unread", 1, PANEL_TOPICS, counted=counts)
    return {"counts": counts, "unread": unread.items}


def _questions(user) -> dict:
    fields = experts.expertise_of(user.id)
    return {
        "fields": fields,
        "questions": forum_queries.waiting_questions([f.idnumber for f in fields]),
    }


def _review(user) -> dict:
    return {"count": forum_queries.review_count(user)}


def register() -> None:
    register_panel(
        "club_review",
        "community/club/panel_review.html",
        visible=can_review_flags,
        context=_review,
        order=26,  # beside the lessons awaiting validation
    )
    register_panel(
        "club_topics",
        "community/club/panel_topics.html",
        visible=can_post_in_club,
        context=_topics,
        order=40,
        lazy=True,  # its New and Unread counts are the slowest figures of a home page
    )
    register_panel(
        "club_questions",
        "community/club/panel_questions.html",
        visible=can_post_in_club,
        context=_questions,
        order=41,
        lazy=True,
    )

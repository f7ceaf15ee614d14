"""Who may do what in the forum: everyone signed in reads what is not hidden; members start
topics and reply (in an announcement category only the PMO starts topics); the PMO manages the
categories and moderates (pins, locks)."""

from __future__ import annotations

from lms.permissions import Role, has_any_role, predicate

from ..club.queries import is_member


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


@predicate
def can_manage_forum(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.PMO)


@predicate
def can_moderate_forum(user) -> bool:
    return _signed_in(user) and has_any_role(user, Role.PMO)


@predicate
def can_read_topic(user, topic) -> bool:
    return _signed_in(user) and (not topic.is_hidden or can_moderate_forum(user))


@predicate
def can_post_in_club(user) -> bool:
    return _signed_in(user) and is_member(user)


@predicate
def can_start_topic(user, category) -> bool:
    return can_post_in_club(user) and (not category.is_read_only or can_manage_forum(user))


@predicate
def can_reply_to_topic(user, topic) -> bool:
    return (
        can_post_in_club(user)
        and can_read_topic(user, topic)
        and (not topic.is_locked or can_moderate_forum(user))
    )


@predicate
def can_follow_topic(user, topic) -> bool:
    """Choose how closely to follow a topic (watching, tracking, normal, muted)."""
    return can_read_topic(user, topic)

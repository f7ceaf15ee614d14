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


@predicate
def can_edit_post(user, post) -> bool:
    """Authors edit their own posts (not in a closed topic); moderators edit any."""
    if can_moderate_forum(user):
        return True
    return (
        can_post_in_club(user)
        and post.author_id == user.id
        and not post.is_hidden
        and not post.topic.is_locked
        and not post.topic.is_hidden
    )


@predicate
def can_like_post(user, post) -> bool:
    """Members like others' posts they can see (one like per person and post)."""
    return (
        can_post_in_club(user)
        and post.author_id != user.id
        and not post.is_hidden
        and can_read_topic(user, post.topic)
    )


@predicate
def can_accept_answer(user, topic) -> bool:
    """The asker (or a moderator) marks the reply that solved a question."""
    return (
        topic.is_question
        and can_read_topic(user, topic)
        and ((can_post_in_club(user) and user.id == topic.author_id) or can_moderate_forum(user))
    )


@predicate
def can_keep_draft(user) -> bool:
    return can_post_in_club(user)

"""Who may do what in the forum: everyone signed in reads what is not hidden; members start
topics and reply (in an announcement category only the PMO starts topics); the PMO manages the
categories and moderates everywhere; a category's own moderators (chosen by the PMO) moderate
topics and posts in that category."""

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
def can_moderate_category(user, category) -> bool:
    """Hide, show, pin, lock, edit, move, merge and delete in the category, and review its
    flags: the PMO, or one of the moderators the PMO chose for it."""
    if not _signed_in(user):
        return False
    from .queries import moderator_ids  # the read side asks the database, once a request

    return can_moderate_forum(user) or user.id in moderator_ids().get(category.id, ())


@predicate
def can_review_flags(user) -> bool:
    """The review queue: the PMO and anyone moderating at least one category."""
    from .queries import moderated_category_ids  # the read side asks the database

    return can_moderate_forum(user) or bool(_signed_in(user) and moderated_category_ids(user))


@predicate
def can_read_topic(user, topic) -> bool:
    return _signed_in(user) and (not topic.is_hidden or can_moderate_category(user, topic.category))


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
        and (not topic.is_locked or can_moderate_category(user, topic.category))
    )


@predicate
def can_follow_category(user, category) -> bool:
    """Choose how closely to follow a whole category (a member's choice)."""
    return can_post_in_club(user)


@predicate
def can_follow_topic(user, topic) -> bool:
    """Choose how closely to follow a topic (watching, tracking, normal, muted)."""
    return can_read_topic(user, topic)


@predicate
def can_edit_post(user, post) -> bool:
    """Authors edit their own posts (not in a closed topic); moderators edit any (not deleted)."""
    if post.is_deleted:
        return False
    if can_moderate_category(user, post.topic.category):
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
    return _others_shown_post(user, post)


@predicate
def can_accept_answer(user, topic) -> bool:
    """The asker (or a moderator) marks the reply that solved a question."""
    return (
        topic.is_question
        and can_read_topic(user, topic)
        and (
            (can_post_in_club(user) and user.id == topic.author_id)
            or can_moderate_category(user, topic.category)
        )
    )


@predicate
def can_keep_draft(user) -> bool:
    return can_post_in_club(user)


@predicate
def can_flag_post(user, post) -> bool:
    """Members flag others' posts they can read, for a moderator to review."""
    return _others_shown_post(user, post)


def _others_shown_post(user, post) -> bool:
    """A member, before a post by someone else that is shown and in a topic they may read."""
    return (
        can_post_in_club(user)
        and post.author_id != user.id
        and not post.is_hidden
        and not post.is_deleted
        and can_read_topic(user, post.topic)
    )


@predicate
def can_delete_post(user, post) -> bool:
    """A moderator deletes any post; an author their own, but not a topic's first post once
    others have replied (that would take their replies with it)."""
    if post.is_deleted:
        return False
    if can_moderate_category(user, post.topic.category):
        return True
    return (
        can_post_in_club(user)
        and post.author_id == user.id
        and not post.topic.is_locked
        and not post.topic.is_hidden
        and (post.number > 1 or post.topic.post_count == 1)
    )


@predicate
def can_move_topic(user, topic, category=None) -> bool:
    """Moving a topic: a moderator of the category it is in and (when given) of the one it
    goes to."""
    return can_moderate_category(user, topic.category) and (
        category is None or can_moderate_category(user, category)
    )


@predicate
def can_attach_file(user) -> bool:
    """Attach a file or an image to a post being written (a club member)."""
    return can_post_in_club(user)

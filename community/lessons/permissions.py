"""Who may do what with lessons learned: members log lessons; published lessons are read by
everyone who reads the club, the others only by their author and the PMO; the author edits a
draft or returned lesson and submits it; the PMO validates, returns, publishes, edits and
links a lesson to the methodology; follow-ups are added by the author or the PMO and updated
by them or the action's owner."""

from __future__ import annotations

from lms.permissions import Role, has_any_role, predicate

from ..club.permissions import can_see_club
from ..forum.permissions import can_post_in_club
from .models import LessonState
from .workflow import EDITABLE


def _is_author(user, lesson) -> bool:
    return lesson.author_id is not None and lesson.author_id == getattr(user, "id", None)


@predicate
def can_review_lessons(user) -> bool:
    return getattr(user, "is_authenticated", False) and has_any_role(user, Role.PMO)


@predicate
def can_log_lesson(user) -> bool:
    return can_post_in_club(user)


@predicate
def can_read_lesson(user, lesson) -> bool:
    if not can_see_club(user):
        return False
    return (
        lesson.state == LessonState.PUBLISHED
        or _is_author(user, lesson)
        or can_review_lessons(user)
    )


@predicate
def can_edit_lesson(user, lesson) -> bool:
    if can_review_lessons(user):
        return True
    return can_post_in_club(user) and _is_author(user, lesson) and lesson.state in EDITABLE


@predicate
def can_submit_lesson(user, lesson) -> bool:
    return can_post_in_club(user) and _is_author(user, lesson) and lesson.state in EDITABLE


@predicate
def can_add_follow_up(user, lesson) -> bool:
    return can_read_lesson(user, lesson) and (_is_author(user, lesson) or can_review_lessons(user))


@predicate
def can_update_follow_up(user, follow_up) -> bool:
    return can_read_lesson(user, follow_up.lesson) and (
        follow_up.owner_id == getattr(user, "id", None)
        or _is_author(user, follow_up.lesson)
        or can_review_lessons(user)
    )

"""Who may do what in the methodology library: everyone signed in reads published (and
retired) documents; a document never published is read only by the PMO, its owner and the
member who wrote it; the PMO writes, reviews and publishes (an owner edits theirs and sends
it for review); any club member suggests a new document or a change, and reads their own
suggestions; the PMO decides on them."""

from __future__ import annotations

from lms.permissions import Role, has_any_role, predicate

from ..forum.permissions import can_post_in_club
from .models import DocumentState
from .workflow import EDITABLE


def _is(user, user_id) -> bool:
    return user_id is not None and user_id == getattr(user, "id", None)


@predicate
def can_manage_library(user) -> bool:
    return getattr(user, "is_authenticated", False) and has_any_role(user, Role.PMO)


@predicate
def can_read_library(user) -> bool:
    return getattr(user, "is_authenticated", False)


@predicate
def can_read_document(user, document) -> bool:
    if not can_read_library(user):
        return False
    return document.is_published or can_read_drafts_of(user, document)


@predicate
def can_read_drafts_of(user, document) -> bool:
    """The document's revisions not (yet) published: its history, diffs, the draft."""
    return can_manage_library(user) or _is(user, document.owner_id) or _is(user, document.author_id)


@predicate
def can_edit_document(user, document) -> bool:
    if document.state not in EDITABLE:
        return False
    return can_manage_library(user) or _is(user, document.owner_id)


@predicate
def can_submit_document(user, document) -> bool:
    return document.state == DocumentState.DRAFT and can_edit_document(user, document)


@predicate
def can_review_documents(user) -> bool:
    """Approve, send back, publish, retire and decide on suggestions: the PMO."""
    return can_manage_library(user)


@predicate
def can_suggest_document(user) -> bool:
    return can_post_in_club(user)


@predicate
def can_read_suggestion(user, suggestion) -> bool:
    return can_manage_library(user) or _is(user, suggestion.author_id)


@predicate
def can_comment_on_suggestion(user, suggestion) -> bool:
    return can_read_suggestion(user, suggestion)

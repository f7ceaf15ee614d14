"""Who may read (and so mark) a notification."""

from __future__ import annotations

from ..permissions import predicate


@predicate
def can_read_notification(user, note) -> bool:
    """A notification is its addressee's alone: nobody else reads, opens or marks it."""
    return getattr(user, "id", None) is not None and note.user_id == user.id

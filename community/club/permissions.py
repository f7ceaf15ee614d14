"""Who may join, leave and read the club. Everyone signed in reads it (what other projects
learned should reach everyone); members post."""

from __future__ import annotations

from lms.permissions import predicate


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


@predicate
def can_see_club(user) -> bool:
    return _signed_in(user)


@predicate
def can_join_club(user) -> bool:
    from .queries import is_member

    return _signed_in(user) and not is_member(user)


@predicate
def can_leave_club(user) -> bool:
    from .queries import is_member

    return _signed_in(user) and is_member(user)

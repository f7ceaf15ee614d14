"""Who manages the tag set: the PMO (everyone signed in reads tags wherever they are shown)."""

from __future__ import annotations

from lms.permissions import Role, has_any_role, predicate


@predicate
def can_manage_tags(user) -> bool:
    return getattr(user, "is_authenticated", False) and has_any_role(user, Role.PMO)

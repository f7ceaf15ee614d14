"""Who may read the audit log."""

from __future__ import annotations

from ..permissions import Role, has_any_role, predicate


@predicate
def can_view_audit_log(user) -> bool:
    """The PMO answers for the programme's records and administrators for the site; the log
    names people and what was done to their records, so nobody else reads it."""
    return has_any_role(user, Role.PMO, Role.ADMIN)

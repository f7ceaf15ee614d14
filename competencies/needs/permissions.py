"""Who sees the training-needs analysis and schedules from it: the PMO, who runs training."""

from __future__ import annotations

from lms.permissions import Role, has_any_role, predicate


@predicate
def can_analyse_training_needs(user) -> bool:
    return getattr(user, "is_authenticated", False) and has_any_role(user, Role.PMO)

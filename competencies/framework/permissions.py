"""Who may read and manage competency frameworks."""

from __future__ import annotations

from lms.permissions import Role, has_any_role, predicate

from .models import Framework, FrameworkState


@predicate
def can_manage_frameworks(user) -> bool:
    """The PMO owns the framework (PRODUCT.md); administrators may step in."""
    return has_any_role(user, Role.PMO, Role.ADMIN)


@predicate
def can_view_framework(user, framework: Framework) -> bool:
    """Everyone reads what they are assessed against; drafts and archives stay with the PMO."""
    return framework.state is FrameworkState.PUBLISHED or can_manage_frameworks(user)

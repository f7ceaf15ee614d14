"""Read side for frameworks: the list a person may see, one framework with its tree."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, func, select

from lms.extensions import db

from .exchange import load_framework
from .models import Competency, Framework, FrameworkState
from .permissions import can_manage_frameworks, can_view_framework


def frameworks_visible_to(user) -> Select:
    """Frameworks with their competency count, newest first; drafts only for the PMO."""
    count = (
        select(func.count(Competency.id))
        .where(Competency.framework_id == Framework.id)
        .correlate(Framework)
        .scalar_subquery()
    )
    query = select(Framework, count.label("size")).order_by(Framework.idnumber, Framework.id.desc())
    if not can_manage_frameworks(user):
        query = query.where(Framework.state == FrameworkState.PUBLISHED)
    return query


def newest_published():
    """The framework people are assessed against unless their career level names another:
    the newest published one (a subquery, so callers can embed it or scalar() it)."""
    return (
        select(Framework.id)
        .where(Framework.state == FrameworkState.PUBLISHED)
        .order_by(Framework.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def get_framework_or_404(framework_id: int, user) -> Framework:
    framework = db.session.get(Framework, framework_id)
    if framework is None or not can_view_framework(user, framework):
        abort(404)
    return load_framework(framework_id)


def tree(framework: Framework) -> list[tuple[Competency, int]]:
    """Competencies in reading order with their depth (parents before children)."""
    children: dict[int | None, list[Competency]] = {}
    for competency in framework.competencies:
        children.setdefault(competency.parent_id, []).append(competency)
    ordered: list[tuple[Competency, int]] = []
    stack = [(c, 0) for c in reversed(children.get(None, []))]
    while stack:
        node, depth = stack.pop()
        ordered.append((node, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(node.id, [])))
    return ordered

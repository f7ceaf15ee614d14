"""Read side for frameworks: the list a person may see, one framework with its tree."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from lms.extensions import db

from .exchange import load_framework
from .models import Competency, Framework, FrameworkState
from .permissions import can_manage_frameworks, can_view_framework


def frameworks_visible_to(user) -> Select:
    """Frameworks with their competency count and whether people are assessed against it,
    newest first; drafts only for the PMO."""
    count = (
        select(func.count(Competency.id))
        .where(Competency.framework_id == Framework.id)
        .correlate(Framework)
        .scalar_subquery()
    )
    in_use = (Framework.id == framework_in_use()).label("in_use")
    query = select(Framework, count.label("size"), in_use).order_by(
        Framework.idnumber, Framework.id.desc()
    )
    if not can_manage_frameworks(user):
        query = query.where(Framework.state == FrameworkState.PUBLISHED)
    return query


def framework_in_use():
    """The framework people are assessed against unless their career level names another: the
    published version of the framework that has been on the site longest (PMO-CORE unless it
    was archived). Publishing a second, imported framework does not move everyone onto it.

    A scalar subquery, so callers can embed it or scalar() it."""
    family = aliased(Framework)
    first_seen = (
        select(func.min(family.id))
        .where(family.idnumber == Framework.idnumber)
        .correlate(Framework)
        .scalar_subquery()
    )
    return (
        select(Framework.id)
        .where(Framework.state == FrameworkState.PUBLISHED)
        .order_by(first_seen, Framework.id.desc())
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

"""Membership questions: is someone a member, and the member directory."""

from __future__ import annotations

from typing import NamedTuple

from flask import g
from sqlalchemy import and_, exists, func, or_, select

from lms.accounts.models import Department, User, UserRole
from lms.extensions import db
from lms.permissions import Role
from lms.web.pagination import page_of

from .models import Membership

DEFAULT_ROLES = (Role.PM, Role.DIRECTOR, Role.PMO)  # members unless they leave


class Member(NamedTuple):
    id: int
    name: str
    email: str
    department: str | None


def is_member(user) -> bool:
    """A recorded choice, else whether their roles make them a member by default (asked once
    per request and person)."""
    if not getattr(user, "is_authenticated", False):
        return False
    known = g.setdefault("club_members", {})
    if user.id not in known:
        choice = db.session.scalar(
            select(Membership.is_member).where(Membership.user_id == user.id)
        )
        known[user.id] = user.has_role(*DEFAULT_ROLES) if choice is None else choice
    return known[user.id]


def forget(user) -> None:
    """After a join or leave: the next question reads the new answer."""
    g.get("club_members", {}).pop(user.id, None)


def members_condition():
    """A condition on User: active and in the club."""
    by_role = exists().where(
        UserRole.user_id == User.id, UserRole.role.in_([str(r) for r in DEFAULT_ROLES])
    )
    choice = select(Membership.is_member).where(Membership.user_id == User.id).scalar_subquery()
    return and_(
        User.is_active,
        or_(choice.is_(True), and_(choice.is_(None), by_role)),
    )


def members(page: int, per_page: int, text: str = ""):
    """The member directory: name, department and e-mail, by name."""
    query = (
        select(User.id, User.name, User.email, Department.name.label("department"))
        .outerjoin(Department, Department.id == User.department_id)
        .where(members_condition())
        .order_by(User.name, User.id)
    )
    if text:
        query = query.where(User.name.contains(text, autoescape=True))
    return page_of(query, page, per_page, rows=lambda rows: [Member(*row) for row in rows])


def member_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(members_condition()))

"""Membership questions: is someone a member, and the member directory."""

from __future__ import annotations

from typing import NamedTuple

from flask import abort, current_app, g
from sqlalchemy import and_, exists, func, or_, select

from competencies.careers.models import CareerAssignment, CareerLevel
from lms.accounts.models import Department, User, UserRole
from lms.db import read
from lms.extensions import db
from lms.kept import kept
from lms.permissions import Role
from lms.web.pagination import CountedPage, last_page_for

from .models import Membership

DEFAULT_ROLES = (Role.PM, Role.DIRECTOR, Role.PMO)  # members unless they leave


class Member(NamedTuple):
    id: int
    name: str
    email: str
    department: str | None
    career_level: dict | None = None  # the level's names (the directory's rows)


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
    """After a join or leave: the next question reads the new answer, and this process counts
    the members afresh."""
    g.get("club_members", {}).pop(user.id, None)
    current_app.extensions.get("kept_figures", {}).pop("club.member_count", None)


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


def members(page: int, per_page: int, text: str = "") -> CountedPage:
    """The member directory by name (department beside each): the page's rows walk the name
    index; the total is counted from the roles and the few recorded choices."""
    query = (
        select(
            User.id,
            User.name,
            User.email,
            Department.name.label("department"),
            CareerLevel.names,
        )
        .outerjoin(Department, Department.id == User.department_id)
        .outerjoin(CareerAssignment, CareerAssignment.user_id == User.id)
        .outerjoin(CareerLevel, CareerLevel.id == CareerAssignment.current_level_id)
        .where(members_condition())
        .order_by(User.name, User.id)
    )
    if text:
        query = query.where(User.name.icontains(text, autoescape=True))
        total = db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(members_condition(), User.name.icontains(text, autoescape=True))
        )
    else:  # an organisation-wide figure, kept a minute per process like the home page's
        total = kept(
            "club.member_count", current_app.config["DASHBOARD_FIGURES_SECONDS"], member_count
        )
    page = last_page_for(max(page, 1), total, per_page)
    rows = read(query.limit(per_page).offset((page - 1) * per_page))
    return CountedPage([Member(*row) for row in rows], total, page, per_page)


def member_count() -> int:
    """Active people of a member's role, less those who left, plus others who joined."""
    by_role = exists().where(
        UserRole.user_id == User.id, UserRole.role.in_([str(r) for r in DEFAULT_ROLES])
    )
    default = (
        select(func.count(func.distinct(UserRole.user_id)))
        .join(User, User.id == UserRole.user_id)
        .where(UserRole.role.in_([str(r) for r in DEFAULT_ROLES]), User.is_active)
        .scalar_subquery()
    )
    chosen = (
        select(
            func.count().filter(Membership.is_member.is_(False), by_role),
            func.count().filter(Membership.is_member.is_(True), ~by_role),
        )
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .where(User.is_active)
        .add_columns(default)
    )
    left, joined, by_default = read(chosen).one()
    return by_default - left + joined


def suggestions(text: str, first_ids: list[int], limit: int = 8) -> list[Member]:
    """Members whose name or handle starts with `text` (any word of the name), for @mention
    autocomplete: the people in `first_ids` (a topic's participants) first, then others by
    name (each read walking the name index: two statements whatever the number of people)."""
    text = text.strip().lower()
    if text:
        matching = or_(
            func.lower(User.email).startswith(text, autoescape=True),
            func.lower(User.name).startswith(text, autoescape=True),
            func.lower(User.name).contains(" " + text, autoescape=True),
        )
    else:
        matching = User.id.in_(first_ids or [0])
    query = (
        select(User.id, User.name, User.email, Department.name)
        .outerjoin(Department, Department.id == User.department_id)
        .where(members_condition(), matching)
        .order_by(User.name, User.id)
        .limit(limit)
    )
    first = [Member(*row) for row in read(query.where(User.id.in_(first_ids or [0])))]
    seen = {member.id for member in first}
    others = (
        [Member(*row) for row in read(query.where(User.id.not_in(seen or [0])))] if text else []
    )
    return (first + others)[:limit]


class Profile(NamedTuple):
    id: int
    name: str
    email: str
    job_title: str | None
    department: str | None
    career_level: dict | None  # the level's names, both languages


def profile_or_404(user_id: int) -> Profile:
    """A member's club profile (someone not in the club has none)."""
    row = read(
        select(
            User.id,
            User.name,
            User.email,
            User.job_title,
            Department.name,
            CareerLevel.names,
        )
        .outerjoin(Department, Department.id == User.department_id)
        .outerjoin(CareerAssignment, CareerAssignment.user_id == User.id)
        .outerjoin(CareerLevel, CareerLevel.id == CareerAssignment.current_level_id)
        .where(User.id == user_id, members_condition())
    ).first()
    if row is None:
        abort(404)
    return Profile(*row)

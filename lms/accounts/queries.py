"""Read side for people and departments: scoped, eager-loading selects."""

from __future__ import annotations

from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..permissions import Role
from .models import Department, User, UserRole


def get_user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id, options=[joinedload(User.department)])
    if user is None:
        abort(404)
    return user


def get_department_or_404(department_id: int) -> Department:
    department = db.session.get(
        Department,
        department_id,
        options=[joinedload(Department.director), joinedload(Department.parent)],
    )
    if department is None:
        abort(404)
    return department


def find_department(department_id: int | None) -> Department | None:
    """The department chosen in a form (None for "none" or one deleted meanwhile)."""
    return db.session.get(Department, department_id) if department_id else None


def people_query(
    *, search: str = "", department_id: int | None = None, role: str = "", status: str = "active"
) -> Select:
    query = (
        select(User)
        .options(joinedload(User.department), selectinload(User.role_rows))
        .order_by(User.name, User.id)
    )
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(User.name).like(pattern),
                User.email.like(pattern),
                func.lower(User.job_title).like(pattern),
            )
        )
    if department_id:
        query = query.where(User.department_id == department_id)
    if role in {str(r) for r in Role}:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if status == "active":
        query = query.where(User.is_active.is_(True))
    elif status == "inactive":
        query = query.where(User.is_active.is_(False))
    return query


def departments_query(search: str = "") -> Select:
    query = (
        select(Department)
        .options(joinedload(Department.director), joinedload(Department.parent))
        .order_by(Department.name)
    )
    if search:
        query = query.where(func.lower(Department.name).like(f"%{search.strip().lower()}%"))
    return query


def headcounts(department_ids: list[int]) -> dict[int, int]:
    """Active people per department, for one page of departments, in one grouped query."""
    query = (
        select(User.department_id, func.count(User.id))
        .where(User.department_id.in_(department_ids), User.is_active.is_(True))
        .group_by(User.department_id)
    )
    return dict(db.session.execute(query).all())


def department_choices() -> list[tuple[int, str]]:
    return list(db.session.execute(_department_choices()))


@cache
def _department_choices() -> Select:
    return select(Department.id, Department.name).order_by(Department.name)


def counts() -> dict[str, int]:
    """Head counts for the administrator's dashboard, in one round trip, from indexes alone: the
    active and deactivated from the name index, those without a password from their own."""
    without_password = (
        select(func.count())
        .select_from(User)
        .where(User.password_hash.is_(None))
        .correlate(None)  # its own count, not one per row of the outer select
        .scalar_subquery()
    )
    row = db.session.execute(
        select(
            func.count().filter(User.is_active.is_(True)),
            func.count().filter(User.is_active.is_(False)),
            select(func.count()).select_from(Department).scalar_subquery(),
            without_password,
        ).select_from(User)
    ).one()
    return dict(zip(("active", "inactive", "departments", "without_password"), row, strict=True))


def department_subtree_ids(department_ids: list[int]) -> set[int]:
    """The departments given and every department below them, in one recursive query."""
    if not department_ids:
        return set()
    return set(db.session.scalars(_subtree(), {"department_ids": list(department_ids)}))


@cache
def _subtree() -> Select:
    """Built once (a recursive query costs more to build than SQLite takes to run it)."""
    tree = (
        select(Department.id)
        .where(Department.id.in_(bindparam("department_ids", expanding=True)))
        .cte(recursive=True)
    )
    tree = tree.union(select(Department.id).where(Department.parent_id == tree.c.id))
    return select(tree.c.id)


def director_chain_ids(department_id: int | None) -> set[int]:
    """Directors of a department and of every department above it (the person's director chain)."""
    if department_id is None:
        return set()
    found = db.session.scalars(_director_chain(), {"department_id": department_id})
    return {d for d in found if d is not None}


@cache
def _director_chain() -> Select:
    chain = (
        select(Department.id, Department.parent_id, Department.director_id)
        .where(Department.id == bindparam("department_id"))
        .cte(recursive=True)
    )
    parent = db.aliased(Department)
    chain = chain.union(
        select(parent.id, parent.parent_id, parent.director_id).where(
            parent.id == chain.c.parent_id
        )
    )
    return select(chain.c.director_id)

"""Read side for people and departments: scoped, eager-loading selects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from .. import reference
from ..db import read
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


def departments_query(search: str = "") -> tuple[Select, dict]:
    """Departments by name with their director and parent, those whose name holds `search`
    if given: a statement built once and its parameters (paginate)."""
    if not search.strip():
        return _departments_page(False), {}
    return _departments_page(True), {"pattern": f"%{search.strip().lower()}%"}


@cache
def _departments_page(searched: bool) -> Select:
    query = (
        select(Department)
        .options(joinedload(Department.director), joinedload(Department.parent))
        .order_by(Department.name)
    )
    if searched:
        query = query.where(func.lower(Department.name).like(bindparam("pattern")))
    return query


def headcounts(department_ids: list[int]) -> dict[int, int]:
    """Active people per department, for one page of departments, in one grouped query."""
    return dict(read(_headcounts(), {"ids": list(department_ids)}).all())


@cache
def _headcounts() -> Select:
    return (
        select(User.department_id, func.count(User.id))
        .where(User.department_id.in_(bindparam("ids", expanding=True)), User.is_active.is_(True))
        .group_by(User.department_id)
    )


@dataclass(frozen=True)
class DepartmentTree:
    """Every department as plain data: the org chart that permissions and reports walk, kept
    per process (lms.reference) and loaded again after any department changes."""

    by_name: tuple[tuple[int, str], ...]  # (id, name) in the database's name order
    parent: dict[int, int | None]
    director: dict[int, int | None]
    children: dict[int, tuple[int, ...]]

    def subtree(self, department_ids: Iterable[int]) -> set[int]:
        """The departments given (those that exist) and every department below them."""
        found: set[int] = set()
        stack = [d for d in department_ids if d in self.parent]
        while stack:
            department = stack.pop()
            if department not in found:
                found.add(department)
                stack.extend(self.children.get(department, ()))
        return found

    def directed_by(self, user_id: int) -> set[int]:
        """The departments this person directs and every department below them."""
        return self.subtree(d for d, director in self.director.items() if director == user_id)

    def director_chain(self, department_id: int | None) -> set[int]:
        """Directors of the department and of every department above it."""
        found: set[int] = set()
        seen: set[int] = set()
        while department_id is not None and department_id not in seen:
            seen.add(department_id)
            if (director := self.director.get(department_id)) is not None:
                found.add(director)
            department_id = self.parent.get(department_id)
        return found


def department_tree() -> DepartmentTree:
    return reference.cached(("departments",), _load_tree)


def _load_tree() -> DepartmentTree:
    rows = read(_departments()).all()
    children: dict[int, list[int]] = {}
    for id_, _name, parent_id, _director in rows:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(id_)
    return DepartmentTree(
        by_name=tuple((id_, name) for id_, name, _p, _d in rows),
        parent={id_: parent_id for id_, _n, parent_id, _d in rows},
        director={id_: director for id_, _n, _p, director in rows},
        children={key: tuple(value) for key, value in children.items()},
    )


@cache
def _departments() -> Select:
    return select(
        Department.id, Department.name, Department.parent_id, Department.director_id
    ).order_by(Department.name)


def department_choices() -> list[tuple[int, str]]:
    return list(department_tree().by_name)


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
    """The departments given and every department below them."""
    return department_tree().subtree(department_ids)


def director_chain_ids(department_id: int | None) -> set[int]:
    """Directors of a department and of every department above it (the person's director chain)."""
    return department_tree().director_chain(department_id)


def active_people_with_role(role: Role) -> list[User]:
    """Everyone active who holds `role` (e.g. the PMO, told of what waits for it)."""
    holders = select(UserRole.user_id).where(UserRole.role == str(role))
    return list(
        db.session.scalars(select(User).where(User.id.in_(holders), User.is_active.is_(True)))
    )

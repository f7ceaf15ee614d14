"""Import people and departments from a CSV: validate every row first (import_checks.py), then
write in one go.

Columns (header names match ignoring case, spaces, hyphens and underscores: "E-mail",
"Job title"): email, name, department, job_title, roles, director_email, and optionally
parent_department. The file is the source of truth for the
columns it has: re-importing the same file changes nothing.
"""

from __future__ import annotations

from sqlalchemy import insert

from .. import signals
from ..audit.services import record
from ..db import serialize_on
from ..extensions import db
from ..notifications.services import notify
from ..permissions import SYSTEM, Role, ensure
from .import_checks import ImportResult, PersonRow, validate
from .models import Department, User, UserRole
from .permissions import can_edit_people
from .services import hash_password


def _create_departments(rows, departments, result) -> set[str]:
    """Add the departments the site does not have yet; returns their (lower-case) names."""
    created = set()
    for row in rows:
        key = row.department.lower()
        if row.department and key not in departments:
            departments[key] = Department(name=row.department)
            db.session.add(departments[key])
            created.add(key)
    result.departments_created = len(created)
    return created


def _link_departments(rows, departments, new: set[str], users, result) -> None:
    """Set each department's director and parent as the file says (new ones only count as created)."""
    changed: set[str] = set()
    for row in rows:
        department = departments.get(row.department.lower())
        if department is None:
            continue
        parent = (
            departments[row.parent_department.lower()]
            if row.parent_department
            else department.parent
        )
        director = users[row.director_email] if row.director_email else department.director
        if department.parent is not parent or department.director is not director:
            department.parent, department.director = parent, director
            if department.name.lower() not in new:
                changed.add(department.name)
    result.departments_updated = len(changed)


def _roles_for(row: PersonRow, directors: set[str]) -> set[Role]:
    return set(row.roles) | ({Role.DIRECTOR} if row.email in directors else set())


def _insert_new_people(
    rows, departments, directors, password_hash, result, actor
) -> dict[str, User]:
    """One multi-row INSERT for the people and one for their roles, however many rows; each
    new person is announced (user_created) as a person added one by one would be."""
    if not rows:
        return {}
    values = [
        {
            "email": row.email,
            "name": row.name,
            "job_title": row.job_title,
            "department_id": departments[row.department.lower()].id if row.department else None,
            "password_hash": password_hash,
            "must_change_password": True,
        }
        for row in rows
    ]
    # RETURNING order is not guaranteed in batches; e-mails are unique, so match on them.
    created = {
        user.email: user for user in db.session.scalars(insert(User).returning(User), values)
    }
    roles = [
        {"user_id": created[row.email].id, "role": str(role)}
        for row in rows
        for role in sorted(_roles_for(row, directors))
    ]
    if roles:
        db.session.execute(insert(UserRole), roles)
    result.created = len(created)
    for user in created.values():
        signals.user_created.send(user, actor=actor)
    return created


def _update_person(row: PersonRow, user: User, departments, directors, result) -> None:
    department = departments.get(row.department.lower()) if row.department else None
    roles = _roles_for(row, directors) | (user.roles & {Role.ADMIN})
    wanted = {"name": row.name, "job_title": row.job_title, "department": department}
    if all(getattr(user, key) == value for key, value in wanted.items()) and user.roles == roles:
        result.unchanged += 1
        return
    for key, value in wanted.items():
        setattr(user, key, value)
    if user.roles != roles:
        user.role_rows = [r for r in user.role_rows if Role(r.role) in roles] + [
            UserRole(role=str(role)) for role in sorted(roles - user.roles)
        ]
    result.updated += 1


def import_people(raw: bytes, *, actor: User, initial_password: str | None = None) -> ImportResult:
    """Validate the whole file; if any row is bad return the errors and write nothing.

    Concurrent imports take turns (advisory lock), so two admins importing at once cannot
    create the same person twice.
    """
    ensure(can_edit_people(actor))
    serialize_on(db.session, "people-import")
    rows, result, (users, departments) = validate(raw)
    if result.errors:
        return result
    password_hash = hash_password(initial_password) if initial_password else None
    new_departments = _create_departments(rows, departments, result)
    db.session.flush()
    directors = {row.director_email for row in rows if row.director_email}
    for row in rows:
        if row.email in users:
            _update_person(row, users[row.email], departments, directors, result)
    new_rows = [row for row in rows if row.email not in users]
    users.update(_insert_new_people(new_rows, departments, directors, password_hash, result, actor))
    _link_departments(rows, departments, new_departments, users, result)
    db.session.flush()
    if result.changed:
        record(
            actor,
            "people.imported",
            changes={
                "created": result.created,
                "updated": result.updated,
                "departments_created": result.departments_created,
                "departments_updated": result.departments_updated,
                "rows": result.rows,
            },
        )
        if actor is not SYSTEM:  # a command has nobody to tell
            notify(actor, "account.people_imported", created=result.created, updated=result.updated)
        signals.people_imported.send(result, actor=actor)
    return result

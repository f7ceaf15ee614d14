"""Import people and departments from a CSV: validate every row first, then write in one go.

Columns (header names are case-insensitive): email, name, department, job_title, roles,
director_email, and optionally parent_department. The file is the source of truth for the
columns it has: re-importing the same file changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload, selectinload

from ..audit.services import record
from ..db import serialize_on
from ..errors import ServiceError
from ..extensions import db
from ..notifications.services import notify
from ..permissions import Role
from ..web.csvfile import read_rows
from ..web.validators import is_email
from .models import Department, User, UserRole
from .services import hash_password, normalise_email

REQUIRED_COLUMNS = ("email", "name")
KNOWN_COLUMNS = (
    "email",
    "name",
    "department",
    "job_title",
    "roles",
    "director_email",
    "parent_department",
)
IMPORTABLE_ROLES = {role for role in Role if role is not Role.ADMIN}
MAX_LENGTH = {"name": 120, "job_title": 120, "department": 120, "parent_department": 120}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class PersonRow:
    row: int
    email: str
    name: str
    job_title: str
    department: str
    roles: set[Role]
    director_email: str
    parent_department: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    departments_created: int = 0
    departments_updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.created or self.updated or self.departments_created or self.departments_updated
        )


def _parse_roles(value: str) -> tuple[set[Role], list[str]]:
    roles, unknown = set(), []
    for name in filter(None, re.split(r"[;,|\s]+", value.lower())):
        try:
            role = Role(name)
        except ValueError:
            unknown.append(name)
            continue
        (roles.add(role) if role in IMPORTABLE_ROLES else unknown.append(name))
    return roles, unknown


def _check_row(number: int, values: dict[str, str], errors: list[RowError]) -> PersonRow:
    def error(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    email = normalise_email(values.get("email", ""))
    if not is_email(email):
        error(
            "email", _("“%(value)s” is not a valid e-mail address.", value=values.get("email", ""))
        )
    if not values.get("name"):
        error("name", _("A name is required."))
    for column, limit in MAX_LENGTH.items():
        if len(values.get(column, "")) > limit:
            error(column, _("At most %(count)d characters.", count=limit))
    roles, unknown = _parse_roles(values.get("roles", ""))
    if unknown:
        allowed = ", ".join(sorted(IMPORTABLE_ROLES))
        error(
            "roles",
            _("Unknown role “%(role)s”; use %(allowed)s.", role=unknown[0], allowed=allowed),
        )
    director_email = normalise_email(values.get("director_email", ""))
    if director_email and not is_email(director_email):
        error(
            "director_email", _("“%(value)s” is not a valid e-mail address.", value=director_email)
        )
    if (director_email or values.get("parent_department")) and not values.get("department"):
        error("department", _("A department is required when a director or parent is given."))
    return PersonRow(
        number,
        email,
        values.get("name", ""),
        values.get("job_title", ""),
        values.get("department", ""),
        roles,
        director_email,
        values.get("parent_department", ""),
    )


def _check_file(
    rows: list[PersonRow],
    errors: list[RowError],
    known_emails: set[str],
    known_departments: dict[str, Department],
) -> None:
    """Rules across rows: unique e-mails, one director and parent per department, no cycles."""
    seen: dict[str, int] = {}
    director_of: dict[str, tuple[str, int]] = {}
    parent_of: dict[str, tuple[str, int]] = {}
    for row in rows:
        if row.email in seen:
            errors.append(
                RowError(row.row, "email", _("Same e-mail as row %(row)d.", row=seen[row.email]))
            )
        seen.setdefault(row.email, row.row)
        for column, value, chosen in (
            ("director_email", row.director_email, director_of),
            ("parent_department", row.parent_department, parent_of),
        ):
            if not value:
                continue
            key = row.department.lower()
            if key in chosen and chosen[key][0] != value.lower():
                errors.append(
                    RowError(
                        row.row,
                        column,
                        _(
                            "Row %(row)d gives department “%(department)s” a different value.",
                            row=chosen[key][1],
                            department=row.department,
                        ),
                    )
                )
            chosen.setdefault(key, (value.lower(), row.row))
    file_departments = {row.department.lower() for row in rows if row.department}
    for row in rows:
        if (
            is_email(row.director_email)
            and row.director_email not in seen
            and row.director_email not in known_emails
        ):
            errors.append(
                RowError(
                    row.row,
                    "director_email",
                    _(
                        "No person with e-mail %(email)s in this file or on the site.",
                        email=row.director_email,
                    ),
                )
            )
        parent = row.parent_department.lower()
        if parent and parent not in file_departments and parent not in known_departments:
            errors.append(
                RowError(
                    row.row,
                    "parent_department",
                    _(
                        "No department named “%(name)s” in this file or on the site.",
                        name=row.parent_department,
                    ),
                )
            )
    for department, (parent, number) in parent_of.items():
        trail, node = {department}, parent
        while node:
            if node in trail:
                errors.append(
                    RowError(
                        number,
                        "parent_department",
                        _("Departments would sit inside each other in a loop."),
                    )
                )
                break
            trail.add(node)
            node = parent_of.get(node, ("", 0))[0] or _known_parent(known_departments, node)


def _known_parent(known: dict[str, Department], name: str) -> str:
    department = known.get(name)
    return department.parent.name.lower() if department and department.parent else ""


Existing = tuple[dict[str, User], dict[str, Department]]


def _existing(rows: list[PersonRow]) -> Existing:
    emails = {row.email for row in rows} | {
        row.director_email for row in rows if row.director_email
    }
    users: dict[str, User] = {}
    chunk = sorted(emails)
    for start in range(0, len(chunk), 900):
        query = (
            select(User)
            .options(selectinload(User.role_rows))
            .where(User.email.in_(chunk[start : start + 900]))
        )
        users.update({user.email: user for user in db.session.scalars(query)})
    query = select(Department).options(
        joinedload(Department.parent), joinedload(Department.director)
    )
    departments = {d.name.lower(): d for d in db.session.scalars(query)}
    return users, departments


def validate(raw: bytes) -> tuple[list[PersonRow], ImportResult, Existing]:
    """Parse and check every row; nothing is written. Also returns what already exists."""
    header, records = read_rows(raw)
    result = ImportResult(rows=len(records))
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        result.errors.append(
            RowError(
                1,
                missing[0],
                _(
                    "Missing column “%(column)s”. Columns: %(columns)s.",
                    column=missing[0],
                    columns=", ".join(KNOWN_COLUMNS),
                ),
            )
        )
        return [], result, ({}, {})
    if not records:
        raise ServiceError(_("The file has a header but no people."))
    rows = [_check_row(number, values, result.errors) for number, values in records]
    users, departments = _existing(rows)
    _check_file(rows, result.errors, set(users), departments)
    result.errors.sort(
        key=lambda e: (e.row, KNOWN_COLUMNS.index(e.column) if e.column in KNOWN_COLUMNS else 99)
    )
    return rows, result, (users, departments)


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


def _insert_new_people(rows, departments, directors, password_hash, result) -> dict[str, User]:
    """One multi-row INSERT for the people and one for their roles, however many rows."""
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


def import_people(
    raw: bytes, *, actor: User | None, initial_password: str | None = None
) -> ImportResult:
    """Validate the whole file; if any row is bad return the errors and write nothing.

    Concurrent imports take turns (advisory lock), so two admins importing at once cannot
    create the same person twice.
    """
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
    users.update(_insert_new_people(new_rows, departments, directors, password_hash, result))
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
        if actor is not None:
            notify(actor, "account.people_imported", created=result.created, updated=result.updated)
    return result

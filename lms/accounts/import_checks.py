"""Checking a people CSV before anything is written: every row, every column, and the file as a
whole (duplicates, directors, department loops). Errors name the row and the column.

What the CSV reader refuses (rows with too few or too many fields, broken quotes, control
characters: lms.web.csvfile) is listed first and alone: the columns of such a file cannot be
trusted, so checking its rows' content would only add noise."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..errors import ServiceError
from ..extensions import db
from ..permissions import Role
from ..web.csvfile import header_key, match_key, read_table
from ..web.validators import is_email
from .models import Department, User
from .services import normalise_email

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
COLUMN_NAMES = {match_key(column): column for column in KNOWN_COLUMNS} | {"mail": "email"}


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


def _columns(names: list[str]) -> list[str]:
    """Known columns however they are spelt ("E-mail", "Job title", "Director e-mail")."""
    return [COLUMN_NAMES.get(match_key(name), header_key(name)) for name in names]


def validate(raw: bytes) -> tuple[list[PersonRow], ImportResult, Existing]:
    """Parse and check every row; nothing is written. Also returns what already exists."""
    table = read_table(raw, columns=_columns)
    header, records = table.header, table.rows
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
    if table.problems:
        result.errors = [RowError(p.row, p.column, p.message) for p in table.problems]
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

"""State changes for people and departments: each re-checks its rule, audits, flushes, never commits."""

from __future__ import annotations

import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import signals
from ..audit.services import diff, record
from ..errors import ServiceError
from ..extensions import db
from ..notifications.services import notify
from ..permissions import SYSTEM, Role, ensure
from .models import Department, User, UserRole
from .permissions import can_assign_roles, can_edit_people, can_manage_accounts

MIN_PASSWORD_LENGTH = 10
PERSON_FIELDS = ("email", "name", "job_title", "department_id")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password_strength(password: str, *, field: str = "new_password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            _("Use at least %(count)d characters.", count=MIN_PASSWORD_LENGTH), field=field
        )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _snapshot(user: User) -> dict:
    return {field: getattr(user, field) for field in PERSON_FIELDS}


def _check_unique_email(email: str, user: User | None = None) -> None:
    other = find_user_by_email(email)
    if other is not None and other is not user:
        raise ServiceError(_("Someone already uses this e-mail address."), field="email")


def create_person(
    *,
    actor: User,
    email: str,
    name: str,
    job_title: str = "",
    department_id: int | None = None,
    roles: set[Role] = frozenset(),
    password: str | None = None,
) -> User:
    """Add a person (HR, administrators; roles only from an administrator); without a password
    they cannot log in until an administrator issues one. Raises ServiceError."""
    ensure(can_edit_people(actor))
    if roles:
        ensure(can_assign_roles(actor))
    email = normalise_email(email)
    _check_unique_email(email)
    user = User(
        email=email,
        name=name.strip(),
        job_title=job_title.strip(),
        department_id=department_id,
        password_hash=hash_password(password) if password else None,
        # a password someone else chose is changed at the first log-in; a command's is the
        # administrator's own (create-admin)
        must_change_password=password is not None and actor is not SYSTEM,
        role_rows=[UserRole(role=str(role)) for role in sorted(roles)],
    )
    db.session.add(user)
    db.session.flush()
    record(actor, "person.created", user, changes=diff({}, _snapshot(user)))
    signals.user_created.send(user, actor=actor)
    return user


def update_person(user: User, *, actor: User, **fields) -> User:
    """Change e-mail, name, job title or department; audits what changed."""
    ensure(can_edit_people(actor))
    before = _snapshot(user)
    if "email" in fields:
        fields["email"] = normalise_email(fields["email"])
        _check_unique_email(fields["email"], user)
    for field, value in fields.items():
        if field not in PERSON_FIELDS:
            raise ValueError(field)
        setattr(user, field, value.strip() if isinstance(value, str) else value)
    changes = diff(before, _snapshot(user))
    if changes:
        db.session.flush()
        record(actor, "person.updated", user, changes=changes)
    return user


def set_roles(user: User, roles: set[Role], *, actor: User) -> bool:
    """Give `user` exactly `roles`. An administrator cannot drop their own admin role."""
    ensure(can_assign_roles(actor))
    roles = set(roles)
    if user.id == actor.id and Role.ADMIN in user.roles and Role.ADMIN not in roles:
        raise ServiceError(_("You cannot remove your own administrator role."), field="roles")
    before = user.roles
    if before == roles:
        return False
    user.role_rows = [row for row in user.role_rows if Role(row.role) in roles] + [
        UserRole(role=str(role)) for role in sorted(roles - before)
    ]
    db.session.flush()
    record(actor, "person.roles_changed", user, changes={"roles": [sorted(before), sorted(roles)]})
    labels = ", ".join(Role(role).label for role in sorted(roles)) or "-"
    notify(user, "account.roles_changed", roles=labels)
    return True


def deactivate_person(user: User, *, actor: User) -> None:
    """Stop someone logging in while keeping their history; one cannot lock oneself out."""
    ensure(can_manage_accounts(actor))
    if user.id == actor.id:
        raise ServiceError(_("You cannot deactivate your own account."))
    if not user.is_active:
        return
    user.is_active = False
    user.session_version += 1
    db.session.flush()
    record(actor, "person.deactivated", user)
    signals.user_deactivated.send(user, actor=actor)


def reactivate_person(user: User, *, actor: User) -> None:
    ensure(can_manage_accounts(actor))
    if user.is_active:
        return
    user.is_active = True
    db.session.flush()
    record(actor, "person.reactivated", user)


def reset_password(user: User, *, actor: User) -> str:
    """Issue a temporary password that must be changed at the next login; returns it once."""
    ensure(can_manage_accounts(actor))
    temporary = secrets.token_urlsafe(9)
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.session_version += 1
    db.session.flush()
    record(actor, "person.password_reset", user)
    notify(user, "account.password_reset")
    return temporary


def change_password(user: User, *, current: str, new: str) -> None:
    """The person sets a new password; other sessions of theirs are logged out."""
    if user.password_hash is None or not check_password_hash(user.password_hash, current):
        raise ServiceError(_("That is not your current password."), field="current_password")
    check_password_strength(new)
    if check_password_hash(user.password_hash, new):
        raise ServiceError(
            _("Choose a password different from the current one."), field="new_password"
        )
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.session_version += 1
    db.session.flush()
    record(user, "person.password_changed", user)


def set_locale(user: User, locale: str | None) -> None:
    user.locale = locale or None
    db.session.flush()


def _check_department_name(name: str, department: Department | None = None) -> None:
    other = db.session.scalar(select(Department).where(func.lower(Department.name) == name.lower()))
    if other is not None and other is not department:
        raise ServiceError(_("A department with this name already exists."), field="name")


def _check_parent(department: Department | None, parent: Department | None) -> None:
    node = parent
    while node is not None:
        if node is department:
            raise ServiceError(_("A department cannot sit inside itself."), field="parent_id")
        node = node.parent


def _department_snapshot(department: Department) -> dict:
    return {
        "name": department.name,
        "director_id": department.director_id,
        "parent_id": department.parent_id,
    }


def create_department(
    *, actor: User, name: str, director: User | None = None, parent: Department | None = None
) -> Department:
    """HR and administrators keep the departments. Raises ServiceError."""
    ensure(can_edit_people(actor))
    name = name.strip()
    _check_department_name(name)
    department = Department(name=name, director=director, parent=parent)
    db.session.add(department)
    db.session.flush()
    record(
        actor, "department.created", department, changes=diff({}, _department_snapshot(department))
    )
    return department


def update_department(
    department: Department,
    *,
    actor: User,
    name: str,
    director: User | None,
    parent: Department | None,
) -> Department:
    ensure(can_edit_people(actor))
    name = name.strip()
    _check_department_name(name, department)
    _check_parent(department, parent)
    before = _department_snapshot(department)
    department.name, department.director, department.parent = name, director, parent
    db.session.flush()
    changes = diff(before, _department_snapshot(department))
    if changes:
        record(actor, "department.updated", department, changes=changes)
    return department


def delete_department(department: Department, *, actor: User) -> None:
    """Only an empty department may go: people and sub-departments must move first."""
    ensure(can_edit_people(actor))
    has_people = db.session.scalar(select(func.count()).where(User.department_id == department.id))
    has_children = db.session.scalar(
        select(func.count()).where(Department.parent_id == department.id)
    )
    if has_people or has_children:
        raise ServiceError(_("Move its people and sub-departments elsewhere first."))
    record(actor, "department.deleted", department, label=department.name)
    db.session.delete(department)
    db.session.flush()

"""Write audit entries; every service that changes something worth tracing calls `record`."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from ..extensions import db
from ..i18n import N_
from .models import AuditEntry

ACTIONS: dict[str, str] = {}


def register_action(action: str, label: str) -> None:
    ACTIONS[action] = label


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    return gettext(label) if label else action


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {
        key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)
    }


def record(
    actor, action: str, obj=None, *, changes: dict | None = None, label: str = ""
) -> AuditEntry:
    """Add an audit entry in the caller's transaction (it lands with the change or not at all)."""
    if action not in ACTIONS:
        raise KeyError(f"unregistered audit action {action!r}")
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        object_label=label
        or (str(getattr(obj, "name", "") or getattr(obj, "email", "")) if obj else ""),
        changes=changes or {},
    )
    db.session.add(entry)
    return entry


for _action, _label in {
    "person.created": N_("Person created"),
    "person.updated": N_("Person updated"),
    "person.roles_changed": N_("Roles changed"),
    "person.deactivated": N_("Person deactivated"),
    "person.reactivated": N_("Person reactivated"),
    "person.password_reset": N_("Password reset by an administrator"),
    "person.password_changed": N_("Password changed"),
    "department.created": N_("Department created"),
    "department.updated": N_("Department updated"),
    "department.deleted": N_("Department deleted"),
    "people.imported": N_("People imported from CSV"),
}.items():
    register_action(_action, _label)

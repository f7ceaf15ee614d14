"""Roles and the one permission layer: role gates for views, predicates for objects.

An object the user may not see answers 404 (its existence is not revealed); one they may see but
not change answers 403. Templates call the same predicates through the `can` helper.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user


class Role(enum.StrEnum):
    PM = "pm"
    DIRECTOR = "director"
    HR = "hr"
    PMO = "pmo"
    TRAINER = "trainer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.PM: _l("Project manager"),
    Role.DIRECTOR: _l("Department director"),
    Role.HR: _l("HR"),
    Role.PMO: _l("PMO"),
    Role.TRAINER: _l("Trainer"),
    Role.ADMIN: _l("Administrator"),
}


class SystemActor:
    """The site itself acting: commands, seeders, imports run from the shell, workers.

    Services take an `actor` and re-check their predicate for it; a command passes SYSTEM, which
    holds every role but is nobody (no id, so it never counts as the person acted upon, and
    audit entries name no person). There is no way to reach it from a request.
    """

    id = None
    email = ""
    name = "PMO Academy"
    locale = None
    is_authenticated = True
    is_active = True
    is_anonymous = False
    roles = frozenset(Role)

    def has_role(self, *roles: Role) -> bool:
        return True

    def __repr__(self) -> str:
        return "<SYSTEM>"


SYSTEM = SystemActor()

# Predicates take (user, obj=None) and answer a plain bool; registered by name for templates.
_PREDICATES: dict[str, Callable[..., bool]] = {}


def predicate(func: Callable[..., bool]) -> Callable[..., bool]:
    """Register a `can_<verb>_<noun>` predicate so templates can ask `can('verb_noun', obj)`."""
    _PREDICATES[func.__name__.removeprefix("can_")] = func
    return func


def can(action: str, obj: Any = None) -> bool:
    if not current_user.is_authenticated:
        return False
    return (
        _PREDICATES[action](current_user, obj)
        if obj is not None
        else _PREDICATES[action](current_user)
    )


def has_any_role(user: Any, *roles: Role) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*roles)


def role_required(*roles: Role) -> Callable:
    """Only people holding one of `roles` may call the view; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                from .extensions import login_manager

                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # read by the route x role test
        return wrapped

    return decorator


def require(allowed: bool, *, hide: bool = False) -> None:
    """Abort unless `allowed`: 404 when the object must stay hidden, 403 otherwise."""
    if not allowed:
        abort(404 if hide else 403)

"""Roles and the one permission layer: one named predicate per question, asked by views
(`require`), templates (`can`) and services (`ensure`).

An object the user may not see answers 404 (its existence is not revealed); one they may see but
not change answers 403. Templates call the same predicates through the `can` helper.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user

from .i18n import N_, translate


class Role(enum.StrEnum):
    PM = "pm"
    DIRECTOR = "director"
    HR = "hr"
    PMO = "pmo"
    TRAINER = "trainer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return translate(ROLE_LABELS[self])


ROLE_LABELS = {  # message ids; Role.label translates them
    Role.PM: N_("Project manager"),
    Role.DIRECTOR: N_("Department director"),
    Role.HR: N_("HR"),
    Role.PMO: N_("PMO"),
    Role.TRAINER: N_("Trainer"),
    Role.ADMIN: N_("Administrator"),
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
    """Register a `can_<verb>_<noun>` predicate so templates can ask `can('verb_noun', obj)`.

    One question, one predicate: a second predicate of the same name is refused when the module
    defining it is imported (at start-up), not silently put in place of the first."""
    name = func.__name__.removeprefix("can_")
    if not func.__name__.startswith("can_"):
        raise ValueError(f"predicate {func.__qualname__} must be named can_<verb>_<noun>")
    known = _PREDICATES.get(name)
    if known is not None and known.__qualname__ + known.__module__ != (
        func.__qualname__ + func.__module__
    ):
        raise ValueError(
            f"predicate {name!r} is defined twice: {known.__module__} and {func.__module__}"
        )
    _PREDICATES[name] = func
    return func


def predicate_names() -> frozenset[str]:
    """The names templates may ask `can(...)` about (the template test checks each use)."""
    return frozenset(_PREDICATES)


def can(action: str, obj: Any = None) -> bool:
    """A template's question: may the signed-in person do `action` (to `obj`)?"""
    user = current_user._get_current_object()  # the proxy costs on each attribute a rule reads
    if not user.is_authenticated:
        return False
    return _PREDICATES[action](user, obj) if obj is not None else _PREDICATES[action](user)


def has_any_role(user: Any, *roles: Role) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*roles)


def require(allowed: bool, *, hide: bool = False) -> None:
    """Views: abort unless `allowed`: 404 when the object must stay hidden, 403 otherwise."""
    if not allowed:
        abort(404 if hide else 403)


def ensure(allowed: bool, message: str | None = None) -> None:
    """Services, first thing: raise PermissionDenied unless the actor's predicate allowed it."""
    if not allowed:
        from flask_babel import gettext

        from .errors import PermissionDenied

        raise PermissionDenied(message or gettext("You may not do this."))

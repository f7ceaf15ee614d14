"""The catalogue of notification kinds; each package registers the kinds it sends.

Messages are stored as a kind and parameters and rendered when read, in the reader's language.
"""

from __future__ import annotations

from flask_babel import gettext

from ..i18n import N_

KINDS: dict[str, str] = {}


def register_kind(kind: str, message: str) -> None:
    KINDS[kind] = message


def render_message(kind: str, params: dict) -> str:
    message = KINDS.get(kind)
    if message is None:
        return kind
    return gettext(message, **params)


register_kind("account.welcome", N_("Welcome to %(site)s, %(name)s."))
register_kind("account.password_reset", N_("An administrator reset your password."))
register_kind("account.roles_changed", N_("Your roles are now: %(roles)s."))
register_kind(
    "account.people_imported",
    N_("People import finished: %(created)s created, %(updated)s updated."),
)

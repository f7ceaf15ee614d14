"""The catalogue of notification kinds; each package registers the kinds it sends.

Messages are stored as a kind and parameters and rendered when read, in the reader's language.
A parameter may be translatable data ({"en": ..., "zh_CN": ...}, e.g. a competency's name): it is
shown in the reader's language too.
"""

from __future__ import annotations

from flask_babel import gettext

from ..i18n import N_, localized

KINDS: dict[str, str] = {}


def register_kind(kind: str, message: str) -> None:
    KINDS[kind] = message


def render_message(kind: str, params: dict) -> str:
    message = KINDS.get(kind)
    if message is None:
        return kind
    shown = {key: localized(v) if isinstance(v, dict) else v for key, v in params.items()}
    return gettext(message, **shown)


register_kind("account.welcome", N_("Welcome to %(site)s, %(name)s."))
register_kind("account.password_reset", N_("An administrator reset your password."))
register_kind("account.roles_changed", N_("Your roles are now: %(roles)s."))
register_kind(
    "account.people_imported",
    N_("People import finished: %(created)s created, %(updated)s updated."),
)

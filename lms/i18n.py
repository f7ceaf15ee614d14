"""Language and time-zone choice per request, and a marker for strings translated later."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from .config import LANGUAGES

# Languages translatable content (names, descriptions of frameworks, courses, documents) is
# kept in: {"en": ..., "zh_CN": ...}, the same codes as the site's languages.
CONTENT_LANGUAGES: tuple[str, ...] = tuple(LANGUAGES)


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it yet (stored, rendered per reader)."""
    return message


def select_locale() -> str:
    """The person's chosen language, else the browser's preference, else English."""
    languages = list(current_app.config["LANGUAGES"])
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if request:
        best = request.accept_languages.best_match([code.replace("_", "-") for code in languages])
        if best:
            return best.replace("-", "_")
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["SITE_TIMEZONE"]


def localized(texts: dict[str, str] | None, locale: str | None = None) -> str:
    """Pick the reader's language from translatable data ({"en": ..., "zh_CN": ...}).

    Falls back to English, then to any language present, so a half-translated import still reads.
    """
    if not texts:
        return ""
    if locale is None:
        from flask_babel import get_locale

        current = get_locale()
        locale = (
            f"{current.language}_{current.territory}"
            if current and current.territory
            else (current.language if current else "en")
        )
    return (
        texts.get(locale)
        or texts.get(locale.split("_")[0])
        or texts.get("en")
        or next(iter(texts.values()), "")
    )

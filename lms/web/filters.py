"""Template helpers: locale-aware dates and numbers, the permission check, the role list."""

from __future__ import annotations

from flask import Flask, g, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user

from ..i18n import install_template_gettext
from ..permissions import Role, can


def url_with(_endpoint: str | None = None, **changes) -> str:
    """The current page's URL with some query arguments changed (filters, page number).

    A page shown again by a form's POST (422) names the page it is (`_endpoint`): its links must
    lead to that page, not to the POST's URL."""
    args = request.args.to_dict()
    args.update({key: value for key, value in changes.items() if value is not None})
    for key in [k for k, v in changes.items() if v is None]:
        args.pop(key, None)
    return url_for(_endpoint or request.endpoint, **(request.view_args or {}), **args)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    install_template_gettext(app)
    app.jinja_env.globals["url_with"] = url_with  # visible inside imported macros too
    app.jinja_env.filters.update(
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        number=lambda value: format_decimal(value) if value is not None else "",
    )

    @app.context_processor
    def inject() -> dict:
        return {
            "can": can,
            "Role": Role,
            "url_with": url_with,
            "current_locale": _locale_code(),
            "unread_notifications": _unread_count,
        }


def _locale_code() -> str:
    """The catalogue code in use ("en", "zh_CN"); Babel itself would say "zh_Hans_CN"."""
    locale = get_locale()
    if locale is None:
        return "en"
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def _unread_count() -> int:
    from ..notifications.services import unread_count

    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(current_user)
    return g.unread_notifications

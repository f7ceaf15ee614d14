"""Template helpers: locale-aware dates and numbers, the permission check, the role list."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from urllib.parse import quote

from babel import Locale
from babel.dates import DateTimePattern, get_datetime_format, parse_pattern
from flask import Flask, g, request, url_for
from flask_login import current_user

from ..clock import site_timezone
from ..i18n import current_locale, format_number, install_template_gettext, locale_code, localized
from ..permissions import Role, can
from . import form_html, html_params
from .pagination import pagination_html


def url_with(_endpoint: str | None = None, **changes) -> str:
    """The current page's URL with some query arguments changed (filters, page number).

    A page shown again by a form's POST (422) names the page it is (`_endpoint`): its links must
    lead to that page, not to the POST's URL."""
    args = request.args.to_dict()
    args.update({key: value for key, value in changes.items() if value is not None})
    for key in [k for k, v in changes.items() if v is None]:
        args.pop(key, None)
    return url_for(_endpoint or request.endpoint, **(request.view_args or {}), **args)


# Stands in for the varying id in url_for_each: an int route converter accepts it, and no
# other part of a site URL holds it.
_STAND_IN = 2_147_480_017


def url_for_each(endpoint: str, varying: str, _slug: bool = False, **values):
    """A function from one id to the URL of `endpoint` (the other `values` fixed), for a table
    that links every row: url_for once, then one string join per row (url_for per link was a
    tenth of such a page). `varying` is a route argument or a query argument of whole numbers,
    or with `_slug` of web names (quoted as url_for would)."""
    return _each(
        lambda stand_in: url_for(endpoint, **values, **{varying: stand_in}),
        endpoint,
        _quoted if _slug else int,
    )


def url_with_each(varying: str, _endpoint: str | None = None, **changes):
    """url_for_each for url_with: the current page's URL with `varying` (a whole number, a page
    number) changing, built once."""
    return _each(lambda stand_in: url_with(_endpoint, **changes, **{varying: stand_in}), varying)


def _quoted(value) -> str:
    return quote(str(value), safe="")


def _each(build, name: str, convert=int):
    url = build(_STAND_IN)
    head, stand_in, tail = url.partition(str(_STAND_IN))
    if not stand_in or str(_STAND_IN) in tail:
        raise ValueError(f"{name}: the varying argument must appear once in its URL")
    return lambda value: f"{head}{convert(value)}{tail}"


NAMED_FORMATS = ("full", "long", "medium", "short")


@lru_cache(maxsize=256)
def _patterns(locale: Locale, fmt: str) -> tuple[DateTimePattern, DateTimePattern, str]:
    """(date pattern, time pattern, how a date and a time combine) of a locale, parsed once:
    Babel would look them up and parse them again for every date a page shows."""
    if fmt not in NAMED_FORMATS:
        return parse_pattern(fmt), parse_pattern(fmt), "{1}"
    combined = get_datetime_format(fmt, locale=locale).replace("'", "")
    return (
        parse_pattern(locale.date_formats[fmt]),
        parse_pattern(locale.time_formats[fmt]),
        combined,
    )


def format_day(value: date | datetime | str | None, fmt: str = "medium") -> str:
    """A calendar date in the reader's language (a datetime, an instant stored in UTC, counts
    as its day in the site's time zone; a string is an ISO date, as frozen JSON content keeps
    it)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):  # stored UTC; SQLite's driver hands it back naive
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        value = aware.astimezone(site_timezone()).date()
    return _day(value, fmt, locale_code())


@lru_cache(maxsize=4096)
def _day(value: date, fmt: str, code: str) -> str:
    """A page shows the same few days many times (a history, evidence, each level's date);
    keyed by the language's code (comparing Babel locales costs more than formatting)."""
    locale = current_locale()
    return _patterns(locale, fmt)[0].apply(value, locale)


def format_moment(value: datetime | None, fmt: str = "medium") -> str:
    """An instant in the site's time zone and the reader's language."""
    if not value:
        return ""
    if value.tzinfo is None:  # stored UTC that the driver handed back naive (SQLite)
        value = value.replace(tzinfo=UTC)
    return _moment(value, fmt, locale_code(), site_timezone())


@lru_cache(maxsize=4096)
def _moment(value: datetime, fmt: str, code: str, zone) -> str:
    """A page shows the same instants more than once (a decision in its table and in the
    timeline, entries of one minute); keyed by the language's code and the time zone."""
    value, locale = value.astimezone(zone), current_locale()
    day, time_of_day, combined = _patterns(locale, fmt)
    if fmt not in NAMED_FORMATS:
        return day.apply(value, locale)
    return combined.replace("{0}", time_of_day.apply(value, locale)).replace(
        "{1}", day.apply(value, locale)
    )


def format_clock(value: datetime | None, fmt: str = "short") -> str:
    """The time of day of an instant, in the site's time zone and the reader's language (a
    session's end beside its start)."""
    if not value:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return _clock(value, fmt, locale_code(), site_timezone())


@lru_cache(maxsize=4096)
def _clock(value: datetime, fmt: str, code: str, zone) -> str:
    locale = current_locale()
    return _patterns(locale, fmt)[1].apply(value.astimezone(zone), locale)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    install_template_gettext(app)
    html_params.install()
    app.jinja_env.globals["url_with"] = url_with  # visible inside imported macros too
    app.jinja_env.globals["url_for_each"] = url_for_each
    app.jinja_env.globals["url_with_each"] = url_with_each
    app.jinja_env.globals["pagination_html"] = pagination_html
    app.jinja_env.globals.update(field=form_html.field, action_button=form_html.action_button)
    app.jinja_env.filters.update(
        datetime=format_moment,
        date=format_day,
        clock=format_clock,
        localized=localized,
        number=lambda value: format_number(value) if value is not None else "",
    )

    @app.context_processor
    def inject() -> dict:
        return {
            "can": can,
            "Role": Role,
            "url_with": url_with,
            "current_locale": locale_code(),
            "unread_notifications": _unread_count,
        }


def _unread_count() -> int:
    from ..notifications.services import unread_count

    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(current_user)
    return g.unread_notifications

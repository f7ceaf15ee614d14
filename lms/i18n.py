"""Language and time-zone choice per request, and a marker for strings translated later."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from flask import current_app, request
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

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
        locale = locale_code()
    return (
        texts.get(locale)
        or texts.get(locale.split("_")[0])
        or texts.get("en")
        or next(iter(texts.values()), "")
    )


def current_locale():
    """The Babel locale in force, read directly where Flask-Babel keeps it once it has looked
    (dates and numbers ask for every value they format)."""
    app_ctx = _cv_app.get(None)
    state = getattr(app_ctx.g, "_flask_babel", None) if app_ctx is not None else None
    return getattr(state, "babel_locale", None) or get_locale()


def locale_code() -> str:
    """The catalogue code of the reader's language ("en", "zh_CN"; Babel itself would say
    "zh_Hans_CN"). Asked for every name a page shows, so the locale in force (Flask-Babel keeps
    it in g._flask_babel, swapped by force_locale) is read directly when it is known, and its
    code is kept beside it."""
    app_ctx = _cv_app.get(None)
    state = getattr(app_ctx.g, "_flask_babel", None) if app_ctx is not None else None
    current = getattr(state, "babel_locale", None) or get_locale()
    if current is None:
        return "en"
    cached = getattr(state, "locale_code", None)
    if cached is not None and cached[0] is current:
        return cached[1]
    code = f"{current.language}_{current.territory}" if current.territory else current.language
    if state is not None:
        state.locale_code = (current, code)
    return code


def _translations():
    """The reader's catalogue, looked up once per locale in force rather than on every string.

    Flask-Babel finds the context, the domain and the locale again for each `_()` in a template
    (tens of microseconds, a hundred or more strings a page). Its context keeps the locale object
    in force; `force_locale` (e-mails in the recipient's language) swaps that object, so a
    catalogue cached beside the very object it was found for is never the wrong language.
    """
    app_ctx = _cv_app.get(None)
    ctx = getattr(app_ctx.g, "_flask_babel", None) if app_ctx is not None else None
    if ctx is None:  # Flask-Babel keeps its state in g._flask_babel once it has looked
        return get_translations()
    cached = getattr(ctx, "fast_translations", None)
    locale = getattr(ctx, "babel_locale", None)
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    ctx.fast_translations = (ctx.babel_locale, translations)
    return translations


def translate(message: str) -> str:
    """gettext for a constant message (marked with N_ where it is written) through the reader's
    catalogue looked up once (`_translations`): for labels shown many times a page."""
    return _translations().ugettext(message)


def gettext(string: str, **variables) -> str:
    """Flask-Babel's gettext, through the catalogue looked up once per locale in force."""
    text = _translations().ugettext(string)
    return text % variables if variables else text


def lazy_gettext(string: str, **variables) -> LazyString:
    """Flask-Babel's lazy_gettext (form labels, choices written at import time), translated
    when shown through `gettext` above: a form renders tens of them."""
    return LazyString(gettext, string, **variables)


def translate_markup(message: str, **values) -> Markup:
    """`message` (marked with N_ where it is written) in the reader's language as HTML, its
    values escaped: as Jinja's `_()` formats a sentence, for HTML built in Python."""
    return Markup(_translations().ugettext(message)) % values


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's ngettext (`num` among the variables), through the catalogue found once."""
    variables.setdefault("num", num)
    return _translations().ungettext(singular, plural, _plural_count(num)) % variables


# (catalogue, autoescape, msgid) -> what `_()` gives for a string without variables: the same
# every time, so it is worked out once per catalogue.
_PLAIN: dict[tuple, str] = {}


def _format(text: str, autoescape: bool, variables: dict) -> str:
    """As Jinja's newstyle gettext: always a format string; variables escaped in HTML."""
    return (Markup(text) if autoescape else text) % variables


@pass_context
def _gettext(__context, __string: str, **variables) -> str:
    translations = _translations()
    autoescape = __context.eval_ctx.autoescape
    if variables:
        return _format(translations.ugettext(__string), autoescape, variables)
    key = (translations, autoescape, __string)
    if key not in _PLAIN:
        _PLAIN[key] = _format(translations.ugettext(__string), autoescape, {})
    return _PLAIN[key]


def _plural_count(num) -> int:
    """gettext picks a plural form by an integer. A whole number counts as itself; a fraction
    ("2.5 days") takes the form for many, as it does in English (Chinese has one form)."""
    if isinstance(num, int):
        return num
    return int(num) if float(num).is_integer() else 2


@pass_context
def _ngettext(__context, __singular: str, __plural: str, __num: int, **variables) -> str:
    variables.setdefault("num", __num)
    text = _translations().ungettext(__singular, __plural, _plural_count(__num))
    return _format(text, __context.eval_ctx.autoescape, variables)


def install_template_gettext(app) -> None:
    """Templates translate through `_translations`, with Jinja's newstyle semantics (every
    string a format string, variables escaped): installed after Flask-Babel's own callables."""
    app.jinja_env.globals.update(gettext=_gettext, _=_gettext, ngettext=_ngettext)


@lru_cache(maxsize=16)
def _separators(code: str) -> tuple[str, str]:
    from babel import Locale

    symbols = Locale.parse(code).number_symbols
    symbols = symbols.get("latn", symbols)
    return symbols.get("group", ","), symbols.get("decimal", ".")


def format_number(value, places: int = 3, *, fixed: bool = False, grouping: bool = True) -> str:
    """A number in the reader's locale: up to `places` decimals (exactly, when `fixed`), with
    thousands separators unless `grouping` is off. What Babel's format_decimal does for the
    patterns the pages use ("#,##0.###", "#,##0.#", "0.00"), at a tenth of its cost: a
    project page shows a hundred figures."""
    if isinstance(value, float | str):  # as Babel does: the shortest decimal, half even
        value = Decimal(str(value))  # str: numpy floats repr as "np.float64(...)"
    elif not isinstance(value, int | Decimal):  # numpy integers, fractions: as Babel would
        value = Decimal(str(value))
    text = format(value, f"{',' if grouping else ''}.{places}f")
    if not fixed and places:
        text = text.rstrip("0").rstrip(".")
    if text == "-0" or (fixed and text.startswith("-") and not text.strip("-0.")):
        text = text[1:]
    group, decimal = _separators(locale_code())
    if (group, decimal) != (",", "."):
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return text

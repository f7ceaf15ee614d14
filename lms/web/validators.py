"""Small value checks shared by forms and importers."""

import re

from flask_babel import gettext as _

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

# Control characters (C0, DEL, C1: Unicode category Cc) and lone surrogates (Cs). PostgreSQL
# refuses NUL in text, spreadsheet files cannot hold most of C0, and a surrogate on its own is
# not a character at all (it cannot even be written as UTF-8). A text of several lines may hold
# tabs and line breaks; a one-line text holds none.
ONE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
MULTILINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
LINE_BREAKS_AND_TABS = "\t\n\r"


def is_email(value: str) -> bool:
    return bool(EMAIL_RE.match(value or "")) and len(value) <= 254


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character no stored text may hold, or None when the text is clean."""
    found = (MULTILINE_FORBIDDEN if multiline else ONE_LINE_FORBIDDEN).search(text)
    return found[0] if found else None


def forbidden_character_message(char: str) -> str:
    """Why `char` (from `forbidden_character`) is refused, naming it by its code point: most
    such characters are invisible, so the person needs the code to find it."""
    if char in LINE_BREAKS_AND_TABS:
        return _("This text must be one line: remove the line break or tab.")
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return _("Remove the broken character %(code)s (half of a character pair).", code=code)
    return _("Remove the invisible control character %(code)s.", code=code)

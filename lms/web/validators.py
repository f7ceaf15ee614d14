"""Small value checks shared by forms and importers."""

import re

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def is_email(value: str) -> bool:
    return bool(EMAIL_RE.match(value or "")) and len(value) <= 254

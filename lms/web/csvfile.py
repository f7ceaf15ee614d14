"""Read an uploaded CSV as a spreadsheet user saved it: UTF-8 (with or without BOM) or GB18030."""

from __future__ import annotations

import csv
import io
import re

from flask_babel import gettext as _

from ..errors import ServiceError


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ServiceError(
        _("The file is not UTF-8 or GB18030 text. Save it as CSV UTF-8 and try again.")
    )


def header_key(name: str) -> str:
    """'E-mail', 'Job title' and 'director_email' all become snake_case keys; a minus sign before
    a digit stays (a framework's descriptor_-1_en column is not descriptor_1_en)."""
    key = re.sub(r"(?:[^a-z0-9-]|-(?![0-9]))+", "_", name.strip().lower()).strip("_")
    return {"e_mail": "email", "mail": "email"}.get(key, key)


def read_rows(raw: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header keys, [(spreadsheet row number, {key: value})]); the header is row 1."""
    text = decode(raw)
    if not text.strip():
        raise ServiceError(_("The file is empty."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [header_key(name) for name in next(reader)]
        rows = []
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            padded = values + [""] * (len(header) - len(values))
            rows.append(
                (number, {key: value.strip() for key, value in zip(header, padded, strict=False)})
            )
    except csv.Error as exc:
        raise ServiceError(_("The file is not valid CSV: %(error)s", error=str(exc))) from exc
    return header, rows

"""The one reader of every CSV import: a file as a spreadsheet user saved it, read exactly.

Text is UTF-8 (with or without BOM) or GB18030. Only the delimiter is chosen (comma, semicolon or
tab: whichever the header line uses most, outside quotes); quoting is always RFC 4180 (fields in
double quotes, a quote inside written twice), so a `""` escape anywhere in the file reads the same
as one on the first line. What cannot be read exactly is a problem naming its row, never guessed
at: a stray quote, a row with more or fewer fields than the header, a column named twice, and
characters no text may hold (validators.forbidden_character; only multi-line columns may hold tabs
and line breaks).

Rows are numbered as a spreadsheet shows them: the header is row 1 and every record is one row,
even when a quoted field spans several lines. Empty rows are skipped (but counted).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..errors import ServiceError
from .validators import forbidden_character, forbidden_character_message

DELIMITERS = (",", ";", "\t")  # on a tie, the first


@dataclass(frozen=True)
class CsvProblem:
    row: int
    column: str  # the column's key; "" when the whole row is wrong
    message: str


@dataclass
class CsvTable:
    header: list[str]  # column keys, in the file's order
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, values)
    problems: list[CsvProblem] = field(default_factory=list)


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).removeprefix("\ufeff")  # GB18030 has a BOM too
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


def header_keys(names: list[str]) -> list[str]:
    return [header_key(name) for name in names]


def match_key(name: str) -> str:
    """A header name as tools spell it differently across versions and languages: without case,
    spaces, hyphens, underscores, punctuation and a trailing "(optional)", so "Cross-referenced
    competency ID numbers (optional)" and "cross_referenced_competency_id_numbers" are one name."""
    key = "".join(char for char in name.casefold() if char.isalnum())
    return key.removesuffix("optional") or key


def choose_delimiter(text: str) -> str:
    """The delimiter the header line uses most, counted outside quotes; a comma when none."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=counts.__getitem__)


def _reader(text: str):
    return csv.reader(
        io.StringIO(text, newline=""),
        delimiter=choose_delimiter(text),
        quotechar='"',
        doublequote=True,
        strict=True,
    )


def read_header(raw: bytes) -> list[str]:
    """The header row's names as written (stripped); raises ServiceError for an unreadable file."""
    text = decode(raw)
    if not text.strip():
        raise ServiceError(_("The file is empty."))
    try:
        return [name.strip() for name in next(_reader(text), [])]
    except csv.Error as exc:
        raise ServiceError(_parse_error(exc)) from exc


def read_table(
    raw: bytes,
    *,
    columns: Callable[[list[str]], list[str]] = header_keys,
    multiline: Callable[[str], bool] = lambda key: False,
) -> CsvTable:
    """Every row as {column key: stripped value}; `columns` turns the header's names into keys,
    `multiline(key)` says which columns may hold line breaks. Rows the reader cannot take as the
    header's columns are left out, with their problem; raises ServiceError for a file that is
    not text or is empty."""
    text = decode(raw)
    if not text.strip():
        raise ServiceError(_("The file is empty."))
    records, table, number = _reader(text), CsvTable([]), 0
    try:
        for number, values in enumerate(records, start=1):
            if number == 1:
                table.header = columns([name.strip() for name in values])
                table.problems.extend(_duplicates(table.header))
            elif any(value.strip() for value in values):
                _add_row(table, number, values, multiline)
    except csv.Error as exc:  # nothing after a broken quote can be trusted
        table.problems.append(CsvProblem(number + 1, "", _parse_error(exc)))
    return table


def _duplicates(header: list[str]) -> list[CsvProblem]:
    named = [key for key in header if key]
    return [
        CsvProblem(1, key, _("This column appears twice."))
        for index, key in enumerate(named)
        if key in named[:index]
    ]


def _add_row(table: CsvTable, number: int, values: list[str], multiline) -> None:
    if len(values) != len(table.header):
        message = _(
            "This row has %(fields)d fields but the header has %(columns)d: check its quotes and delimiters.",
            fields=len(values),
            columns=len(table.header),
        )
        table.problems.append(CsvProblem(number, "", message))
        return
    row = {}
    for key, value in zip(table.header, values, strict=True):
        value = value.strip()
        char = forbidden_character(value, multiline=multiline(key))
        if char is not None and key:
            table.problems.append(CsvProblem(number, key, forbidden_character_message(char)))
        row[key] = value
    table.rows.append((number, row))


def _parse_error(error: csv.Error) -> str:
    """The csv module's English reason, said in the reader's language."""
    reason = str(error)
    if "expected after" in reason:
        return _(
            'A quoted field has text after its closing quote. Inside quotes, write a quote twice ("").'
        )
    if "unexpected end of data" in reason or "EOF" in reason:
        return _("A quoted field is never closed: a quote is missing.")
    if "field larger than field limit" in reason:
        return _("A field is longer than %(limit)d characters.", limit=csv.field_size_limit())
    return _("The file is not valid CSV: %(error)s", error=reason)

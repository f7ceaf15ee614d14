"""One table export for every report: a DataFrame as a CSV or XLSX download.

CSV is UTF-8 with a byte-order mark, so Excel shows Chinese names correctly when the file is
double-clicked. Text cells that a spreadsheet would run as a formula (=, +, -, @ first) are
prefixed with an apostrophe (OWASP "CSV injection"): names come from imports and forms.

Any stored text exports, whatever it holds (imports and forms refuse control characters now, but
older rows and direct writes may have them): characters an XLSX file cannot hold (XML 1.0 has no
NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, the visible "?" in a
diamond, and text longer than Excel's 32,767 characters per cell is cut to that many, with "…"
where its middle was.
CSV and XLSX get the same cleaned values, header cells included.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pandas as pd
from flask import Response, abort
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from pandas.api.types import is_object_dtype

from .downloads import attachment

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"
MAX_CELL = 32_767  # characters Excel holds in one cell
KEPT_END = 40  # a cut text keeps its end: "… · gap" tells two long column labels apart
WIDE_CHARACTERS = (
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]"
)
MAX_WIDTH = 60


def export_response(frame: pd.DataFrame, filename_stem: str, fmt: str) -> Response:
    """The frame as an attachment named `<filename_stem>.<fmt>`; 400 for an unknown format."""
    if fmt not in FORMATS:
        abort(400)
    safe = _spreadsheet_safe(frame)
    data = _to_csv(safe) if fmt == "csv" else _to_xlsx(safe, _sheet_name(filename_stem))
    return attachment(data, f"{filename_stem}.{fmt}", FORMATS[fmt])


def grouped_export_response(
    frame: pd.DataFrame,
    filename_stem: str,
    fmt: str,
    *,
    group: str,
    subtotal: Callable[[pd.DataFrame], dict],
    total_label: Callable[[str], str],
) -> Response:
    """A grouped report as a download. XLSX keeps its grouping as Excel's Subtotal command
    does: each group's rows (an outline level, folding under its subtotal row), the group's
    subtotal row in bold, a grand total at the end; `subtotal(rows)` gives a total row's
    values by column (its indices worked out from its sums, never summed) and
    `total_label(group or "")` what the row is called. CSV is the raw rows."""
    if fmt != "xlsx":
        return export_response(frame, filename_stem, fmt)
    safe = _spreadsheet_safe(frame)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        name = _sheet_name(filename_stem)
        pd.DataFrame(columns=safe.columns).to_excel(writer, index=False, sheet_name=name)
        sheet = writer.sheets[name]
        _grouped_rows(sheet, safe, frame, group, subtotal, total_label)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, width in enumerate(_column_widths(safe), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.sheet_properties.outlinePr.summaryBelow = True
        sheet.freeze_panes = "B2"
    return attachment(buffer.getvalue(), f"{filename_stem}.xlsx", FORMATS["xlsx"])


def _grouped_rows(sheet, safe, frame, group, subtotal, total_label) -> None:
    columns = list(safe.columns)
    position = list(frame.columns).index(group)
    for key, rows in frame.groupby(group, sort=True):
        for index in rows.index:
            sheet.append([None if v != v else v for v in safe.loc[index]])  # NaN: empty
            sheet.row_dimensions[sheet.max_row].outline_level = 1
        _total_row(sheet, columns, position, subtotal(rows), _cell_text(total_label(str(key))))
    _total_row(sheet, columns, position, subtotal(frame), _cell_text(total_label("")))


def _total_row(sheet, columns, position, values: dict, label: str) -> None:
    row = [values.get(c) for c in columns]
    row[position] = label
    sheet.append([None if v != v else v for v in row])  # NaN: an empty cell
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell and column label as `_cell_text` makes it; numbers stay numbers."""
    frame = frame.rename(columns=_cell_text)
    for index, dtype in enumerate(frame.dtypes):  # by position: labels may repeat
        if is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype):
            frame.isetitem(index, frame.iloc[:, index].map(_cell_text))
    return frame


def _cell_text(value):
    """Text a spreadsheet holds as written and shows as text (see the module docstring)."""
    if not isinstance(value, str):
        return value
    value = NOT_XML.sub(REPLACEMENT, value)
    if FORMULA_START.match(value):
        value = "'" + value
    if len(value) <= MAX_CELL:
        return value
    return value[: MAX_CELL - 1 - KEPT_END] + "…" + value[-KEPT_END:]


def _to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _sheet_name(stem: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    return re.sub(r"[\[\]:*?/\\]", "", stem)[:31] or "Sheet1"


def _to_xlsx(frame: pd.DataFrame, sheet_name: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet_name)
        sheet = writer.sheets[sheet_name]
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, width in enumerate(_column_widths(frame), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "B2"
    return buffer.getvalue()


def _display_width(texts: pd.Series) -> pd.Series:
    """Characters, counting Chinese (and other full-width) ones twice, as Excel draws them."""
    texts = texts.astype("string").fillna("")
    return texts.str.len() + texts.str.count(WIDE_CHARACTERS)


def _column_widths(frame: pd.DataFrame) -> list[float]:
    widths = []
    for index, column in enumerate(frame.columns):  # by position: labels may repeat
        header = _display_width(pd.Series([str(column)])).iloc[0]
        values = _display_width(frame.iloc[:, index]).max() if len(frame) else 0
        widths.append(min(max(header, values, 6) + 2, MAX_WIDTH))
    return widths

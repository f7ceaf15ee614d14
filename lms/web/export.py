"""One table export for every report: a DataFrame as a CSV or XLSX download.

CSV is UTF-8 with a byte-order mark, so Excel shows Chinese names correctly when the file is
double-clicked. Text cells that a spreadsheet would run as a formula (=, +, -, @ first) are
prefixed with an apostrophe (OWASP "CSV injection"): names come from imports and forms.
"""

from __future__ import annotations

import io
import re

import pandas as pd
from flask import Response, abort
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .downloads import attachment

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
WIDE_CHARACTERS = (
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]"
)
MAX_WIDTH = 60


def export_response(frame: pd.DataFrame, filename_stem: str, fmt: str) -> Response:
    """The frame as an attachment named `<filename_stem>.<fmt>`; 400 for an unknown format."""
    if fmt not in FORMATS:
        abort(400)
    safe = _defuse_formulas(frame)
    data = _to_csv(safe) if fmt == "csv" else _to_xlsx(safe, _sheet_name(filename_stem))
    return attachment(data, f"{filename_stem}.{fmt}", FORMATS[fmt])


def _text_columns(frame: pd.DataFrame) -> list:
    return list(frame.select_dtypes(include=["object", "string"]).columns)


def _defuse_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text that starts like a formula with ' so spreadsheets show it as text."""
    columns = _text_columns(frame)
    if not columns:
        return frame
    frame = frame.copy()
    for column in columns:  # a loop over columns, each handled as one vector
        values = frame[column]
        risky = values.astype("string").str.match(FORMULA_START).fillna(False).astype(bool)
        frame[column] = values.where(~risky, "'" + values.astype("string"))
    return frame


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
    for column in frame.columns:
        header = _display_width(pd.Series([str(column)])).iloc[0]
        values = _display_width(frame[column]).max() if len(frame) else 0
        widths.append(min(max(header, values, 6) + 2, MAX_WIDTH))
    return widths

"""Pick the right reader for an uploaded framework file: JSON, our CSV or Moodle's CSV."""

from __future__ import annotations

from flask_babel import gettext as _

from lms.errors import ServiceError
from lms.web.csvfile import header_keys, read_header

from . import csv_format, json_format, moodle_csv
from .data import FrameworkData, FrameworkFileError, Problem

EXPORTERS = {"json": json_format, "csv": csv_format}


def parse_file(filename: str, raw: bytes) -> FrameworkData:
    """Raises FrameworkFileError for an unknown type or a broken file."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "json":
        return json_format.parse(raw)
    if suffix == "csv":
        try:
            names = read_header(raw)
        except ServiceError as error:
            raise FrameworkFileError([Problem("file", error.message)]) from error
        if csv_format.is_ours(header_keys(names)):
            return csv_format.parse(raw)
        if moodle_csv.is_moodle(names):
            return moodle_csv.parse(raw)
        raise FrameworkFileError(
            [
                Problem(
                    "row 1",
                    _(
                        "Unknown CSV columns: export a framework from this site or from Moodle to see the format."
                    ),
                )
            ]
        )
    raise FrameworkFileError([Problem("file", _("Upload a .json or .csv file."))])

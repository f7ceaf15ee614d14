"""Import of Moodle's competency-framework CSV (admin tool "lpimportcsv").

Its columns: parent id number, id number, short name, description (HTML), description format,
scale values, scale configuration, three rule columns, cross-referenced id numbers, exported id,
"is framework", taxonomy. One row is the framework; it carries the scale as a comma-separated
list of names and a JSON configuration marking which items are proficient.

Moodle names its columns with its language strings, which changed between versions ("Shortname"
then "Short name", "Id number" then "ID number", "Cross referenced ..." then "Cross-referenced
...") and are translated in other languages. An English header is matched by name, ignoring case,
spaces, hyphens, punctuation and "(optional)" (csvfile.match_key); any other header is read by
position, as Moodle itself reads it. Descriptions typed into Moodle hold CRLF line breaks.
"""

from __future__ import annotations

import html
import json
import re

import nh3
from flask_babel import gettext as _

from lms.errors import ServiceError
from lms.web.csvfile import match_key, read_table

from .data import (
    CompetencyData,
    FrameworkData,
    FrameworkFileError,
    LevelData,
    Problem,
    csv_problems,
)

LABELS = {  # our key -> Moodle's current English header, in Moodle's column order
    "parent_id_number": "Parent ID number",
    "id_number": "ID number",
    "short_name": "Short name",
    "description": "Description",
    "description_format": "Description format",
    "scale_values": "Scale values",
    "scale_configuration": "Scale configuration",
    "rule_type": "Rule type (optional)",
    "rule_outcome": "Rule outcome (optional)",
    "rule_config": "Rule config (optional)",
    "related": "Cross-referenced competency ID numbers",
    "exported_id": "Exported ID (optional)",
    "is_framework": "Is framework",
    "taxonomy": "Taxonomy",
}
POSITIONS = list(LABELS)
BY_NAME = {match_key(label): key for key, label in LABELS.items()} | {
    "relatedidnumbers": "related",  # Moodle's string identifiers, as some scripts write them
    "exportid": "exported_id",
    "taxonomies": "taxonomy",
}
REQUIRED = [
    "parent_id_number",
    "id_number",
    "short_name",
    "scale_values",
    "scale_configuration",
    "is_framework",
]
MULTILINE = {"description", "scale_configuration", "rule_config"}  # HTML and JSON
HTML_FORMATS = {"", "1"}


def _named(names: list[str]) -> list[str | None]:
    return [BY_NAME.get(match_key(name)) for name in names]


def _by_name(keys: list[str | None]) -> bool:
    """An English header (of any Moodle version) names at least half of Moodle's columns."""
    return sum(key is not None for key in keys) * 2 >= len(POSITIONS)


def is_moodle(names: list[str]) -> bool:
    return _by_name(_named(names)) or len(names) >= POSITIONS.index("is_framework") + 1


def _columns(names: list[str]) -> list[str]:
    """Our key for each column, by name or else by position; "" for a column we do not read."""
    keys = _named(names)
    if _by_name(keys):
        return [key or "" for key in keys]
    return [POSITIONS[index] if index < len(POSITIONS) else "" for index in range(len(names))]


def html_to_text(value: str, description_format: str = "1") -> str:
    """Moodle descriptions are HTML: keep the words and paragraphs, drop every tag and script.

    In HTML (format 1, Moodle's default) a line break in the source is only a space: editors
    wrap lines and browsers send CRLF. In Moodle's text formats (0 auto-format, 2 plain,
    4 Markdown) a line break shows, so it stays.
    """
    if description_format in HTML_FORMATS:
        value = " ".join(value.split())
    value = re.sub(r"(?i)<br\s*/?>|</p\s*>|</li\s*>|</h[1-6]\s*>", "\n", value)
    text = html.unescape(nh3.clean(value, tags=set(), clean_content_tags={"script", "style"}))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _header_problems(header: list[str]) -> list[Problem]:
    """The columns we read that the header lacks, named as Moodle writes them."""
    missing = [key for key in REQUIRED if key not in header]
    if not missing:
        return []
    return [
        Problem(
            _("row %(row)d", row=1),
            _(
                "Missing columns: %(columns)s.",
                columns=", ".join(LABELS[key] for key in missing),
            ),
        )
    ]


def _scale(values: dict[str, str], where: str, problems: list[Problem]) -> list[LevelData]:
    names = [name.strip() for name in values.get("scale_values", "").split(",") if name.strip()]
    proficient: set[int] = set()
    try:
        config = json.loads(values.get("scale_configuration") or "[]")
        proficient = {int(item["id"]) for item in config[1:] if int(item.get("proficient", 0))}
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        problems.append(Problem(where, _("The scale configuration is not Moodle's JSON.")))
    return [
        LevelData(index, {"en": name}, {}, index + 1 in proficient)
        for index, name in enumerate(names)
    ]


def parse(raw: bytes) -> FrameworkData:
    """Read a Moodle framework CSV; parents may come after their children."""
    try:
        table = read_table(raw, columns=_columns, multiline=MULTILINE.__contains__)
    except ServiceError as error:
        raise FrameworkFileError([Problem("file", error.message)]) from error
    problems = _header_problems(table.header) + csv_problems(table, LABELS.__getitem__)
    if problems:
        raise FrameworkFileError(problems)
    framework: FrameworkData | None = None
    competencies: list[CompetencyData] = []
    for number, values in table.rows:
        where = _("row %(row)d", row=number)
        if values["is_framework"] in {"", "0"}:
            competencies.append(_competency(values, where))
        elif framework is None:
            framework = _framework(values, where, problems)
        else:
            problems.append(Problem(where, _("Only one row may be the framework.")))
    if framework is None:
        raise FrameworkFileError(
            [Problem("file", _("No row is marked as the framework (“Is framework” = 1)."))]
        )
    framework.competencies = competencies
    if problems:
        raise FrameworkFileError(problems)
    return framework


def _framework(values: dict[str, str], where: str, problems: list[Problem]) -> FrameworkData:
    return FrameworkData(
        idnumber=values["id_number"],
        version_label="1.0",
        names={"en": values["short_name"]},
        descriptions={"en": _description(values)},
        levels=_scale(values, where, problems),
    )


def _competency(values: dict[str, str], where: str) -> CompetencyData:
    """Moodle writes a comma inside a cross-referenced id number as %2C."""
    related = [r.replace("%2C", ",").strip() for r in values.get("related", "").split(",")]
    description = _description(values)
    return CompetencyData(
        idnumber=values["id_number"],
        parent=values["parent_id_number"] or None,
        names={"en": values["short_name"]},
        descriptions={"en": description} if description else {},
        related=[other for other in related if other],
        where=where,
    )


def _description(values: dict[str, str]) -> str:
    return html_to_text(values.get("description", ""), values.get("description_format", "1"))

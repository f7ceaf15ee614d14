"""Import of Moodle's competency-framework CSV (admin tool "lpimportcsv").

Its columns: parent id number, id number, short name, description (HTML), description format,
scale values, scale configuration, three rule columns, cross-referenced id numbers, exported id,
"is framework", taxonomy. One row is the framework; it carries the scale as a comma-separated
list of names and a JSON configuration marking which items are proficient.
"""

from __future__ import annotations

import html
import json
import re

import nh3
from flask_babel import gettext as _

from lms.errors import ServiceError
from lms.web.csvfile import read_rows

from .data import CompetencyData, FrameworkData, FrameworkFileError, LevelData, Problem

POSITIONS = [
    "parent_id_number",
    "id_number",
    "short_name",
    "description",
    "description_format",
    "scale_values",
    "scale_configuration",
    "rule_type",
    "rule_outcome",
    "rule_config",
    "related",
    "exported_id",
    "is_framework",
    "taxonomy",
]
ALIASES = {
    "cross_referenced_competency_id_numbers": "related",
    "exported_id_optional": "exported_id",
    "rule_type_optional": "rule_type",
    "rule_outcome_optional": "rule_outcome",
    "rule_config_optional": "rule_config",
}
REQUIRED = ["parent_id_number", "id_number", "short_name", "scale_values", "scale_configuration"]


def is_moodle(header: list[str]) -> bool:
    return "is_framework" in header or (len(header) >= 13 and "kind" not in header)


def html_to_text(value: str) -> str:
    """Moodle descriptions are HTML: keep the words and paragraphs, drop every tag and script."""
    value = re.sub(r"(?i)<br\s*/?>|</p\s*>|</li\s*>|</h[1-6]\s*>", "\n", value)
    text = html.unescape(nh3.clean(value, tags=set(), clean_content_tags={"script", "style"}))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _columns(values: dict[str, str], header: list[str]) -> dict[str, str]:
    """Named columns when the header is Moodle's English one, else by position (translated headers)."""
    if "is_framework" in header:
        return {ALIASES.get(key, key): value for key, value in values.items()}
    return {
        POSITIONS[index]: values.get(key, "") for index, key in enumerate(header[: len(POSITIONS)])
    }


def _header_problems(header: list[str]) -> list[Problem]:
    """Moodle's English header by name, a translated one by position: the columns we read."""
    if "is_framework" in header:
        named = {ALIASES.get(key, key) for key in header}
        missing = [name for name in REQUIRED if name not in named]
    else:
        missing = POSITIONS[len(header) : POSITIONS.index("is_framework") + 1]
    if not missing:
        return []
    return [
        Problem(
            _("row %(row)d", row=1),
            _("Missing columns: %(columns)s.", columns=", ".join(missing)),
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
        header, rows = read_rows(raw)
    except ServiceError as error:
        raise FrameworkFileError([Problem("file", error.message)]) from error
    problems = _header_problems(header)
    if problems:
        raise FrameworkFileError(problems)
    framework: FrameworkData | None = None
    competencies: list[CompetencyData] = []
    for number, raw_values in rows:
        values, where = _columns(raw_values, header), _("row %(row)d", row=number)
        if values.get("is_framework", "").strip() not in {"", "0"}:
            if framework is not None:
                problems.append(Problem(where, _("Only one row may be the framework.")))
                continue
            framework = FrameworkData(
                idnumber=values.get("id_number", "").strip(),
                version_label="1.0",
                names={"en": values.get("short_name", "").strip()},
                descriptions={"en": html_to_text(values.get("description", ""))},
                levels=_scale(values, where, problems),
            )
        else:
            related = [
                r.replace("%2C", ",").strip()
                for r in values.get("related", "").split(",")
                if r.strip()
            ]
            description = html_to_text(values.get("description", ""))
            competencies.append(
                CompetencyData(
                    idnumber=values.get("id_number", "").strip(),
                    parent=values.get("parent_id_number", "").strip() or None,
                    names={"en": values.get("short_name", "").strip()},
                    descriptions={"en": description} if description else {},
                    related=related,
                    where=where,
                )
            )
    if framework is None:
        raise FrameworkFileError(
            [Problem("file", _("No row is marked as the framework (“Is framework” = 1)."))]
        )
    framework.competencies = competencies
    if problems:
        raise FrameworkFileError(problems)
    return framework

"""Frameworks as our own CSV: one row for the framework, one per scale level, one per competency.

Every text has a column per language and every scale level a descriptor column per language,
so a framework goes out and comes back exactly; a spreadsheet can edit it in between.
"""

from __future__ import annotations

import csv
import io
import re

from flask_babel import gettext as _

from lms.errors import ServiceError
from lms.i18n import CONTENT_LANGUAGES as LANGUAGES
from lms.web.csvfile import read_table

from .data import (
    CompetencyData,
    FrameworkData,
    FrameworkFileError,
    LevelData,
    Problem,
    csv_problems,
)

BASE_COLUMNS = [
    "kind",
    "parent_idnumber",
    "idnumber",
    "version",
    "value",
    "talent_triangle",
    "programme_only",
    "retired",
    "proficient",
    "related",
]
BY_LOWER = {lang.lower(): lang for lang in LANGUAGES}
FLAGS = {"": False, "0": False, "1": True, "false": False, "true": True}
TEXT_COLUMNS = [f"{field}_{lang}" for field in ("name", "description") for lang in LANGUAGES]
MULTILINE_PREFIXES = ("description_", "descriptor_")  # names and id numbers are one line


def descriptor_columns(values: list[int]) -> list[str]:
    return [f"descriptor_{value}_{lang}" for value in values for lang in LANGUAGES]


def is_ours(header: list[str]) -> bool:
    return "kind" in header and "idnumber" in header


def dump(data: FrameworkData) -> str:
    values = [level.value for level in data.levels]
    columns = BASE_COLUMNS + TEXT_COLUMNS + descriptor_columns(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerow(
        {
            "kind": "framework",
            "idnumber": data.idnumber,
            "version": data.version_label,
            **_texts(data.names, data.descriptions),
        }
    )
    for level in data.levels:
        writer.writerow(
            {
                "kind": "level",
                "value": level.value,
                "proficient": _flag(level.is_proficient),
                **_texts(level.names, level.descriptions),
            }
        )
    for item in data.competencies:
        row = {
            "kind": "competency",
            "parent_idnumber": item.parent or "",
            "idnumber": item.idnumber,
            "talent_triangle": item.talent_triangle or "",
            "programme_only": _flag(item.is_programme_only),
            "retired": _flag(item.is_retired),
            "related": ",".join(item.related),
            **_texts(item.names, item.descriptions),
        }
        for value, texts in item.descriptors.items():
            row.update({f"descriptor_{value}_{lang}": texts.get(lang, "") for lang in LANGUAGES})
        writer.writerow(row)
    return out.getvalue()


def _texts(names: dict, descriptions: dict) -> dict[str, str]:
    return {
        **{f"name_{lang}": names.get(lang, "") for lang in LANGUAGES},
        **{f"description_{lang}": descriptions.get(lang, "") for lang in LANGUAGES},
    }


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _read(values: dict[str, str], field: str) -> dict[str, str]:
    """Headers are read lower-cased (name_zh_cn); texts are keyed by language code (zh_CN)."""
    return {
        lang: values[f"{field}_{lang.lower()}"]
        for lang in LANGUAGES
        if values.get(f"{field}_{lang.lower()}")
    }


def parse(raw: bytes) -> FrameworkData:
    """Read our CSV; raises FrameworkFileError with the row of each problem (header is row 1)."""
    try:
        table = read_table(raw, multiline=lambda key: key.startswith(MULTILINE_PREFIXES))
    except ServiceError as error:
        raise FrameworkFileError([Problem("file", error.message)]) from error
    header, rows = table.header, table.rows
    descriptors, problems = _header(header)
    problems.extend(csv_problems(table))
    if problems:
        raise FrameworkFileError(problems)
    data: FrameworkData | None = None
    levels, competencies = [], []
    for number, values in rows:
        where, kind = _("row %(row)d", row=number), values.get("kind", "")
        if kind == "framework" and data is None:
            data = _framework(values)
        elif kind == "framework":
            problems.append(Problem(where, _("Only one row may be the framework.")))
        elif kind == "level":
            levels.append(_level(values, where, problems))
        elif kind == "competency":
            competencies.append(_competency(values, descriptors, where, problems))
        else:
            problems.append(
                Problem(
                    where,
                    _("Unknown kind “%(kind)s”: use framework, level or competency.", kind=kind),
                )
            )
    if data is None:
        problems.insert(0, Problem("file", _("The file needs exactly one framework row.")))
    if problems:
        raise FrameworkFileError(problems)
    data.levels = [level for level in levels if level is not None]
    data.competencies = competencies
    return data


def _header(header: list[str]) -> tuple[dict[str, tuple[str, str]], list[Problem]]:
    """The descriptor columns ({column: (level, language)}) and what is wrong with the header."""
    missing = [column for column in ("kind", "idnumber", "value") if column not in header]
    if not any(f"name_{lang.lower()}" in header for lang in LANGUAGES):
        missing.append("name_en")
    problems = []
    if missing:
        problems.append(
            Problem(
                _("row %(row)d", row=1),
                _("Missing columns: %(columns)s.", columns=", ".join(missing)),
            )
        )
    descriptors = {}
    for column in header:
        found = re.fullmatch(r"descriptor_(-?[0-9]+)_([a-z_]+)", column)
        if found:
            descriptors[column] = (found[1], BY_LOWER.get(found[2], found[2]))
        elif column.startswith("descriptor"):
            problems.append(
                Problem(
                    _("row %(row)d", row=1),
                    _(
                        "Column %(column)s: name descriptor columns descriptor_<level>_<language>, e.g. descriptor_2_en.",
                        column=column,
                    ),
                )
            )
    return descriptors, problems


def _framework(values: dict[str, str]) -> FrameworkData:
    return FrameworkData(
        idnumber=values.get("idnumber", ""),
        version_label=values.get("version") or "1.0",
        names=_read(values, "name"),
        descriptions=_read(values, "description"),
    )


def _level(values: dict[str, str], where: str, problems: list[Problem]) -> LevelData | None:
    if not re.fullmatch(r"-?[0-9]{1,18}", values.get("value", "")):
        problems.append(Problem(where, _("A scale level needs a whole-number value.")))
        return None
    return LevelData(
        int(values["value"]),
        _read(values, "name"),
        _read(values, "description"),
        _flag_value(values, "proficient", where, problems),
    )


def _flag_value(values: dict[str, str], column: str, where: str, problems: list[Problem]) -> bool:
    """1 or 0; a spreadsheet's TRUE and FALSE are understood too."""
    value = values.get(column, "").lower()
    if value not in FLAGS:
        problems.append(
            Problem(where, _("Column %(column)s must be 1 (yes) or 0 (no).", column=column))
        )
    return FLAGS.get(value, False)


def _competency(
    values: dict[str, str],
    descriptors: dict[str, tuple[str, str]],
    where: str,
    problems: list[Problem],
) -> CompetencyData:
    texts: dict[str, dict[str, str]] = {}
    for column, (level, lang) in descriptors.items():
        if values.get(column):
            texts.setdefault(level, {})[lang] = values[column]
    return CompetencyData(
        idnumber=values.get("idnumber", ""),
        parent=values.get("parent_idnumber") or None,
        names=_read(values, "name"),
        descriptions=_read(values, "description"),
        descriptors=texts,
        talent_triangle=values.get("talent_triangle") or None,
        is_programme_only=_flag_value(values, "programme_only", where, problems),
        is_retired=_flag_value(values, "retired", where, problems),
        related=[other.strip() for other in values.get("related", "").split(",") if other.strip()],
        where=where,
    )

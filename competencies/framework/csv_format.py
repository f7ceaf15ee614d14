"""Frameworks as our own CSV: one row for the framework, one per scale level, one per competency.

Every text has a column per language and every scale level a descriptor column per language,
so a framework goes out and comes back exactly; a spreadsheet can edit it in between.
"""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from lms.errors import ServiceError
from lms.web.csvfile import read_rows

from .exchange import (
    LANGUAGES,
    CompetencyData,
    FrameworkData,
    FrameworkFileError,
    LevelData,
    Problem,
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
TEXT_COLUMNS = [f"{field}_{lang}" for field in ("name", "description") for lang in LANGUAGES]


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
        header, rows = read_rows(raw)
    except ServiceError as error:
        raise FrameworkFileError([Problem("file", error.message)]) from error
    frameworks = [(n, v) for n, v in rows if v.get("kind") == "framework"]
    if len(frameworks) != 1:
        raise FrameworkFileError([Problem("file", _("The file needs exactly one framework row."))])
    number, values = frameworks[0]
    data = FrameworkData(
        idnumber=values.get("idnumber", ""),
        version_label=values.get("version") or "1.0",
        names=_read(values, "name"),
        descriptions=_read(values, "description"),
    )
    problems: list[Problem] = []
    for number, values in rows:
        where = _("row %(row)d", row=number)
        kind = values.get("kind", "")
        if kind == "level":
            if not values.get("value", "").lstrip("-").isdigit():
                problems.append(Problem(where, _("A scale level needs a whole-number value.")))
                continue
            data.levels.append(
                LevelData(
                    int(values["value"]),
                    _read(values, "name"),
                    _read(values, "description"),
                    values.get("proficient") == "1",
                )
            )
        elif kind == "competency":
            data.competencies.append(_competency(values, header, where))
        elif kind != "framework":
            problems.append(
                Problem(
                    where,
                    _("Unknown kind “%(kind)s”: use framework, level or competency.", kind=kind),
                )
            )
    if problems:
        raise FrameworkFileError(problems)
    return data


def _competency(values: dict[str, str], header: list[str], where: str) -> CompetencyData:
    descriptors: dict[str, dict[str, str]] = {}
    for column in header:
        if column.startswith("descriptor_") and values.get(column):
            _, value, lang = column.split("_", 2)
            descriptors.setdefault(value, {})[BY_LOWER.get(lang, lang)] = values[column]
    return CompetencyData(
        idnumber=values.get("idnumber", ""),
        parent=values.get("parent_idnumber") or None,
        names=_read(values, "name"),
        descriptions=_read(values, "description"),
        descriptors=descriptors,
        talent_triangle=values.get("talent_triangle") or None,
        is_programme_only=values.get("programme_only") == "1",
        is_retired=values.get("retired") == "1",
        related=[other for other in values.get("related", "").split(",") if other],
        where=where,
    )

"""Frameworks as JSON: nested competencies, every text in every language (the shipped format)."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _

from .exchange import CompetencyData, FrameworkData, FrameworkFileError, LevelData, Problem


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {"en": value}
    return {str(k): str(v) for k, v in (value or {}).items() if v}


def parse(raw: bytes | str) -> FrameworkData:
    """Read a framework JSON file; raises FrameworkFileError naming the path of a bad value."""
    try:
        document = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FrameworkFileError(
            [Problem("file", _("Not valid JSON: %(error)s", error=str(exc)))]
        ) from exc
    if not isinstance(document, dict):
        raise FrameworkFileError([Problem("file", _("The file must hold one framework object."))])
    scale = document.get("scale") or {}
    data = FrameworkData(
        idnumber=str(document.get("idnumber", "")).strip(),
        version_label=str(document.get("version", "1.0")).strip() or "1.0",
        names=_texts(document.get("name")),
        descriptions=_texts(document.get("description")),
        levels=[
            LevelData(
                int(level.get("value", index)),
                _texts(level.get("name")),
                _texts(level.get("descriptor")),
                bool(level.get("proficient")),
            )
            for index, level in enumerate(scale.get("levels") or [])
        ],
    )
    _walk(document.get("competencies") or [], None, "competencies", data.competencies)
    return data


def _walk(items: list, parent: str | None, path: str, out: list[CompetencyData]) -> None:
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        idnumber = str(item.get("idnumber", "")).strip()
        out.append(
            CompetencyData(
                idnumber=idnumber,
                parent=parent,
                names=_texts(item.get("name")),
                descriptions=_texts(item.get("description")),
                descriptors={str(k): _texts(v) for k, v in (item.get("descriptors") or {}).items()},
                talent_triangle=item.get("talent_triangle") or None,
                is_programme_only=bool(item.get("programme_only")),
                is_retired=bool(item.get("retired")),
                related=[str(other) for other in item.get("related") or []],
                where=where,
            )
        )
        _walk(item.get("children") or [], idnumber, f"{where}.children", out)


def dump(data: FrameworkData) -> str:
    """The framework as JSON text; `parse(dump(x))` gives back x."""
    children: dict[str | None, list[CompetencyData]] = {}
    for item in data.competencies:
        children.setdefault(item.parent, []).append(item)

    def node(item: CompetencyData) -> dict:
        out: dict[str, Any] = {
            "idnumber": item.idnumber,
            "name": item.names,
            "description": item.descriptions,
        }
        if item.talent_triangle:
            out["talent_triangle"] = item.talent_triangle
        out["programme_only"] = item.is_programme_only
        if item.is_retired:
            out["retired"] = True
        if item.descriptors:
            out["descriptors"] = item.descriptors
        if item.related:
            out["related"] = item.related
        if children.get(item.idnumber):
            out["children"] = [node(child) for child in children[item.idnumber]]
        return out

    document = {
        "idnumber": data.idnumber,
        "version": data.version_label,
        "name": data.names,
        "description": data.descriptions,
        "scale": {
            "levels": [
                {
                    "value": level.value,
                    "proficient": level.is_proficient,
                    "name": level.names,
                    "descriptor": level.descriptions,
                }
                for level in data.levels
            ]
        },
        "competencies": [node(item) for item in children.get(None, [])],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

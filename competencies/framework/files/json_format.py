"""Frameworks as JSON: nested competencies, every text in every language (the shipped format).

`parse` checks the shape of every node (objects, lists, texts, numbers) and reports each wrong
one by its JSON path, e.g. `competencies[1].children[0].related`; the rules a framework must
meet are `exchange.check`'s.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask_babel import gettext as _

from lms.web.validators import forbidden_character, forbidden_character_message

from .data import CompetencyData, FrameworkData, FrameworkFileError, LevelData, Problem


class _Reader:
    """Reads values of an expected type; a wrong one becomes a problem at its path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def wrong(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def object(self, value: Any, where: str, *, required: bool = False) -> dict | None:
        if isinstance(value, dict) or (value is None and not required):
            return value or {}
        self.wrong(where, _("Expected an object {…}."))
        return None

    def items(self, value: Any, where: str) -> list:
        if value is None or isinstance(value, list):
            return value or []
        self.wrong(where, _("Expected a list […]."))
        return []

    def text(self, value: Any, where: str, default: str = "") -> str:
        """Trimmed text; a number is read as written (id numbers like 12, versions like 1.0)."""
        if value is None:
            return default
        if isinstance(value, str):
            return value.strip() or default
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        self.wrong(where, _("Expected text."))
        return default

    def texts(self, value: Any, where: str, *, multiline: bool = False) -> dict[str, str]:
        """A text in English, or an object of texts by language code; only a multi-line text
        may hold tabs and line breaks, and none may hold other control characters or a lone
        surrogate (a \\ud800 escape), which the database cannot keep."""
        if isinstance(value, str):
            return {"en": value} if self.clean(value, where, multiline) else {}
        if value is not None and not isinstance(value, dict):
            self.wrong(where, _("Expected text, or an object of texts by language code."))
            return {}
        out = {}
        for lang, text in (value or {}).items():
            if text is not None and not isinstance(text, str):
                self.wrong(f"{where}.{lang}", _("Expected text."))
            elif self.clean(text, f"{where}.{lang}", multiline):
                out[lang] = text
        return out

    def clean(self, text: str | None, where: str, multiline: bool) -> bool:
        """Whether `text` is non-empty; a character it cannot hold is a problem at `where`."""
        char = forbidden_character(text or "", multiline=multiline)
        if char is not None:
            self.wrong(where, forbidden_character_message(char))
        return bool(text)

    def flag(self, value: Any, where: str) -> bool:
        if value is None or isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
            return bool(value)
        self.wrong(where, _("Expected true or false."))
        return False

    def whole_number(self, value: Any, where: str) -> int | None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,18}", value.strip()):
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.wrong(where, _("Expected a whole number."))
        return None


def _load(raw: bytes | str) -> dict:
    """The document, which must be one JSON object; raises FrameworkFileError."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FrameworkFileError(
                [Problem("file", _("The file is not UTF-8 text. Save it as UTF-8 and try again."))]
            ) from exc
    if not raw.strip():
        raise FrameworkFileError([Problem("file", _("The file is empty."))])
    try:
        document = json.loads(raw)
    except ValueError as exc:  # JSONDecodeError, or a number too long to read
        raise FrameworkFileError(
            [Problem("file", _("Not valid JSON: %(error)s", error=str(exc)))]
        ) from exc
    except RecursionError as exc:
        raise FrameworkFileError([Problem("file", _("The file is nested too deeply."))]) from exc
    if not isinstance(document, dict):
        raise FrameworkFileError([Problem("file", _("The file must hold one framework object."))])
    return document


def parse(raw: bytes | str) -> FrameworkData:
    """Read a framework JSON file; raises FrameworkFileError naming the path of every bad value."""
    document, read = _load(raw), _Reader()
    data = FrameworkData(
        idnumber=read.text(document.get("idnumber"), "idnumber"),
        version_label=read.text(document.get("version"), "version", default="1.0"),
        names=read.texts(document.get("name"), "name"),
        descriptions=read.texts(document.get("description"), "description", multiline=True),
        levels=_levels(document, read),
        competencies=_competencies(document, read),
    )
    if read.problems:
        raise FrameworkFileError(read.problems)
    return data


def _levels(document: dict, read: _Reader) -> list[LevelData]:
    scale = read.object(document.get("scale"), "scale") or {}
    levels = []
    for index, level in enumerate(read.items(scale.get("levels"), "scale.levels")):
        where = f"scale.levels[{index}]"
        level = read.object(level, where, required=True)
        if level is None:
            continue
        value = read.whole_number(level.get("value", index), f"{where}.value")
        names = read.texts(level.get("name"), f"{where}.name")
        descriptions = read.texts(level.get("descriptor"), f"{where}.descriptor", multiline=True)
        proficient = read.flag(level.get("proficient"), f"{where}.proficient")
        if value is not None:
            levels.append(LevelData(value, names, descriptions, proficient))
    return levels


def _competencies(document: dict, read: _Reader) -> list[CompetencyData]:
    """Depth first in file order (parents before children), with a stack: no recursion limit."""
    out: list[CompetencyData] = []
    top = read.items(document.get("competencies"), "competencies")
    stack = [(None, "competencies", iter(enumerate(top)))]
    while stack:
        parent, path, entries = stack[-1]
        index, node = next(entries, (None, None))
        if index is None:
            stack.pop()
            continue
        where = f"{path}[{index}]"
        node = read.object(node, where, required=True)
        if node is None:
            continue
        item = _competency(node, parent, where, read)
        out.append(item)
        children = read.items(node.get("children"), f"{where}.children")
        stack.append((item.idnumber, f"{where}.children", iter(enumerate(children))))
    return out


def _competency(node: dict, parent: str | None, where: str, read: _Reader) -> CompetencyData:
    descriptors = read.object(node.get("descriptors"), f"{where}.descriptors") or {}
    related = read.items(node.get("related"), f"{where}.related")
    return CompetencyData(
        idnumber=read.text(node.get("idnumber"), f"{where}.idnumber"),
        parent=parent,
        names=read.texts(node.get("name"), f"{where}.name"),
        descriptions=read.texts(node.get("description"), f"{where}.description", multiline=True),
        descriptors={
            key: read.texts(texts, f"{where}.descriptors.{key}", multiline=True)
            for key, texts in descriptors.items()
        },
        talent_triangle=read.text(node.get("talent_triangle"), f"{where}.talent_triangle") or None,
        is_programme_only=read.flag(node.get("programme_only"), f"{where}.programme_only"),
        is_retired=read.flag(node.get("retired"), f"{where}.retired"),
        related=[
            other
            for number, value in enumerate(related)
            if (other := read.text(value, f"{where}.related[{number}]"))
        ],
        where=where,
    )


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

"""Broken framework files: every problem is listed by JSON path or CSV row, nothing crashes and
nothing is imported, on SQLite and PostgreSQL alike (over-long values, NUL, odd shapes)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from competencies.framework import services
from competencies.framework.files import csv_format, json_format
from competencies.framework.files.data import FrameworkFileError
from competencies.framework.models import Competency, Framework
from lms.permissions import SYSTEM

FILES = Path(__file__).parent / "files"
LONG_ID = "X" * 101  # Framework.idnumber and Competency.idnumber are String(100)


def _counts(db) -> tuple[int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Framework, Competency)
    )


def _refused(db, filename: str, raw: bytes) -> list[str]:
    """Import through the service the page uses; the problems as "where: message" lines."""
    before = _counts(db)
    with pytest.raises(FrameworkFileError) as error:
        services.import_framework(filename, raw, actor=SYSTEM)
    assert _counts(db) == before
    return [str(problem) for problem in error.value.problems]


def _assert_listed(problems: list[str], where: str, text: str) -> None:
    assert any(p.startswith(f"{where}: ") and text in p for p in problems), problems


# --- JSON -------------------------------------------------------------------------------


def _json(change):
    def make(document: dict) -> bytes:
        change(document)
        return json.dumps(document).encode()

    return make


def _raw(raw: bytes):
    return lambda document: raw


def _child(document: dict) -> dict:
    return document["competencies"][0]["children"][0]


JSON_CASES = {
    "level value not a number": (
        _json(lambda d: d["scale"]["levels"][0].update(value="a")),
        "scale.levels[0].value",
        "whole number",
    ),
    "levels not objects": (
        _json(lambda d: d["scale"].update(levels=[1, 2])),
        "scale.levels[1]",
        "object",
    ),
    "levels not a list": (
        _json(lambda d: d["scale"].update(levels={"value": 0})),
        "scale.levels",
        "list",
    ),
    "scale not an object": (_json(lambda d: d.update(scale=[1])), "scale", "object"),
    "competency not an object": (
        _json(lambda d: d.update(competencies=["a"])),
        "competencies[0]",
        "object",
    ),
    "competencies not a list": (
        _json(lambda d: d.update(competencies={"idnumber": "A"})),
        "competencies",
        "list",
    ),
    "name a list": (_json(lambda d: d.update(name=["x"])), "name", "Expected text"),
    "name in a language not text": (
        _json(lambda d: _child(d).update(name={"en": 5})),
        "competencies[0].children[0].name.en",
        "Expected text",
    ),
    "idnumber an object": (_json(lambda d: d.update(idnumber={"x": 1})), "idnumber", "text"),
    "descriptor not an object": (
        _json(lambda d: _child(d).update(descriptors={"0": 5})),
        "competencies[0].children[0].descriptors.0",
        "Expected text",
    ),
    "descriptors a list": (
        _json(lambda d: _child(d).update(descriptors=["Listens."])),
        "competencies[0].children[0].descriptors",
        "object",
    ),
    "level descriptor a number": (
        _json(lambda d: d["scale"]["levels"][1].update(descriptor=7)),
        "scale.levels[1].descriptor",
        "Expected text",
    ),
    "children not a list": (
        _json(lambda d: d["competencies"][1].update(children={"idnumber": "B-1"})),
        "competencies[1].children",
        "list",
    ),
    "related not a list": (
        _json(lambda d: _child(d).update(related="B-1")),
        "competencies[0].children[0].related",
        "list",
    ),
    "related not text": (
        _json(lambda d: _child(d).update(related=[{"idnumber": "B-1"}])),
        "competencies[0].children[0].related[0]",
        "Expected text",
    ),
    "talent triangle a list": (
        _json(lambda d: _child(d).update(talent_triangle=["power_skills"])),
        "competencies[0].children[0].talent_triangle",
        "Expected text",
    ),
    "proficient not true or false": (
        _json(lambda d: d["scale"]["levels"][2].update(proficient="yes")),
        "scale.levels[2].proficient",
        "true or false",
    ),
    "a list, not a framework": (_raw(b"[]"), "file", "one framework object"),
    "not UTF-8": (_raw(b'{"name": "\xff\xfe"}'), "file", "UTF-8"),
    "empty": (_raw(b""), "file", "empty"),
    "not JSON": (_raw(b"{nope"), "file", "Not valid JSON"),
    "nested too deeply": (_raw(b"[" * 100_000), "file", "nested too deeply"),
    "framework id number too long": (
        _json(lambda d: d.update(idnumber=LONG_ID)),
        "framework",
        "at most 100",
    ),
    "version too long": (_json(lambda d: d.update(version="1." * 11)), "framework", "at most 20"),
    "competency id number too long": (
        _json(lambda d: _child(d).update(idnumber=LONG_ID)),
        "competencies[0].children[0]",
        "at most 100",
    ),
    "NUL in an id number": (
        _json(lambda d: _child(d).update(idnumber="A-1\x00")),
        "competencies[0].children[0]",
        "control characters",
    ),
    "related twice": (
        _json(lambda d: _child(d).update(related=["B-1", "B-1"])),
        "competencies[0].children[0]",
        "more than once",
    ),
    "NUL in a name": (
        _json(lambda d: _child(d).update(name={"en": "Listening\x00"})),
        "competencies[0].children[0].name.en",
        "U+0000",
    ),
    "line break in a name": (_json(lambda d: d.update(name="Test\nframework")), "name", "one line"),
    "escape character in a descriptor": (
        _json(lambda d: _child(d)["descriptors"]["2"].update(en="\x1b[1mListens.")),
        "competencies[0].children[0].descriptors.2.en",
        "U+001B",
    ),
    "lone surrogate in a description": (
        _raw(json.dumps({"name": "F", "description": {"en": "Half \ud83d"}}).encode()),
        "description.en",
        "U+D83D",
    ),
    "scale value beyond an integer column": (
        _json(
            lambda d: [
                level.update(value=2**40 + n) for n, level in enumerate(d["scale"]["levels"])
            ]
        ),
        "scale",
        "out of range",
    ),
}


@pytest.mark.parametrize(("make", "where", "text"), JSON_CASES.values(), ids=JSON_CASES.keys())
def test_a_malformed_json_file_names_the_path_and_imports_nothing(
    db, small_json, make, where, text
):
    small_json["version"] = "9.0"
    _assert_listed(_refused(db, "framework.json", make(small_json)), where, text)


def test_every_bad_node_of_a_json_file_is_listed_at_once(db, small_json):
    small_json["scale"]["levels"][0]["value"] = "a"
    small_json["competencies"][0]["children"][0]["related"] = "B-1"
    small_json["competencies"][1]["children"].append(7)
    small_json["competencies"][1]["name"] = {"en": ["Area B"]}
    problems = _refused(db, "framework.json", json.dumps(small_json).encode())
    assert [p.split(":")[0] for p in problems] == [
        "scale.levels[0].value",
        "competencies[0].children[0].related",
        "competencies[1].name.en",
        "competencies[1].children[1]",
    ]


def test_values_at_the_column_limits_are_imported(db, small_json):
    small_json.update(idnumber="F" * 100, version="9." + "9" * 18)
    small_json["competencies"][1]["children"][0]["idnumber"] = "B" * 100
    small_json["competencies"][0]["children"][0]["related"] = ["B" * 100]
    framework = services.import_framework("f.json", json.dumps(small_json).encode(), actor=SYSTEM)
    assert len(framework.idnumber) == 100 and len(framework.version_label) == 20
    assert "B" * 100 in {c.idnumber for c in framework.competencies}


def test_deep_nesting_within_the_parser_limit_is_read_without_recursion(small_json):
    node: dict = {"idnumber": "D-0", "name": "Deep"}
    small_json["competencies"].append(node)
    for depth in range(1, 400):
        child = {"idnumber": f"D-{depth}", "name": "Deep"}
        node["children"] = [child]
        node = child
    data = json_format.parse(json.dumps(small_json))
    assert [c.idnumber for c in data.competencies[-3:]] == ["D-397", "D-398", "D-399"]
    assert data.competencies[-1].parent == "D-398"


# --- Our CSV ----------------------------------------------------------------------------


def _rows(small_json) -> tuple[list[str], list[dict]]:
    text = csv_format.dump(json_format.parse(json.dumps(small_json)))
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def _write(columns: list[str], rows: list[dict], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: row.get(key, "") for key in columns} for row in rows)
    return out.getvalue().encode()


def _csv(change):
    """Rows: 2 the framework, 3-5 the levels, 6-10 the competencies (the header is row 1)."""

    def make(small_json) -> bytes:
        columns, rows = _rows(small_json)
        written = change(columns, rows)
        return written if isinstance(written, bytes) else _write(columns, rows)

    return make


def _set(index: int, **values):
    return _csv(lambda columns, rows: rows[index].update(values))


def _line(number: int, edit):
    """Edit physical line `number` (1 is the header) of the written file."""

    def change(columns, rows) -> bytes:
        lines = _write(columns, rows).decode().split("\n")
        lines[number - 1] = edit(lines[number - 1])
        return "\n".join(lines).encode()

    return _csv(change)


CSV_CASES = {
    "level value not a number": (_set(1, value="a"), "row 3", "whole-number"),
    "level value a superscript digit": (_set(1, value="²"), "row 3", "whole-number"),
    "level value two minus signs": (_set(2, value="--1"), "row 4", "whole-number"),
    "flag not 1 or 0": (_set(4, programme_only="yes"), "row 6", "programme_only"),
    "two framework rows": (
        _csv(lambda columns, rows: rows.append(dict(rows[0]))),
        "row 11",
        "Only one row",
    ),
    "no framework row": (_csv(lambda columns, rows: rows.pop(0)), "file", "one framework row"),
    "only a header": (_csv(lambda columns, rows: _write(columns, [])), "file", "framework row"),
    "missing value column": (
        _csv(lambda columns, rows: columns.remove("value")),
        "row 1",
        "Missing columns: value",
    ),
    "missing name columns": (
        _csv(lambda columns, rows: [columns.remove(c) for c in ("name_en", "name_zh_CN")]),
        "row 1",
        "name_en",
    ),
    "descriptor column without a language": (
        _csv(lambda columns, rows: columns.append("descriptor_2")),
        "row 1",
        "descriptor_2",
    ),
    "wrong delimiter": (
        _csv(lambda columns, rows: _write(columns, rows, delimiter="|")),
        "row 1",
        "Unknown CSV columns",
    ),
    "empty": (_raw(b""), "file", "empty"),
    "binary junk": (_raw(bytes(range(256)) * 8), "file", "not UTF-8"),
    "framework id number too long": (_set(0, idnumber=LONG_ID), "framework", "at most 100"),
    "version too long": (_set(0, version="1" * 21), "framework", "at most 20"),
    "competency id number too long": (
        _csv(
            lambda columns, rows: [
                row.update(idnumber=LONG_ID, related="") for row in rows if row["idnumber"] == "B-1"
            ]
        ),
        "row 10",
        "at most 100",
    ),
    "tab inside an id number": (_set(5, idnumber="A\t1"), "row 7, column idnumber", "one line"),
    "NUL in a name": (_set(5, name_en="Listening\x00"), "row 7, column name_en", "U+0000"),
    "line break in a name": (_set(5, name_zh_CN="倾\n听"), "row 7, column name_zh_cn", "one line"),
    "bell in a descriptor": (
        _set(5, descriptor_2_en="Listens\x07"),
        "row 7, column descriptor_2_en",
        "U+0007",
    ),
    "a field short": (_line(3, lambda line: line[:-1]), "row 3", "header has"),
    "a field too many": (_line(4, lambda line: line + ",x"), "row 4", "header has"),
    "text after a closing quote": (
        _line(7, lambda line: line.replace(",A-1,", ',"A-1"x,', 1)),
        "row 7",
        "closing quote",
    ),
    "a quote never closed": (
        _line(9, lambda line: line.replace(",B,", ',"B,', 1)),
        "row 9",
        "never closed",
    ),
}


@pytest.mark.parametrize(("make", "where", "text"), CSV_CASES.values(), ids=CSV_CASES.keys())
def test_a_malformed_csv_file_names_the_row_and_imports_nothing(db, small_json, make, where, text):
    small_json["version"] = "9.0"
    _assert_listed(_refused(db, "framework.csv", make(small_json)), where, text)


# --- Moodle's CSV -----------------------------------------------------------------------


def _moodle(change):
    """Records: 1 the header, 4 the framework, 7 PLAN-1 (as a spreadsheet counts rows)."""

    def make(small_json) -> bytes:
        rows = list(csv.reader(io.StringIO((FILES / "moodle_framework.csv").read_text())))
        change(rows)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue().encode()

    return make


def _cell(record: int, column: int, value: str):
    return _moodle(lambda rows: rows[record - 1].__setitem__(column, value))


MOODLE_CASES = {
    "only a header": (_moodle(lambda rows: rows.__delitem__(slice(1, None))), "file", "framework"),
    "missing short name column": (
        _moodle(lambda rows: [row.pop(2) for row in rows]),
        "row 1",
        "Missing columns: Short name.",
    ),
    "scale configuration nested too deeply": (
        _cell(4, 6, "[" * 5_000),
        "row 4",
        "scale configuration",
    ),
    "scale configuration with an infinite id": (
        _cell(4, 6, '[{"scaleid": "3"}, {"id": 1e999, "proficient": 1}]'),
        "row 4",
        "scale configuration",
    ),
    "framework id number too long": (_cell(4, 1, LONG_ID), "framework", "at most 100"),
    "competency id number too long": (_cell(7, 1, LONG_ID), "row 7", "at most 100"),
    "NUL in an id number": (_cell(6, 1, "PLAN\x00"), "row 6, column ID number", "U+0000"),
    "NUL in a short name": (_cell(6, 2, "Plan\x00ning"), "row 6, column Short name", "U+0000"),
    "a field short": (_moodle(lambda rows: rows[4].pop()), "row 5", "13 fields"),
    "no framework column": (
        _moodle(lambda rows: [row.pop(12) for row in rows]),
        "row 1",
        "Missing columns: Is framework.",
    ),
}


@pytest.mark.parametrize(("make", "where", "text"), MOODLE_CASES.values(), ids=MOODLE_CASES.keys())
def test_a_malformed_moodle_file_names_the_row_and_imports_nothing(
    db, small_json, make, where, text
):
    _assert_listed(_refused(db, "moodle.csv", make(small_json)), where, text)


# --- Through the page -------------------------------------------------------------------


def test_the_import_page_lists_the_problems_of_a_malformed_json_file(
    client, db, people, login_as, small_json
):
    login_as(people["pmo"])
    small_json["version"] = "9.0"
    small_json["scale"]["levels"] = [{"value": "a"}, 1]
    before = _counts(db)
    response = client.post(
        "/frameworks/import",
        data={"file": (io.BytesIO(json.dumps(small_json).encode()), "framework.json")},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: 2 problems." in html
    assert re.search(r"scale\.levels\[0\]\.value</span>: Expected a whole number\.", html)
    assert re.search(r"scale\.levels\[1\]</span>: Expected an object", html)
    assert _counts(db) == before

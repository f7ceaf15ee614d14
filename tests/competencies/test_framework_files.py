"""Our CSV round trip, Moodle's framework CSV, and the shipped PMO-CORE framework."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from competencies.framework.files import csv_format, json_format
from competencies.framework.files.data import FrameworkFileError
from competencies.framework.files.exchange import framework_data, save_framework
from competencies.framework.files.formats import parse_file
from competencies.framework.models import Competency, Framework, FrameworkState
from competencies.framework.queries import load_framework
from competencies.framework.seed import DEFAULT_FILE, seed_default_framework
from lms.permissions import SYSTEM

FILES = Path(__file__).parent / "files"


def test_csv_export_then_import_round_trips_exactly(db, small_framework):
    data = framework_data(load_framework(small_framework.id))
    text = csv_format.dump(data)
    assert csv_format.parse(text.encode()) == data
    data.version_label = "1.1"
    again = save_framework(csv_format.parse(csv_format.dump(data).encode()), actor=SYSTEM)
    assert framework_data(load_framework(again.id)) == data


def test_csv_keeps_multiline_and_chinese_text(db, small_json):
    small_json["competencies"][0]["children"][0]["description"] = {
        "en": "Line one\nLine, two",
        "zh_CN": "第一行\n第二行",
    }
    data = json_format.parse(__import__("json").dumps(small_json))
    assert csv_format.parse(csv_format.dump(data).encode("utf-8-sig")) == data


def test_csv_round_trips_a_scale_below_zero(db, small_json):
    """Scales may start below zero (e.g. -1 "not applicable"); their descriptor columns too."""
    for level in small_json["scale"]["levels"]:
        level["value"] -= 1
    child = small_json["competencies"][0]["children"][0]
    child["descriptors"] = {"-1": {"en": "Interrupts."}, "1": {"en": "Listens."}}
    data = json_format.parse(__import__("json").dumps(small_json))
    text = csv_format.dump(data)
    assert "descriptor_-1_en" in text.splitlines()[0]
    assert csv_format.parse(text.encode()) == data


def test_csv_with_a_bad_row_imports_nothing_and_names_the_row(db, small_framework):
    text = csv_format.dump(framework_data(load_framework(small_framework.id)))
    lines = text.splitlines()
    lines[6] = lines[6].replace("competency,A,A-1,", "competency,GHOST,A-1,", 1)
    lines.insert(3, "wizard" + "," * (lines[0].count(",")))
    before = db.session.scalar(select(func.count()).select_from(Framework))
    with pytest.raises(FrameworkFileError) as error:
        parse_file("fw.csv", ("\n".join(lines) + "\n").replace("1.0", "5.0").encode())
    assert [p.where for p in error.value.problems] == ["row 4"]
    del lines[3]
    with pytest.raises(FrameworkFileError) as error:
        save_framework(
            parse_file("fw.csv", ("\n".join(lines) + "\n").replace(",1.0,", ",5.0,").encode()),
            actor=SYSTEM,
        )
    assert any(p.where == "row 7" and "GHOST" in p.message for p in error.value.problems)
    assert db.session.scalar(select(func.count()).select_from(Framework)) == before


def test_moodle_csv_imports_hierarchy_scale_and_clean_text(db):
    data = parse_file("moodle.csv", (FILES / "moodle_framework.csv").read_bytes())
    framework = load_framework(save_framework(data, actor=SYSTEM).id)
    assert framework.idnumber == "MOODLE-FW" and framework.names == {"en": "Moodle PM framework"}
    assert framework.descriptions["en"] == "Imported from Moodle.\nLine one\nLine two"
    assert [
        (level.value, level.names["en"], level.is_proficient) for level in framework.levels
    ] == [(0, "Not yet competent", False), (1, "Competent", True), (2, "Expert", True)]
    by_id = {c.idnumber: c for c in framework.competencies}
    assert by_id["COMM-1-a"].parent is by_id["COMM-1"] and by_id["COMM-1"].parent is by_id["COMM"]
    assert by_id["PLAN-1"].parent is by_id["PLAN"] and by_id["COMM"].parent is None
    assert (
        by_id["COMM-1"].descriptions["en"]
        == "Writes status reports people read.\nKeeps them short."
    )
    assert by_id["PLAN"].descriptions["en"] == "Plans work."
    assert [c.idnumber for c in by_id["COMM-1"].related] == ["PLAN-1"]
    assert "alert" not in str([c.descriptions for c in framework.competencies])


# Written as Moodle writes them (PHP fputcsv: a field is quoted when it holds a space), with CRLF
# inside the descriptions typed into Moodle, and children before their parents:
MOODLE_FILES = {
    # Moodle 3.x: "Id number", "Shortname", "Cross referenced ...", LF between records
    "older spellings": "moodle_older_spellings.csv",
    # Moodle 4.x: "ID number", "Short name", "Cross-referenced ...", a UTF-8 BOM, CRLF throughout
    "current spellings": "moodle_current_crlf_bom.csv",
    # "Cross referenced competency id numbers (optional)", every field quoted (re-saved)
    "optional suffix": "moodle_optional_quoted.csv",
    # Moodle in Chinese: a translated header, read by position as Moodle does
    "translated header": "moodle_translated_zh.csv",
}


def _import_moodle(raw: bytes):
    return load_framework(save_framework(parse_file("moodle.csv", raw), actor=SYSTEM).id)


def _assert_moodle_framework(framework) -> None:
    assert framework.idnumber == "PM-FW" and framework.names == {"en": "Project management"}
    assert framework.descriptions["en"] == "Skills for running projects.\nUsed by the PMO."
    assert [
        (level.value, level.names["en"], level.is_proficient) for level in framework.levels
    ] == [(0, "Not yet competent", False), (1, "Competent", True), (2, "Expert", True)]
    by_id = {c.idnumber: c for c in framework.competencies}
    assert {c: (p.parent.idnumber if p.parent else None) for c, p in by_id.items()} == {
        "PLAN-1": "PLAN",
        "COMM-1-a": "COMM-1",
        "COMM-1": "COMM",
        "PLAN": None,
        "COMM": None,
    }
    assert by_id["COMM-1"].names == {"en": "Writes clearly"}
    assert [c.idnumber for c in by_id["COMM-1"].related] == ["PLAN-1"]
    descriptions = {c: p.descriptions.get("en") for c, p in by_id.items()}
    assert descriptions == {
        "PLAN-1": "Builds a schedule with milestones.",  # HTML: a source line break is a space
        "COMM-1-a": None,
        "COMM-1": "Writes status reports people read.\nShort\nPlain",
        "PLAN": "Plans work.\nReviews plans weekly.",  # Moodle's text format: it shows
        "COMM": "Talking & writing.",
    }


@pytest.mark.parametrize("name", MOODLE_FILES.values(), ids=MOODLE_FILES.keys())
def test_moodle_files_in_each_spelling_import_with_hierarchy_and_scale(db, name):
    _assert_moodle_framework(_import_moodle((FILES / name).read_bytes()))


def test_moodle_columns_are_found_by_name_in_any_order(db):
    text = (FILES / "moodle_older_spellings.csv").read_bytes().decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    order = [12, 2, 1, 0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([row[i] for i in order] for row in rows)
    assert out.getvalue().startswith("Is framework,Shortname,Id number,Parent id number,")
    _assert_moodle_framework(_import_moodle(out.getvalue().encode()))


def test_moodle_csv_with_a_bad_row_imports_nothing(db):
    raw = (
        (FILES / "moodle_framework.csv")
        .read_text()
        .replace('"PLAN","PLAN-1"', '"NOWHERE","PLAN-1"')
    )
    before = db.session.scalar(select(func.count()).select_from(Competency))
    with pytest.raises(FrameworkFileError) as error:
        save_framework(parse_file("moodle.csv", raw.encode()), actor=SYSTEM)
    assert [(p.where, "NOWHERE" in p.message) for p in error.value.problems] == [
        ("row 7", True)
    ]  # records, as a spreadsheet counts rows
    assert db.session.scalar(select(func.count()).select_from(Competency)) == before


def test_unknown_files_are_refused_with_a_reason(db):
    with pytest.raises(FrameworkFileError, match="problems"):
        parse_file("fw.xlsx", b"PK")
    with pytest.raises(FrameworkFileError):
        parse_file("fw.csv", b"a,b\n1,2\n")


def test_default_framework_ships_complete_in_both_languages(db):
    seed_default_framework()
    framework = load_framework(
        db.session.scalar(select(Framework.id).where(Framework.idnumber == "PMO-CORE"))
    )
    assert framework.state is FrameworkState.PUBLISHED
    assert [(level.value, level.is_proficient) for level in framework.levels] == [
        (0, False),
        (1, False),
        (2, False),
        (3, True),
        (4, True),
    ]
    areas = [c for c in framework.competencies if c.parent is None]
    elements = [c for c in framework.competencies if c.parent is not None]
    assert [a.idnumber for a in areas] == ["PER", "PEO", "PRA"]
    assert [len(a.children) for a in areas] == [5, 10, 14] and len(elements) == 29
    assert [c.idnumber for c in elements if c.is_programme_only] == ["PRA-14"]
    for element in elements:
        assert element.talent_triangle is not None
        for value in map(str, range(5)):
            assert element.descriptors[value]["en"] and element.descriptors[value]["zh_CN"], (
                element.idnumber
            )
        assert element.names["zh_CN"] and element.descriptions["zh_CN"]
    assert {area.talent_triangle.value for area in areas} == {
        "business_acumen",
        "power_skills",
        "ways_of_working",
    }


def test_reseeding_changes_nothing(db):
    seed_default_framework()
    counts = (
        db.session.scalar(select(func.count()).select_from(Framework)),
        db.session.scalar(select(func.count()).select_from(Competency)),
    )
    assert "present" in seed_default_framework()
    assert counts == (
        db.session.scalar(select(func.count()).select_from(Framework)),
        db.session.scalar(select(func.count()).select_from(Competency)),
    )


def test_shipped_file_round_trips_through_both_formats(db):
    data = json_format.parse(DEFAULT_FILE.read_bytes())
    assert json_format.parse(json_format.dump(data)) == data
    assert csv_format.parse(csv_format.dump(data).encode()) == data

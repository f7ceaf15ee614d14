"""Framework files: JSON round trip, every problem reported with its place, nothing half-saved."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from competencies.framework.files import json_format
from competencies.framework.files.data import FrameworkFileError
from competencies.framework.files.exchange import framework_data, save_framework
from competencies.framework.models import Competency, Framework
from competencies.framework.queries import load_framework
from lms.permissions import SYSTEM


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_json_export_then_import_round_trips_exactly(db, small_framework):
    exported = json_format.dump(framework_data(load_framework(small_framework.id)))
    data = json_format.parse(exported)
    assert data == framework_data(load_framework(small_framework.id))
    data.version_label = "1.1"
    again = save_framework(data, actor=SYSTEM)
    assert json_format.dump(framework_data(load_framework(again.id))) == exported.replace(
        '"version": "1.0"', '"version": "1.1"'
    )
    assert again.previous_id == small_framework.id


def test_hierarchy_relations_and_flags_are_kept(db, small_framework):
    framework = load_framework(small_framework.id)
    by_id = {c.idnumber: c for c in framework.competencies}
    assert by_id["A-1-a"].parent is by_id["A-1"] and by_id["A-1"].parent is by_id["A"]
    assert [c.idnumber for c in by_id["A-1"].related] == ["B-1"]
    assert by_id["B-1"].is_programme_only
    assert framework.proficient_from == 2
    assert by_id["A-1"].descriptors["0"]["zh_CN"] == "打断别人。"


@pytest.mark.parametrize(
    ("change", "where", "text"),
    [
        (
            lambda d: d["competencies"][0]["children"].append(
                {"idnumber": "B-1", "name": {"en": "Dup"}}
            ),
            "competencies[1].children[0]",
            "also used",
        ),
        (
            lambda d: d["competencies"][1]["children"][0].update(related=["NOPE"]),
            "competencies[1].children[0]",
            "NOPE",
        ),
        (
            lambda d: d["competencies"][1]["children"][0].update(name={}),
            "competencies[1].children[0]",
            "name is required",
        ),
        (
            lambda d: d["competencies"][1].update(talent_triangle="magic"),
            "competencies[1]",
            "magic",
        ),
        (
            lambda d: d["competencies"][1]["children"][0].update(descriptors={"7": {"en": "x"}}),
            "competencies[1].children[0]",
            "not on the scale",
        ),
        (lambda d: d["scale"]["levels"].pop(1), "scale", "consecutive"),
    ],
)
def test_a_broken_file_names_the_place_and_imports_nothing(db, small_json, change, where, text):
    change(small_json)
    before = (count(db, Framework), count(db, Competency))
    with pytest.raises(FrameworkFileError) as error:
        save_framework(json_format.parse(json.dumps(small_json)), actor=SYSTEM)
    assert any(p.where == where and text in p.message for p in error.value.problems), (
        error.value.problems
    )
    assert (count(db, Framework), count(db, Competency)) == before


def test_not_json_is_reported(db):
    with pytest.raises(FrameworkFileError, match="problems"):
        json_format.parse(b"{nope")


def test_same_version_twice_is_refused(db, small_framework, small_json):
    with pytest.raises(FrameworkFileError) as error:
        save_framework(json_format.parse(json.dumps(small_json)), actor=SYSTEM)
    assert "exists already" in error.value.problems[0].message


def test_cli_export_and_import(app, db, small_framework, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["framework", "export", "TEST-FW", "--format", "json"])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)
    assert exported["idnumber"] == "TEST-FW"
    exported["version"] = "2.0"
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    result = runner.invoke(args=["framework", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported TEST-FW 2.0 (5 competencies)" in result.output
    exported["competencies"][0]["children"][0]["related"] = ["GHOST"]
    exported["version"] = "3.0"
    path.write_text(json.dumps(exported), encoding="utf-8")
    result = runner.invoke(args=["framework", "import", str(path)])
    assert (
        result.exit_code != 0
        and "competencies[0].children[0]: Related competency GHOST" in result.output
    )

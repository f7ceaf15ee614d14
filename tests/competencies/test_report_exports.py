"""The team matrix and heatmap export as CSV and Excel whatever text is stored: characters a
spreadsheet cannot hold become U+FFFD, text past Excel's cell limit is cut, formulas stay text.

The odd texts are written straight into the database (imports and forms refuse them now): rows
stored before, or written by other tools, still hold them. PostgreSQL cannot store NUL at all,
so that one is stored on SQLite only; lone surrogates no database can store, so the export is
given them directly."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from competencies.careers.models import CareerLevel, CareerTarget
from competencies.careers.services import assign_career
from competencies.profiles.models import Rating, RatingKind
from lms.web.export import MAX_CELL, export_response
from tests.conftest import login
from tests.factories import DepartmentFactory, UserFactory

LONG = "Summarising " + "x" * 40_000  # Excel holds 32,767 characters in a cell
ODD = "Ann\x01 Ar\x0bcher\x1b[31m\ufffe"  # C0 controls and a non-character: not in XML 1.0
ODD_SHOWN = "Ann\ufffd Ar\ufffdcher\ufffd[31m\ufffd"


@pytest.fixture
def odd_org(db, people, small_framework):
    """One PM with an unprintable name in a department named like a formula, rated on a
    competency whose name is longer than a cell."""
    nul = "\x00" if db.engine.dialect.name == "sqlite" else ""
    by_code = {c.idnumber: c for c in small_framework.competencies}
    summarising = by_code["A-1-a"]
    summarising.names = {"en": LONG + "\x07"}
    level = CareerLevel(framework=small_framework, idnumber="L1", rank=1, names={"en": "L1"})
    level.targets = [CareerTarget(competency=summarising, level=2)]
    db.session.add(level)
    department = DepartmentFactory(name='=HYPERLINK(\x0c"x")')
    person = UserFactory(name=nul + ODD, department=department, roles=["pm"])
    assign_career(person, actor=people["hr"], current=level, aim=None)
    db.session.add(
        Rating(
            user_id=person.id,
            competency_id=summarising.id,
            level=1,
            kind=RatingKind.PMO,
            rated_on=date(2024, 5, 1),
        )
    )
    db.session.flush()
    return person, ("\ufffd" if nul else "") + ODD_SHOWN


def _export(app, people, url: str):
    client = app.test_client()
    assert login(client, people["hr"]).status_code == 302
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def _rows(response, fmt: str) -> list[list]:
    if fmt == "csv":
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset
        return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def _long_labels(header: list) -> list[str]:
    labels = [label for label in header if str(label).startswith("A-1-a Summarising xxx")]
    assert labels and all(len(label) == MAX_CELL and "x…x" in label for label in labels)
    return labels


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_team_matrix_exports_any_stored_text(app, db, people, odd_org, fmt):
    person, shown = odd_org
    header, *rows = _rows(_export(app, people, f"/competencies/team?format={fmt}"), fmt)
    row = next(row for row in rows if row[1] == person.email)
    assert row[0] == shown
    assert row[2] == '\'=HYPERLINK(\ufffd"x")'  # cleaned, and still no formula
    ends = [label.rsplit("\ufffd", 1)[1] for label in _long_labels(header)]  # after the bell
    assert ends == [" · confirmed", " · gap"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_heatmap_exports_any_stored_text(app, db, people, odd_org, fmt):
    header, *rows = _rows(_export(app, people, f"/competencies/heatmap?format={fmt}"), fmt)
    assert '\'=HYPERLINK(\ufffd"x")' in [row[0] for row in rows]
    assert [label[-2:] for label in _long_labels(header)] == ["x\ufffd"]  # the bell


def test_an_export_replaces_what_no_spreadsheet_holds_and_keeps_other_values(app):
    frame = pd.DataFrame(
        {
            "Name\x00": ["half \ud83d pair", "\x00=1+1", "\t=cmd", "中文 \U0001f600 ok", None],
            "Mixed": ["text", 7, 2.5, "@SUM(A1)", None],
            "n": [1, 2, 3, 4, 5],
        }
    )
    csv_text = export_response(frame, "t", "csv").get_data().decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(export_response(frame, "t", "xlsx").get_data()))
    from_csv = list(csv.reader(io.StringIO(csv_text, newline="")))
    from_xlsx = [list(row) for row in sheet.active.iter_rows(values_only=True)]
    names = ["half \ufffd pair", "\ufffd=1+1", "'\t=cmd", "中文 \U0001f600 ok"]
    assert [row[0] for row in from_csv] == ["Name\ufffd", *names, ""]
    assert [row[0] for row in from_xlsx] == ["Name\ufffd", *names, None]
    assert [row[1] for row in from_xlsx[1:]] == ["text", 7, 2.5, "'@SUM(A1)", None]
    assert [row[2] for row in from_xlsx[1:]] == [1, 2, 3, 4, 5]

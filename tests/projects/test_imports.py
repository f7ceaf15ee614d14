"""Timesheet imports with files as the tools write them (Redmine in English, German and
Chinese, a Tempo worklog export, Excel's semicolon CSV, LibreOffice in person-days): checked
row by row, nothing imported on any problem, a period imported twice counted once, an import
rolled back, locked months refused."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.errors import ImportRefused, ServiceError
from lms.projects.actuals import lock_month
from lms.projects.importers import check_batch, import_batch, roll_back_import, upload_timesheet
from lms.projects.models import BatchState, EffortRole, PeriodRecord
from lms.projects.timesheets import Settings, parse_amount, parse_day, role_of
from tests.factories import UserFactory
from tests.projects.conftest import actual, make_project, plan

FILES = Path(__file__).parent / "files"
R = EffortRole
MARCH = {R.DEVELOPER: Decimal("0.94"), R.ARCHITECT: Decimal("0.50"), R.TESTER: Decimal("0.31")}


@pytest.fixture
def erp(db, people, department):
    """ACME ERP rollout (code ERP1), run by Priya Shah, planned over 2026."""
    priya = UserFactory(
        email="priya@example.com", name="Priya Shah", department=department, roles=["pm"]
    )
    found = make_project(people, department, code="ERP1", name="ACME ERP rollout")
    found.pm_id = priya.id
    plan(found, people, date(2026, 1, 1), date(2026, 12, 31), 100_000, days=200)
    return found


def _upload(name: str, actor, **settings):
    raw = (FILES / name).read_bytes() if isinstance(name, str) else name
    return upload_timesheet(raw, actor=actor, filename="t.csv", settings=Settings(**settings))


def _efforts(project, start: date) -> dict:
    found = project_record(project, start)
    return {e.role: e.person_days for e in found.efforts} if found else {}


def project_record(project, start):
    from lms.extensions import db

    return db.session.scalar(
        select(PeriodRecord).where(
            PeriodRecord.project_id == project.id, PeriodRecord.period_start == start
        )
    )


@pytest.mark.parametrize(
    ("name", "settings"),
    [
        ("redmine_en.csv", {}),
        ("redmine_de.csv", {}),
        ("redmine_zh.csv", {}),
        ("tempo_worklogs.csv", {}),
        ("excel_semicolon.csv", {"day_first": True}),
        ("libreoffice_days.csv", {"in_hours": False}),
    ],
)
def test_files_as_the_tools_write_them_import_the_same_effort(db, people, erp, name, settings):
    batch = _upload(name, people["pmo"], **settings)
    check = check_batch(batch, people["pmo"])
    assert check.problems == [] and len(check.rows) == 4
    import_batch(batch, actor=people["pmo"])
    assert _efforts(erp, date(2026, 3, 1)) == MARCH
    assert _efforts(erp, date(2026, 4, 1)) == {
        R.PROJECT_MANAGER: Decimal("0.13")
    }  # 1 h of 8, half up


def _thousand_rows(bad_row: int | None = None) -> bytes:
    lines = ["Project,Date,Email,Role,Hours"]
    for n in range(1, 1001):
        day = f"2026-{1 + n % 3:02d}-{1 + n % 28:02d}"
        lines.append(f"ERP1,{day},priya@example.com,Development,{'7.5x' if n == bad_row else 4}")
    return ("\r\n".join(lines) + "\r\n").encode()


def test_one_bad_row_among_a_thousand_imports_nothing_and_names_the_row(db, people, erp):
    batch = _upload(_thousand_rows(bad_row=500), people["pmo"])
    check = check_batch(batch, people["pmo"])
    assert [(p.row, p.column) for p in check.problems] == [(501, "Hours")]  # header is row 1
    assert "7.5x" in check.problems[0].message
    with pytest.raises(ImportRefused) as refused:
        import_batch(batch, actor=people["pmo"])
    assert refused.value.problems[0].row == 501
    assert db.session.scalar(select(func.count()).select_from(PeriodRecord)) == 0
    assert batch.state == BatchState.CHECKED


def test_a_thousand_good_rows_import_into_their_periods(db, people, erp):
    batch = import_batch(_upload(_thousand_rows(), people["pmo"]), actor=people["pmo"])
    assert batch.rows == 1000 and len(batch.periods) == 3
    total = db.session.scalar(select(func.sum(PeriodRecord.effort_days)))
    assert total == 500  # 1,000 rows of 4 hours at 8 hours a day


def test_re_importing_a_period_replaces_its_effort(db, people, erp):
    import_batch(_upload("redmine_en.csv", people["pmo"]), actor=people["pmo"])
    import_batch(_upload("redmine_en.csv", people["pmo"]), actor=people["pmo"])
    assert _efforts(erp, date(2026, 3, 1)) == MARCH
    assert db.session.scalar(select(func.count()).select_from(PeriodRecord)) == 2


def test_an_import_keeps_the_pms_percent_and_note_and_rolls_back(db, people, erp):
    before = actual(
        erp, people, date(2026, 3, 1), 40, days=9, note="Design done", actor=people["pmo"]
    )
    before_days = before.effort_days
    batch = import_batch(_upload("redmine_en.csv", people["pmo"]), actor=people["pmo"])
    held = project_record(erp, date(2026, 3, 1))
    assert held.effort_days == Decimal("1.75") and held.percent_complete == 40
    assert held.note == "Design done"
    roll_back_import(batch, actor=people["pmo"])
    assert batch.state == BatchState.ROLLED_BACK
    restored = project_record(erp, date(2026, 3, 1))
    assert restored.effort_days == before_days and _efforts(erp, date(2026, 3, 1)) == {
        R.DEVELOPER: Decimal(9)
    }
    assert project_record(erp, date(2026, 4, 1)) is None  # the import had made it


def test_a_roll_back_refuses_a_period_changed_since(db, people, erp):
    batch = import_batch(_upload("redmine_en.csv", people["pmo"]), actor=people["pmo"])
    actual(erp, people, date(2026, 4, 1), 5, days=3, actor=people["pmo"])  # a correction
    with pytest.raises(ServiceError, match="2026-04-01"):
        roll_back_import(batch, actor=people["pmo"])
    assert batch.state == BatchState.APPLIED


def test_a_locked_month_refuses_imports(db, people, erp):
    lock_month(date(2026, 4, 1), actor=people["pmo"])
    check = check_batch(_upload("redmine_en.csv", people["pmo"]), people["pmo"])
    assert [(p.row, p.column) for p in check.problems] == [(5, "Date")]
    assert "locked" in check.problems[0].message


def test_a_month_locked_after_the_check_still_refuses_the_import(db, people, erp):
    batch = _upload("redmine_en.csv", people["pmo"])
    assert check_batch(batch, people["pmo"]).problems == []
    lock_month(date(2026, 3, 1), actor=people["pmo"])
    with pytest.raises(ImportRefused):
        import_batch(batch, actor=people["pmo"])
    assert db.session.scalar(select(func.count()).select_from(PeriodRecord)) == 0


def test_an_import_happens_once(db, people, erp):
    batch = import_batch(_upload("redmine_en.csv", people["pmo"]), actor=people["pmo"])
    with pytest.raises(ServiceError, match="already"):
        import_batch(batch, actor=people["pmo"])


def test_a_pm_imports_only_into_projects_they_run(db, people, erp):
    check = check_batch(_upload("excel_semicolon.csv", people["pm"]), people["pm"])
    assert {p.message for p in check.problems} == {"You cannot record actuals of ERP1."}


def test_unknown_projects_and_people_are_named_by_row(db, people, erp):
    raw = b"Project,Date,Email,Hours\nNOPE,2026-03-02,priya@example.com,1\nERP1,2026-03-02,who@x.test,1\n"
    check = check_batch(_upload(raw, people["pmo"]), people["pmo"])
    assert [(p.row, p.column) for p in check.problems] == [(2, "Project"), (3, "Email")]


def test_the_mapping_is_remembered_for_the_same_header(db, people, erp):
    from lms.projects.importers import remap_timesheet

    first = _upload("tempo_worklogs.csv", people["pmo"])
    assert first.mapping["person"] == "Full name"
    mapping = {**first.mapping, "project": "Project Name"}
    remap_timesheet(first, actor=people["pmo"], mapping=mapping, settings=Settings())
    again = _upload("tempo_worklogs.csv", people["pmo"])
    assert again.mapping["project"] == "Project Name"
    assert check_batch(again, people["pmo"]).problems == []  # found by name as well


def test_a_missing_column_is_said_once_at_the_top(db, people, erp):
    check = check_batch(_upload(b"Project,When,Hours\nERP1,2026-03-02,1\n", people["pmo"]),
                        people["pmo"])  # fmt: skip
    assert [p.row for p in check.problems] == [1] and "Date" in check.problems[0].message


@pytest.mark.parametrize(
    ("text", "value"),
    [("7.5", "7.5"), ("7,5", "7.5"), ("1,234.5", "1234.5"), ("1.234,5", "1234.5"), (" 8 ", "8")],
)
def test_amounts_read_with_decimal_points_or_commas(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "day_first", "value"),
    [
        ("2026-03-02", True, date(2026, 3, 2)),
        ("2026-03-02 09:30", True, date(2026, 3, 2)),
        ("02.03.2026", True, date(2026, 3, 2)),
        ("2026/3/2", True, date(2026, 3, 2)),
        ("02/03/2026", True, date(2026, 3, 2)),
        ("03/02/2026", False, date(2026, 3, 2)),
        ("2-Mar-2026", True, date(2026, 3, 2)),
    ],
)
def test_dates_read_as_spreadsheets_and_tools_write_them(text, day_first, value):
    assert parse_day(text, Settings(day_first=day_first)) == value


def test_activity_names_count_for_their_role():
    assert [role_of(a) for a in ("Development", "Entwicklung", "测试", "Design", "Support")] == [
        R.DEVELOPER, R.DEVELOPER, R.TESTER, R.ARCHITECT, R.OTHER,
    ]  # fmt: skip


def test_the_pages_take_a_file_from_upload_to_roll_back(db, people, erp, login_as):
    client = login_as(people["pmo"])
    template = client.get("/projects/imports/template.csv")
    assert template.data.startswith(b"\xef\xbb\xbfProject,Date,Email,Role,Hours")
    template.close()
    data = {
        "file": (io.BytesIO((FILES / "redmine_en.csv").read_bytes()), "redmine.csv"),
        "unit": "hours", "hours_per_day": "8", "day_first": "day",
    }  # fmt: skip
    uploaded = client.post("/projects/imports", data=data, content_type="multipart/form-data")
    assert uploaded.status_code == 302
    check = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="ready"' in check and "Import 4 rows" in check
    batch_id = int(uploaded.headers["Location"].rstrip("/").split("/")[-1])
    assert client.post(f"/projects/imports/{batch_id}/apply").status_code == 302
    assert _efforts(erp, date(2026, 3, 1)) == MARCH
    assert client.post(f"/projects/imports/{batch_id}/roll-back").status_code == 302
    assert project_record(erp, date(2026, 3, 1)) is None
    listed = client.get("/projects/imports").get_data(as_text=True)
    assert "redmine.csv" in listed and "Rolled back" in listed

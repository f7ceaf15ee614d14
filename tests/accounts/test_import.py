"""The people CSV import: every row checked first, nothing half-saved, re-import is a no-op."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from lms.accounts.importers import import_people
from lms.accounts.models import Department, User
from lms.audit.models import AuditEntry
from lms.errors import ServiceError
from lms.permissions import Role

HEADER = "email,name,department,job_title,roles,director_email\n"


def make_csv(rows: int = 100, bad_row: int | None = None) -> bytes:
    lines = [HEADER]
    for n in range(rows):
        email = f"pm{n:03d}@corp.example" if n != bad_row else "not-an-email"
        department = f"Delivery {n % 5}"
        director = f"pm{(n % 5):03d}@corp.example"
        lines.append(f"{email},PM {n},{department},Project manager,pm,{director}\n")
    return "".join(lines).encode()


def count(model) -> int:
    from lms.extensions import db

    return db.session.scalar(select(func.count()).select_from(model))


def test_one_bad_row_among_100_imports_nothing_and_names_row_and_field(db, people):
    before = (count(User), count(Department))
    result = import_people(make_csv(100, bad_row=41), actor=people["admin"])
    assert [(e.row, e.column) for e in result.errors] == [(43, "email")]  # header is row 1
    assert "not-an-email" in result.errors[0].message
    assert (count(User), count(Department)) == before


def test_good_file_creates_people_departments_directors_and_roles(db, people):
    result = import_people(
        make_csv(100), actor=people["admin"], initial_password="welcome to the academy"
    )
    assert (result.created, result.departments_created, result.errors) == (100, 5, [])
    assert result.departments_updated == 0  # new departments count once, as created
    director = db.session.scalar(select(User).where(User.email == "pm002@corp.example"))
    assert director.roles == {Role.PM, Role.DIRECTOR}
    assert director.must_change_password and director.password_hash
    department = db.session.scalar(select(Department).where(Department.name == "Delivery 2"))
    assert department.director is director
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "people.imported"))
    assert entry.changes["created"] == 100


def test_reimporting_the_same_file_changes_nothing(db, people):
    import_people(make_csv(100), actor=people["admin"])
    db.session.flush()
    versions = dict(db.session.execute(select(User.email, User.version)).all())
    audit_before = count(AuditEntry)
    from tests.querycount import count_queries

    with count_queries(db.engine) as queries:
        result = import_people(make_csv(100), actor=people["admin"])
    assert queries.count < 10  # existing people and their roles load in bulk, not per row
    assert (result.created, result.updated, result.unchanged) == (0, 0, 100)
    assert not result.changed
    assert dict(db.session.execute(select(User.email, User.version)).all()) == versions
    assert count(AuditEntry) == audit_before


def test_changed_row_updates_only_that_person(db, people):
    import_people(make_csv(10), actor=people["admin"])
    changed = make_csv(10).replace(b"pm007@corp.example,PM 7", b"pm007@corp.example,PM Seven")
    result = import_people(changed, actor=people["admin"])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 9)


def test_import_keeps_the_admin_role_it_cannot_grant(db, people):
    csv = (HEADER + f"{people['admin'].email},Admin Person,Delivery,Admin,hr,\n").encode()
    result = import_people(csv, actor=people["admin"])
    assert not result.errors
    assert people["admin"].roles == {Role.ADMIN, Role.HR}


@pytest.mark.parametrize(
    ("line", "column", "text"),
    [
        ("a@corp.example,,Delivery,PM,pm,", "name", "name is required"),
        ("a@corp.example,Ann,Delivery,PM,wizard,", "roles", "Unknown role"),
        ("a@corp.example,Ann,Delivery,PM,admin,", "roles", "Unknown role"),
        ("a@corp.example,Ann,Delivery,PM,pm,ghost@corp.example", "director_email", "No person"),
        ("a@corp.example,Ann,,PM,pm,a@corp.example", "department", "department is required"),
        ("a@corp.example,Ann,Delivery,PM,pm,not-mail", "director_email", "not a valid"),
    ],
)
def test_each_rule_names_its_column(db, people, line, column, text):
    result = import_people((HEADER + line + "\n").encode(), actor=people["admin"])
    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert text in result.errors[0].message


def test_duplicate_emails_and_conflicting_directors_are_found(db, people):
    csv = (
        HEADER + "a@corp.example,Ann,D1,PM,pm,a@corp.example\n"
        "A@corp.example,Ann Again,D1,PM,pm,b@corp.example\n"
        "b@corp.example,Bob,D2,PM,pm,\n"
    ).encode()
    result = import_people(csv, actor=people["admin"])
    assert {(e.row, e.column) for e in result.errors} == {(3, "email"), (3, "director_email")}


def test_missing_column_is_reported(db, people):
    result = import_people(b"mail_address,name\nx@y.z,X\n", actor=people["admin"])
    assert result.errors[0].column == "email"


def test_excel_files_in_utf8_bom_gb18030_and_semicolons_are_read(db, people):
    text = "email;name;department\nli@corp.example;李娜;交付中心\n"
    for raw in (("\ufeff" + text).encode("utf-8"), text.encode("gb18030")):
        result = import_people(raw, actor=people["admin"])
        assert not result.errors
    assert db.session.scalar(select(User.name).where(User.email == "li@corp.example")) == "李娜"


def test_quoted_delimiters_and_blank_lines_are_read(db, people):
    csv = (HEADER + '"q@corp.example","Quinn Smith",Delivery,"PM, senior",pm,\n\n,,,,,\n').encode()
    result = import_people(csv, actor=people["admin"])
    assert not result.errors and result.created == 1
    assert db.session.scalar(select(User.job_title).where(User.name == "Quinn Smith")) == (
        "PM, senior"
    )


def errors_of(raw: bytes, people) -> list[tuple[int, str]]:
    """(row, column) of each error; the file must have imported nothing."""
    before = (count(User), count(Department))
    result = import_people(raw, actor=people["admin"])
    assert (count(User), count(Department)) == before
    return [(e.row, e.column) for e in result.errors]


@pytest.mark.parametrize(
    ("text", "column", "code"),
    [
        ("Ann\x00Archer", "name", "U+0000"),
        ("Ann\x07", "name", "U+0007"),
        ("\x1b[31mAnn", "name", "U+001B"),
        ("Ann\x7f", "name", "U+007F"),
        ("Ann\x85Archer", "name", "U+0085"),
        ("Ann\tArcher", "name", "one line"),
        ("Deli\x00very", "department", "U+0000"),
        ("P\x0bM", "job_title", "U+000B"),
    ],
)
def test_control_characters_are_refused_naming_row_and_column(db, people, text, column, code):
    values = {"name": "Ann", "department": "Delivery", "job_title": "PM"} | {column: text}
    line = f"a@corp.example,{values['name']},{values['department']},{values['job_title']},pm,"
    result = import_people((HEADER + line + "\n").encode(), actor=people["admin"])
    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert code in result.errors[0].message
    assert not result.changed


def test_a_line_break_in_a_name_is_refused_and_rows_count_records_not_lines(db, people):
    csv = HEADER + '"q@corp.example","Quinn\nSmith",D,PM,pm,\n"r@corp.example","R\x00",D,PM,pm,\n'
    assert errors_of(csv.encode(), people) == [(2, "name"), (3, "name")]


def test_short_and_long_rows_are_refused_naming_the_row_and_both_counts(db, people):
    csv = (
        HEADER + "a@corp.example,Ann,Delivery,PM,pm,\n"
        "b@corp.example,Bob,Delivery,PM,pm\n"  # a field short
        "c@corp.example,Cai,Delivery,PM,pm,,extra\n"
    ).encode()
    result = import_people(csv, actor=people["admin"])
    assert [(e.row, e.column) for e in result.errors] == [(3, ""), (4, "")]
    assert "5 fields" in result.errors[0].message and "header has 6" in result.errors[0].message
    assert "7 fields" in result.errors[1].message
    assert not result.changed and count(User) == len(people)


def test_a_doubled_quote_after_the_first_4_kb_imports_exactly(db, people):
    """The dialect used to be sniffed from the first 4 KB: a later "" escape was read wrongly."""
    lines = [HEADER] + [f"p{n:03d}@corp.example,Person {n},Delivery,PM,pm,\n" for n in range(120)]
    lines.append('"anna@corp.example","Anna ""Nan"" Smith",Delivery,"PM, ""senior""",pm,\n')
    assert len("".join(lines[:-1])) > 4096
    result = import_people("".join(lines).encode(), actor=people["admin"])
    assert not result.errors
    anna = db.session.scalar(select(User).where(User.email == "anna@corp.example"))
    assert (anna.name, anna.job_title) == ('Anna "Nan" Smith', 'PM, "senior"')


@pytest.mark.parametrize(
    ("line", "row"),
    [
        ('"a@corp.example"x,Ann,D,PM,pm,\nb@corp.example,Bob,D,PM,pm,\n', 2),
        ('a@corp.example,Ann,D,PM,pm,\n"b@corp.example,Bob,D,PM,pm,\n', 3),
    ],
)
def test_a_broken_quote_is_refused_at_its_row(db, people, line, row):
    assert errors_of((HEADER + line).encode(), people) == [(row, "")]


def test_the_delimiter_comes_from_the_header_outside_quotes(db, people):
    for delimiter in (";", "\t"):
        text = delimiter.join(["email", "name", '"job, title"']) + "\n"
        text += delimiter.join(["x@corp.example", '"Xu, Li; Jr."', "PM"]) + "\n"
        assert not import_people(text.encode(), actor=people["admin"]).errors
    assert db.session.scalar(select(User.name).where(User.email == "x@corp.example")) == (
        "Xu, Li; Jr."
    )


def test_header_names_match_however_they_are_spelt(db, people):
    csv = "E-mail,Name,Job Title,Department,Director e-mail,Parent-Department\n"
    csv += "a@corp.example,Ann,PM,Team,a@corp.example,Division\nb@corp.example,Bob,PM,Division,,\n"
    assert not import_people(csv.encode(), actor=people["admin"]).errors
    team = db.session.scalar(select(Department).where(Department.name == "Team"))
    assert team.director.email == "a@corp.example" and team.parent.name == "Division"


def test_a_column_named_twice_is_refused(db, people):
    assert errors_of(b"email,name,Name\na@corp.example,Ann,Anna\n", people) == [(1, "name")]


def test_parent_departments_in_any_order_and_loops_refused(db, people):
    header = "email,name,department,parent_department\n"
    ok = (header + "a@c.example,A,Team A,Division\nb@c.example,B,Division,\n").encode()
    assert not import_people(ok, actor=people["admin"]).errors
    team = db.session.scalar(select(Department).where(Department.name == "Team A"))
    assert team.parent.name == "Division"
    loop = (header + "c@c.example,C,X,Y\nd@c.example,D,Y,X\n").encode()
    assert any(
        e.column == "parent_department" for e in import_people(loop, actor=people["admin"]).errors
    )


def test_empty_and_binary_files_get_a_clear_message(db, people):
    with pytest.raises(ServiceError, match="empty"):
        import_people(b"", actor=people["admin"])
    with pytest.raises(ServiceError):
        import_people(b"email,name\n", actor=people["admin"])


def test_import_page_names_the_row_and_column_of_a_control_character(client, db, people, login_as):
    login_as(people["hr"])
    raw = (HEADER + "a@corp.example,Ann\x00,Delivery,PM,pm,\n").encode()
    response = client.post(
        "/people/import",
        data={"file": (io.BytesIO(raw), "people.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<td>2</td><td><code>name</code></td>" in html and "U+0000" in html
    assert count(User) == len(people)


def test_import_page_shows_row_errors_and_saves_nothing(client, db, people, login_as):
    login_as(people["hr"])
    response = client.post(
        "/people/import",
        data={"file": (io.BytesIO(make_csv(100, bad_row=10)), "people.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nothing was imported" in html and "<td>12</td>" in html
    assert count(User) == len(people)


def test_import_page_imports_and_reports(client, db, people, login_as):
    login_as(people["admin"])
    response = client.post(
        "/people/import",
        data={"file": (io.BytesIO(make_csv(20)), "people.csv")},
        content_type="multipart/form-data",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "People — created: 20, updated: 0, unchanged: 0." in response.get_data(as_text=True)
    assert "Departments — created: 5, updated: 0." in response.get_data(as_text=True)
    assert "<html" not in response.get_data(as_text=True)  # an htmx fragment


def test_import_page_refuses_other_file_types(client, db, people, login_as):
    login_as(people["admin"])
    response = client.post(
        "/people/import",
        data={"file": (io.BytesIO(b"<html>"), "people.html")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Upload a .csv file" in response.get_data(as_text=True)


def test_five_thousand_rows_import_in_one_request(client, db, people, login_as):
    login_as(people["admin"])
    with_queries = __import__("tests.querycount", fromlist=["count_queries"]).count_queries
    with with_queries(db.engine) as queries:
        response = client.post(
            "/people/import",
            data={"file": (io.BytesIO(make_csv(5000)), "people.csv")},
            content_type="multipart/form-data",
        )
    assert response.status_code == 200
    assert count(User) == len(people) + 5000
    assert queries.count < 200  # batched: not one round trip per row

"""Reference data kept per process (lms.reference): served from the process's copy until a
transaction that changes it commits, in whatever shape the change comes."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import update

from competencies.framework.models import Competency
from competencies.framework.snapshots import framework_snapshot
from lms import reference
from tests.factories import FrameworkFactory


def _request_ends() -> None:
    """The next request reads the token again (the test keeps one request context)."""
    g.pop("reference_token", None)


def _loads(key: str) -> list[int]:
    """A load that counts its calls, cached under `key`."""
    calls: list[int] = []

    def load():
        calls.append(1)
        return len(calls)

    return calls, lambda: reference.cached((key,), load)


@pytest.fixture
def committed_framework(db):
    framework = FrameworkFactory()
    db.session.commit()  # the test's outer transaction keeps it; a token is recorded
    _request_ends()
    return framework


def test_a_value_is_loaded_once_until_reference_data_changes(db, committed_framework):
    calls, read = _loads("count")
    assert read() == read() == 1
    _request_ends()
    assert read() == 1, "another request under the same token reads the kept copy"
    competency = committed_framework.competencies[0]
    competency.names = {**competency.names, "en": "Renamed"}
    db.session.commit()
    _request_ends()
    assert read() == 2, "a committed change is a new token: loaded again"
    assert len(calls) == 2


def test_the_transaction_that_changed_reference_data_reads_past_the_copy(db, committed_framework):
    snapshot = framework_snapshot(committed_framework.id)
    first = committed_framework.assessed_competencies[0]
    first.is_retired = True
    db.session.flush()  # not committed: only this transaction sees it
    fresh = framework_snapshot(committed_framework.id)
    assert first.id not in {c.id for c in fresh.assessed_competencies}
    assert first.id in {c.id for c in snapshot.assessed_competencies}


def test_a_bulk_statement_through_the_session_changes_the_token(db, committed_framework):
    before = reference.token()
    db.session.execute(
        update(Competency)
        .where(Competency.framework_id == committed_framework.id)
        .values(is_retired=True)
    )
    db.session.commit()
    _request_ends()
    assert reference.token() != before
    assert framework_snapshot(committed_framework.id).assessed_competencies == []


def test_a_rollback_keeps_the_token_and_the_copy(db, committed_framework):
    _calls, read = _loads("rolled back")
    before = reference.token()
    read()
    committed_framework.assessed_competencies[0].is_retired = True
    db.session.flush()
    assert read() == 2, "uncommitted changes are read past the copy"
    db.session.rollback()
    _request_ends()
    assert reference.token() == before
    assert read() == 1, "the copy kept under the token is still the truth"


def test_changes_to_other_data_keep_the_copy(db, committed_framework, people):
    db.session.commit()  # the fixtures' departments
    _request_ends()
    before = reference.token()
    people["pm"].name = "Someone Else"
    db.session.commit()
    _request_ends()
    assert reference.token() == before


def test_a_snapshot_reads_as_the_framework_row(db, committed_framework):
    snapshot = framework_snapshot(committed_framework.id)
    assert [c.id for c in snapshot.assessed_competencies] == [
        c.id for c in committed_framework.assessed_competencies
    ]
    assert [
        (area.name, [c.name for c in members]) for area, members in snapshot.assessed_by_area()
    ] == [
        (area.name, [c.name for c in members])
        for area, members in committed_framework.assessed_by_area()
    ]
    assert [level.value for level in snapshot.levels] == [
        level.value for level in committed_framework.levels
    ]
    assert snapshot.proficient_from == committed_framework.proficient_from


def test_the_org_chart_follows_a_committed_change_of_director(db, people):
    from lms.accounts.queries import department_tree

    db.session.commit()
    _request_ends()
    department = people["pm"].department
    assert department_tree().director_chain(department.id) == {people["director"].id}
    department.director = people["hr"]
    db.session.commit()
    _request_ends()
    assert department_tree().director_chain(department.id) == {people["hr"].id}


def test_a_snapshots_names_follow_the_readers_language(app, db, committed_framework):
    from flask_babel import force_locale

    competency = framework_snapshot(committed_framework.id).assessed_competencies[0]
    row = next(c for c in committed_framework.competencies if c.id == competency.id)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert competency.name == row.names["en"]
        with force_locale("zh_CN"):
            assert competency.name == row.names.get("zh_CN", row.names["en"])
        assert competency.name == row.names["en"]

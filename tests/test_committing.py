"""lms.db.committing: a lost race (version check, or a unique constraint two people acting at
once can trip) is "reload and try again"; any other integrity error is the bug it is."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint

from lms.accounts import services
from lms.accounts.models import Department, User
from lms.db import RACE_CONSTRAINTS, committing
from lms.errors import ConflictError


def test_every_race_constraint_is_a_unique_constraint_of_the_schema(db):
    unique = {
        constraint.name
        for table in db.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint)
    }
    assert RACE_CONSTRAINTS and unique >= RACE_CONSTRAINTS, RACE_CONSTRAINTS - unique


def test_a_race_on_a_listed_unique_constraint_asks_to_reload(db, people):
    """Both checked the e-mail was free, then both inserted it: the loser is told to reload."""
    with pytest.raises(ConflictError, match="Reload and try again"), committing():
        db.session.add_all(
            [User(email="twin@x.test", name="A"), User(email="twin@x.test", name="B")]
        )
    assert db.session.query(User).filter_by(email="twin@x.test").count() == 0


def test_any_other_integrity_error_is_logged_and_raised(db, caplog):
    from sqlalchemy.exc import IntegrityError

    with (
        caplog.at_level(logging.ERROR, logger="lms.db"),
        pytest.raises(IntegrityError),
        committing(),
    ):
        db.session.add(Department(name=None))  # NOT NULL: no race explains it
    assert "integrity error that no race explains" in caplog.text


def test_a_view_answers_500_for_an_integrity_error_no_race_explains(
    app, client, db, people, login_as, monkeypatch, caplog
):
    def broken_save(user, locale):
        db.session.add(Department(name=None))
        db.session.flush()

    monkeypatch.setattr(services, "set_locale", broken_save)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    login_as(people["pm"])
    with caplog.at_level(logging.ERROR):
        response = client.post("/profile/", data={"locale": "en"})
    assert response.status_code == 500
    assert "Someone else changed this" not in response.get_data(as_text=True)

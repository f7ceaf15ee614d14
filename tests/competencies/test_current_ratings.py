"""One rule for a person's level in a competency (profiles.ratings): the newest self and the
newest confirmed rating across the versions of a framework, matched by the framework's id number
and the competency's id number. The profile, the director's panel and the reports all read it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import MetaData, insert, select

from competencies.careers.services import assign_career
from competencies.profiles.models import CurrentRating, Rating, RatingKind
from competencies.profiles.panels import team_awaiting_assessment
from competencies.profiles.profile import load_profile
from competencies.profiles.ratings import make_current, rebuild_current
from competencies.profiles.services import confirm_level, rate_self
from competencies.reports import gaps, matrix, queries
from competencies.reports.heatmap import organisation_heatmap
from lms import create_app
from lms.extensions import db
from tests import databases
from tests.factories import CareerLevelFactory, FrameworkFactory, RatingFactory


def _leaf(framework, idnumber):
    return next(c for c in framework.competencies if c.idnumber == idnumber)


def _current(person) -> set[tuple]:
    rows = db.session.scalars(select(CurrentRating).where(CurrentRating.user_id == person.id))
    return {
        (r.framework_idnumber, r.competency_idnumber, r.is_confirmed, r.rating_id, r.level)
        for r in rows
    }


@pytest.fixture
def two_frameworks(db, people, small_framework):
    """The framework in use (TEST-FW, the PM aims at its level L1) and another published one
    (OTHER-FW) that reuses the same competency id numbers."""
    other = FrameworkFactory(idnumber="OTHER-FW")
    level = CareerLevelFactory(framework=small_framework, targets={"A-1-a": 2, "B-1": 1})
    assign_career(people["pm"], actor=people["hr"], current=level, aim=None)
    return small_framework, other


def test_profile_panel_and_reports_agree_when_another_framework_reuses_id_numbers(
    app, db, people, two_frameworks
):
    """A confirmation in OTHER-FW's A-1-a is not a confirmation of TEST-FW's A-1-a: the PM
    still awaits assessment, the profile shows no confirmed level, the reports no level."""
    in_use, other = two_frameworks
    pm, director = people["pm"], people["director"]
    rate_self(pm, _leaf(in_use, "A-1-a"), 1, actor=pm)
    confirm_level(pm, _leaf(other, "A-1-a"), 2, actor=director, justification="Seen elsewhere.")

    rows = {row.competency.idnumber: row for row in load_profile(pm).rows}
    assert rows["A-1-a"].self_rating.level == 1 and rows["A-1-a"].confirmed is None
    assert rows["A-1-a"].gap == 2
    assert dict((user.name, waiting) for user, waiting in team_awaiting_assessment(director))[
        pm.name
    ]
    competencies = gaps.load_competencies()
    filters = queries.Filters(department_ids=frozenset({pm.department_id}))
    team = matrix.team_table(filters, competencies, [])
    own = team[team[team.columns[1]] == pm.email].iloc[0]
    assert own.filter(like="A-1-a").filter(like="confirmed").isna().all()
    assert own.filter(like="A-1-a").filter(like="gap").tolist() == [2]
    heat = organisation_heatmap(filters, competencies)
    assert heat.rows[_leaf(in_use, "A-1-a").id].tolist() == [2.0]

    # the director then confirms TEST-FW's own A-1-a: all three move together
    confirm_level(pm, _leaf(in_use, "A-1-a"), 2, actor=director, justification="Seen here.")
    rows = {row.competency.idnumber: row for row in load_profile(pm).rows}
    assert rows["A-1-a"].confirmed_level == 2 and rows["A-1-a"].gap == 0
    assert not dict((user.name, w) for user, w in team_awaiting_assessment(director))[pm.name]
    heat = organisation_heatmap(filters, gaps.load_competencies())
    assert heat.rows[_leaf(in_use, "A-1-a").id].tolist() == [0.0]


def test_the_newest_rating_stays_current_whichever_is_recorded_last(db, people, small_framework):
    """Two confirmations committing in the other order than their ids: the higher id wins."""
    pm, planning = people["pm"], _leaf(small_framework, "B-1")
    older, newer = (
        Rating(
            user_id=pm.id,
            competency=planning,
            level=level,
            kind=RatingKind.PMO,
            rated_on=date(2026, 1, 1),
        )
        for level in (1, 2)
    )
    db.session.add_all([older, newer])
    db.session.flush()
    assert older.id < newer.id
    make_current(newer)
    make_current(older)  # the older one's transaction commits last
    assert _current(pm) == {("TEST-FW", "B-1", True, newer.id, 2)}


def test_self_and_confirmed_ratings_are_kept_apart(db, people, small_framework):
    pm, pmo = people["pm"], people["pmo"]
    own = rate_self(pm, _leaf(small_framework, "B-1"), 1, actor=pm)
    confirmed = confirm_level(pm, _leaf(small_framework, "B-1"), 2, actor=pmo, justification="x")
    again = rate_self(pm, _leaf(small_framework, "B-1"), 2, actor=pm)
    assert _current(pm) == {
        ("TEST-FW", "B-1", False, again.id, 2),
        ("TEST-FW", "B-1", True, confirmed.id, 2),
    }
    assert own.id < again.id


def test_a_rebuild_from_the_history_finds_the_same_current_ratings(db, people, small_framework):
    pm, pmo = people["pm"], people["pmo"]
    for level in (1, 2, 0):
        rate_self(pm, _leaf(small_framework, "A-1-a"), level, actor=pm)
        confirm_level(pm, _leaf(small_framework, "B-1"), level, actor=pmo, justification="x")
    recorded = _current(pm)
    rebuild_current([pm.id])
    assert _current(pm) == recorded
    rebuild_current()
    assert _current(pm) == recorded and len(recorded) == 2


BEFORE, TABLE, FILLED = "a80d2c147657", "3c1f0b7d9e21", "7d2e4a9c0b15"


def test_the_data_migration_fills_current_ratings_from_the_history(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": databases.fresh_database("current", tmp_path)})
    now = datetime(2026, 1, 1, tzinfo=UTC)
    stamps = {"created_at": now, "updated_at": now}
    with app.app_context():
        upgrade(revision=TABLE)
        tables = MetaData()
        tables.reflect(db.engine)
        rows = [
            (
                "users",
                {
                    "id": 1,
                    "email": "a@x.test",
                    "name": "A",
                    "job_title": "",
                    "is_active": True,
                    "must_change_password": False,
                    "is_demo": False,
                    "session_version": 1,
                    "version": 1,
                    **stamps,
                },
            ),
        ]
        for fid, idnumber, label in ((1, "FW", "1.0"), (2, "FW", "1.1"), (3, "OTHER", "1.0")):
            rows.append(
                (
                    "frameworks",
                    {
                        "id": fid,
                        "idnumber": idnumber,
                        "version_label": label,
                        "names": {},
                        "descriptions": {},
                        "state": "published",
                        "version": 1,
                        **stamps,
                    },
                )
            )
            rows.append(
                (
                    "competencies",
                    {
                        "id": fid,
                        "framework_id": fid,
                        "idnumber": "C",
                        "names": {},
                        "descriptions": {},
                        "descriptors": {},
                        "is_programme_only": False,
                        "is_retired": False,
                        "sort_order": 0,
                        "version": 1,
                        **stamps,
                    },
                )
            )
        for rid, competency, level, kind in (
            (1, 1, 1, "pmo"),
            (2, 2, 3, "pmo"),
            (3, 1, 2, "self"),
            (4, 3, 4, "director"),
            (5, 1, 0, "pmo"),  # older version, newer rating: it is the current one
        ):
            rows.append(
                (
                    "ratings",
                    {
                        "id": rid,
                        "user_id": 1,
                        "competency_id": competency,
                        "level": level,
                        "kind": kind,
                        "rated_on": now.date(),
                        "comment": "",
                        "justification": "",
                        "created_at": now,
                    },
                )
            )
        with db.engine.begin() as connection:
            for name, row in rows:
                connection.execute(insert(tables.tables[name]), row)
        upgrade(revision=FILLED)
        with db.engine.connect() as connection:
            current = set(connection.execute(select(tables.tables["current_ratings"])).all())
        assert current == {  # user, framework, competency, confirmed, rating, level
            (1, "FW", "C", True, 5, 0),
            (1, "FW", "C", False, 3, 2),
            (1, "OTHER", "C", True, 4, 4),
        }
        db.engine.dispose()


def test_ratings_of_a_kind_other_than_self_all_count_as_confirmed(db, people, small_framework):
    pm = people["pm"]
    for kind in (RatingKind.DIRECTOR, RatingKind.PMO):
        rating = RatingFactory(user=pm, competency=_leaf(small_framework, "B-1"), kind=kind)
        assert ("TEST-FW", "B-1", True, rating.id, rating.level) in _current(pm)

"""The row-version migration on a database with content: rows there start at version 1, and going
back down keeps every row (and the rows that point at them)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, func, insert, select

from lms import create_app
from lms.extensions import db
from tests import databases

BEFORE, REVISION = "8b9d45aa787f", "a80d2c147657"
VERSIONED = ("competencies", "scale_levels", "career_levels")
NOW = datetime(2026, 1, 1, tzinfo=UTC)
STAMPS = {"created_at": NOW, "updated_at": NOW}
ROWS = [
    (
        "frameworks",
        {
            "id": 1,
            "idnumber": "PMO-CORE",
            "version_label": "1.0",
            "names": {},
            "descriptions": {},
            "state": "published",
            "version": 1,
            **STAMPS,
        },
    ),
    (
        "scale_levels",
        {
            "id": 1,
            "framework_id": 1,
            "value": 0,
            "names": {},
            "descriptions": {},
            "is_proficient": False,
        },
    ),
    *(
        (
            "competencies",
            {
                "id": id_,
                "framework_id": 1,
                "parent_id": parent,
                "idnumber": f"C{id_}",
                "names": {},
                "descriptions": {},
                "descriptors": {},
                "is_programme_only": False,
                "is_retired": False,
                "sort_order": id_,
                **STAMPS,
            },
        )
        for id_, parent in ((1, None), (2, 1))
    ),
    ("competency_relations", {"competency_id": 2, "related_id": 1}),
    (
        "career_levels",
        {
            "id": 1,
            "framework_id": 1,
            "idnumber": "PM",
            "rank": 1,
            "names": {},
            "descriptions": {},
            **STAMPS,
        },
    ),
    ("career_targets", {"id": 1, "career_level_id": 1, "competency_id": 2, "level": 0}),
]


def _counts(connection, tables: MetaData) -> dict[str, int]:
    return {
        name: connection.scalar(select(func.count()).select_from(tables.tables[name]))
        for name, _row in ROWS
    }


def test_existing_rows_start_at_version_one_and_survive_a_downgrade(tmp_path):
    url = databases.fresh_database("row_versions", tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision=BEFORE)
        tables = MetaData()
        tables.reflect(db.engine)
        with db.engine.begin() as connection:
            for name, row in ROWS:
                connection.execute(insert(tables.tables[name]), row)
            before = _counts(connection, tables)
        upgrade(revision=REVISION)
        tables = MetaData()
        tables.reflect(db.engine)
        with db.engine.connect() as connection:
            for name in VERSIONED:
                column = tables.tables[name].c.version
                assert set(connection.scalars(select(column))) == {1}, name
        downgrade(revision=BEFORE)
        tables = MetaData()
        tables.reflect(db.engine)
        with db.engine.connect() as connection:
            assert _counts(connection, tables) == before
            assert all("version" not in tables.tables[name].c for name in VERSIONED)
        db.engine.dispose()

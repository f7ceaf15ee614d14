"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from lms.search.models import outside_metadata
from tests import databases


def test_migrations_match_models(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": databases.fresh_database("migrations", tmp_path)})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": outside_metadata}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()

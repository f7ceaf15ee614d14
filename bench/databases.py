"""Fresh benchmark databases (SQLite files or PostgreSQL databases) and apps seeded at a scale."""

from __future__ import annotations

import time
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lms.config import _normalise_database_url

from .output import fmt_scale, log, out


class Databases:
    """Fresh, empty databases: SQLite files under `tmp`, or PostgreSQL ones next to `server`."""

    def __init__(self, tmp: Path, server: str | None) -> None:
        self.tmp = tmp
        self.server = _normalise_database_url(server) if server else None
        if self.server and make_url(self.server).get_backend_name() != "postgresql":
            raise SystemExit("BENCH_DATABASE_URL must be a PostgreSQL URL (or unset for SQLite)")

    @property
    def kind(self) -> str:
        """The backend's name for progress lines, so a reader knows what was measured."""
        return "postgresql" if self.server else "sqlite"

    def fresh(self, suffix: str) -> str:
        """A URL to an empty database, dropped and created anew so no earlier run leaks in."""
        if not self.server:
            path = self.tmp / f"bench_{suffix}.db"
            for extra in ("", "-wal", "-shm"):
                Path(f"{path}{extra}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        base = make_url(self.server)
        name = f"{base.database}_bench_{suffix}"
        admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        return base.set(database=name).render_as_string(hide_password=False)


def make_app(url: str) -> Flask:
    """An app on `url` with the bench routes on and CSRF, slow hashing and rate limits off."""
    from lms import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "BENCH_ROUTES": True,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATELIMIT_ENABLED": False,
        }
    )


def seeded_app(databases: Databases, suffix: str, scale: float, *, report: bool = True) -> Flask:
    """A new app on a fresh database holding seed_large(scale); prints the `bench seed` line."""
    from lms.extensions import db
    from lms.large import seed_large

    app = make_app(databases.fresh(suffix))
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        counts = seed_large(scale)
        db.session.commit()
        seconds = time.perf_counter() - started
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            # Fresh statistics now, so autovacuum does not change query plans halfway through.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
    line = f"bench seed scale={fmt_scale(scale)} people={counts['people']} seconds={seconds:.2f}"
    (out if report else log)(line if report else f"[bench] ({line})")
    return app


def dispose(app: Flask) -> None:
    """Close the app's connections, so PostgreSQL can drop its database on the next run."""
    from lms.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()

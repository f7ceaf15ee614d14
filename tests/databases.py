"""Test databases: a fresh SQLite file, or a fresh PostgreSQL database per purpose.

TEST_DATABASE_URL picks PostgreSQL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/pmo_test);
each purpose ("unit", "browser", "migrations", ...) gets its own database named after it, dropped
and created anew, so a run never depends on what an earlier run left behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lms.config import _normalise_database_url


def server_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return _normalise_database_url(url) if url else None


def is_postgres() -> bool:
    return bool(server_url())


def fresh_database(purpose: str, tmp_dir: Path) -> str:
    """A URL to an empty database for `purpose`."""
    url = server_url()
    if not url:
        path = tmp_dir / f"{purpose}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    base = make_url(url)
    name = f"{base.database}_{purpose}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def wait_until_blocked(engine, *, timeout: float = 10.0) -> None:
    """Return once a backend of this database waits for a lock (another transaction's row lock):
    proof that a concurrent request really reached the contested row, where a sleep would only
    hope so. Polls pg_stat_activity (pg_locks' waiters, named by database) on a connection of
    its own, up to `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        while time.monotonic() < deadline:
            waiting = connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            if waiting:
                return
            time.sleep(0.01)
    raise AssertionError(f"no transaction waited for a lock within {timeout} s")

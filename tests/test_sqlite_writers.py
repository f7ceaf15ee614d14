"""The embedded default (SQLite) with people working at once: 24 people log in, rate themselves,
change their language, edit people and import a file against a live server at the same moment.

No request may answer 500 ("database is locked") and every write is kept. A transaction that
reads and then writes used to be refused at once when another writer got in between (SQLite
cannot upgrade a read transaction whose snapshot is stale, whatever the busy timeout), so write
requests now begin their transaction with BEGIN IMMEDIATE (lms/db.py).

The server is pytest-flask's `live_server` (a separate process) on this module's own app and
database file.
"""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select

from competencies.framework.models import Competency
from competencies.framework.queries import framework_in_use
from competencies.profiles.models import Rating
from lms import create_app
from lms.accounts.models import User, UserRole
from lms.accounts.services import hash_password
from lms.cli import SEEDERS
from lms.extensions import db
from tests.accounts.test_import import make_csv
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD

PMS, EDITORS = 20, 3


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """This module's own app on a file SQLite database with committed data (the live server is
    another process: it sees only what is committed)."""
    path = tmp_path_factory.mktemp("sqlite_writers") / "writers.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        for seeder in SEEDERS:
            seeder()
        people = [
            User(
                email=f"pm{n:02d}@writers.test",
                name=f"PM {n:02d}",
                password_hash=hash_password(PASSWORD),
                role_rows=[UserRole(role="pm")],
            )
            for n in range(PMS)
        ] + [
            User(
                email=f"hr{n}@writers.test",
                name=f"HR {n}",
                password_hash=hash_password(PASSWORD),
                role_rows=[UserRole(role="hr")],
            )
            for n in range(EDITORS)
        ]
        db.session.add_all(people)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()  # the server process must not inherit this process's connections
    yield app


class Browser:
    """One person's session against the live server (cookies kept, redirects not followed)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect
        )

    def post(self, path: str, data: dict, files: dict | None = None) -> int:
        if files:
            body, content_type = _multipart(data, files)
        else:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": content_type}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            error.close()
            return error.code


def _multipart(data: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----writers"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in data.items()
    ]
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


def _ids(app) -> tuple[dict[str, int], list[int]]:
    with app.app_context():
        users = dict(db.session.execute(select(User.email, User.id)).all())
        framework_id = db.session.scalar(select(framework_in_use()))
        leaves = [
            c.id
            for c in db.session.scalars(
                select(Competency).where(
                    Competency.framework_id == framework_id, Competency.parent_id.is_not(None)
                )
            )
        ]
        db.session.remove()
    return users, leaves


def test_two_dozen_writers_at_once_on_sqlite_lose_nothing(app, live_server):
    users, leaves = _ids(app)
    base = live_server.url()
    barrier = threading.Barrier(PMS + EDITORS)
    statuses: list[tuple[str, int]] = []
    lock = threading.Lock()

    def record(what: str, status: int) -> None:
        with lock:
            statuses.append((what, status))

    def pm(n: int) -> None:
        me, email = Browser(base), f"pm{n:02d}@writers.test"
        barrier.wait()
        record("login", me.post("/login", {"email": email, "password": PASSWORD}))
        record("language", me.post("/profile/", {"locale": "zh_CN"}))
        rated = {"rate-competency_id": leaves[n % len(leaves)], "rate-level": n % 5}
        record("rate", me.post(f"/people/{users[email]}/competencies/rate", rated))

    def hr(n: int) -> None:
        me = Browser(base)
        barrier.wait()
        record("login", me.post("/login", {"email": f"hr{n}@writers.test", "password": PASSWORD}))
        if n == 0:  # an import of 100 people while everyone else saves
            files = {"file": ("people.csv", make_csv(100))}
            record("import", me.post("/people/import", {}, files))
        for m in range(n, PMS, EDITORS):
            email = f"pm{m:02d}@writers.test"
            edit = {"email": email, "name": f"Renamed {m:02d}", "job_title": "Senior PM"}
            record("edit", me.post(f"/people/{users[email]}/edit", edit))

    threads = [threading.Thread(target=pm, args=(n,)) for n in range(PMS)] + [
        threading.Thread(target=hr, args=(n,)) for n in range(EDITORS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    failed = [(what, status) for what, status in statuses if status not in (200, 302)]
    assert not failed, failed
    assert len(statuses) == PMS * 3 + EDITORS + 1 + PMS
    with app.app_context():
        pms = db.session.scalars(select(User).where(User.email.like("pm%@writers.test"))).all()
        assert {user.locale for user in pms} == {"zh_CN"}
        assert {user.name for user in pms} == {f"Renamed {m:02d}" for m in range(PMS)}
        assert all(user.last_login_at for user in pms)
        assert db.session.scalar(select(func.count()).select_from(Rating)) == PMS
        imported = select(func.count()).where(User.email.like("%@corp.example"))
        assert db.session.scalar(imported) == 100
        db.session.remove()
        db.engine.dispose()

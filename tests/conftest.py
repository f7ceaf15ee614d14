"""Fixtures: one app per run, a rolled-back transaction per test, a logged-in client per role."""

from __future__ import annotations

import contextvars
import os
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import Session, scoped_session, sessionmaker

os.environ["PMO_ENV"] = "testing"

from lms import create_app
from lms.extensions import db as _db
from lms.extensions import limiter
from lms.permissions import Role
from tests import databases
from tests.factories import PASSWORD, DepartmentFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
ROLES = [str(role) for role in Role]


def compile_catalogues() -> None:
    """Build the .mo files from the committed .po files (as `make` does) when they are stale."""
    for po_path in (ROOT / "lms" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po, mo_path.open("wb") as mo:
                write_mo(mo, read_po(po))


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (its own `g` and database session), as in production.

    Without this, a request made while the test holds an app context reuses it, so the user
    loaded by one request would leak into the next.
    """

    def open(self, *args, **kwargs):
        return contextvars.copy_context().run(self._open_fresh, *args, **kwargs)

    def _open_fresh(self, *args, **kwargs):
        _cv_app.set(None)
        return super().open(*args, **kwargs)


@pytest.fixture(autouse=True)
def _push_request_context(request):
    """pytest-flask's fixture of this name pushes a test request context for every test that
    uses `app`; that would hide the code paths commands, importers and workers take, which run
    with an app context only. A test marked `app_context_only` gets no request context."""
    if "app" not in request.fixturenames or request.node.get_closest_marker("app_context_only"):
        return
    app = request.getfixturevalue("app")
    ctx = app.test_request_context()
    ctx.push()
    request.addfinalizer(ctx.pop)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    compile_catalogues()
    tmp = tmp_path_factory.mktemp("app")
    os.environ["PMO_INSTANCE_PATH"] = str(tmp / "instance")
    app = create_app({"SQLALCHEMY_DATABASE_URI": databases.fresh_database("unit", tmp)})
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The test runs inside one outer transaction; commits in views only release savepoints."""
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        factory = sessionmaker(
            bind=connection, class_=Session, join_transaction_mode="create_savepoint"
        )
        original, _db.session = _db.session, scoped_session(factory, scopefunc=_app_ctx_id)
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            transaction.rollback()
            connection.close()
            limiter.reset()


@pytest.fixture
def client(app, db):
    """Not pytest-flask's `with client:` form: contexts must not outlive their request."""
    return app.test_client()


@pytest.fixture
def department(db):
    return DepartmentFactory(name="Delivery")


@pytest.fixture
def people(db, department):
    """One person per role, all in the same department (the director heads it)."""
    users = {
        role: UserFactory(
            email=f"{role}@example.com",
            name=f"{role.title()} Person",
            department=department,
            roles=[role],
        )
        for role in ROLES
    }
    department.director = users["director"]
    db.session.flush()
    return users


def login(client, user, password: str = PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})


@pytest.fixture
def login_as(client):
    def _login(user):
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login


@pytest.fixture(params=ROLES)
def role(request):
    return request.param

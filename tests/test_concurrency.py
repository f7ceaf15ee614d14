"""People acting at once, on PostgreSQL with real commits: nothing lost, nothing doubled."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from lms import create_app
from lms.accounts.importers import import_people
from lms.accounts.models import User, UserRole
from lms.accounts.services import hash_password
from lms.extensions import db
from lms.permissions import SYSTEM
from tests import databases
from tests.accounts.test_import import make_csv
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD

pytestmark = pytest.mark.skipif(
    not databases.is_postgres(), reason="concurrency is proven on PostgreSQL (TEST_DATABASE_URL)"
)


@pytest.fixture
def shared_app(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": databases.fresh_database("concurrency", tmp_path)})
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        admin = User(
            email="admin@example.com",
            name="Admin",
            password_hash=hash_password(PASSWORD),
            role_rows=[UserRole(role="admin")],
        )
        target = User(email="target@example.com", name="Target")
        db.session.add_all([admin, target])
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def runner(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # reported to the test
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_imports_of_the_same_file_create_each_person_once(shared_app):
    raw = make_csv(300)

    def job():
        with shared_app.app_context():
            result = import_people(raw, actor=SYSTEM)
            db.session.commit()
            return result.created, result.unchanged

    outcomes = run_together(job, job)
    assert sorted(outcomes) == [(0, 300), (300, 0)]
    with shared_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 302


def test_two_editors_saving_the_same_version_one_wins_one_is_told(shared_app):
    with shared_app.app_context():
        target = db.session.scalar(select(User).where(User.email == "target@example.com"))
        target_id, version = target.id, target.version

    def editor(name):
        def job():
            client = shared_app.test_client()
            client.post("/login", data={"email": "admin@example.com", "password": PASSWORD})
            response = client.post(
                f"/people/{target_id}/edit",
                data={
                    "email": "target@example.com",
                    "name": name,
                    "version": version,
                    "roles": ["pm"],
                },
            )
            return response.status_code, name

        return job

    outcomes = run_together(*(editor(f"Name {n}") for n in range(4)))
    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [302, 422, 422, 422]
    winner = next(name for status, name in outcomes if status == 302)
    with shared_app.app_context():
        assert db.session.get(User, target_id).name == winner

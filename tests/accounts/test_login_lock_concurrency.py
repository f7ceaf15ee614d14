"""Failed log-ins arriving at once on many workers, on PostgreSQL with real commits: all count,
and exactly one of them starts the lock and tells the person."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms import create_app
from lms.accounts import login_throttle
from lms.accounts.models import LoginThrottle, User
from lms.accounts.services import hash_password
from lms.extensions import db
from lms.notifications.models import Notification
from tests import databases
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD
from tests.test_concurrency import run_together

pytestmark = pytest.mark.skipif(
    not databases.is_postgres(), reason="concurrency is proven on PostgreSQL (TEST_DATABASE_URL)"
)
EMAIL = "target@example.com"


@pytest.fixture
def shared_app(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": databases.fresh_database("login_lock", tmp_path)})
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        db.session.add(User(email=EMAIL, name="Target", password_hash=hash_password(PASSWORD)))
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def failed_log_ins(app, count: int) -> list[int]:
    """`count` wrong passwords sent at the same moment, each from its own address."""

    def from_address(n):
        def job():
            response = app.test_client().post(
                "/login",
                data={"email": EMAIL, "password": "wrong password"},
                environ_base={"REMOTE_ADDR": f"10.0.0.{n + 1}"},
            )
            return response.status_code

        return job

    return run_together(*(from_address(n) for n in range(count)))


def test_failures_made_at_once_all_count(shared_app, monkeypatch):
    monkeypatch.setattr(login_throttle, "POLICY", login_throttle.LockPolicy(lock_after=100))
    assert failed_log_ins(shared_app, 16) == [401] * 16
    with shared_app.app_context():
        assert db.session.get(LoginThrottle, EMAIL).failures == 16


def test_failures_made_at_once_start_one_lock_and_one_notice(shared_app):
    lock_after = login_throttle.POLICY.lock_after
    statuses = failed_log_ins(shared_app, 3 * lock_after)
    assert sorted(statuses) == [401] * (lock_after - 1) + [429] * (2 * lock_after + 1)
    with shared_app.app_context():
        record = db.session.get(LoginThrottle, EMAIL)
        assert (record.failures, record.locks) == (0, 1)
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 1

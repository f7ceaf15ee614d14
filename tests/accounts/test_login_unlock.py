"""Administrators see a log-in lock on the person's page and lift it; nobody else may."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts import login_throttle
from lms.accounts.login_throttle import unlock_login
from lms.audit.models import AuditEntry
from lms.errors import ServiceError
from lms.permissions import SYSTEM
from tests.accounts.test_login_lock import attempt, spray
from tests.factories import PASSWORD


def unlocks(db) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == "person.login_unlocked")
    return db.session.scalars(query).all()


def test_admin_sees_the_lock_and_lifts_it(app, client, clock, db, login_as, people):
    pm = people["pm"]
    clock.now = login_throttle.utcnow()  # the person page reads the real clock
    spray(app.test_client(), pm.email)
    login_as(people["admin"])
    page = client.get(f"/people/{pm.id}").get_data(as_text=True)
    assert "Too many failed log-ins" in page
    assert f"/people/{pm.id}/unlock-login" in page
    response = client.post(f"/people/{pm.id}/unlock-login", follow_redirects=True)
    assert f"The log-in lock on {pm.name} is lifted." in response.get_data(as_text=True)
    assert "Too many failed log-ins" not in response.get_data(as_text=True)
    entry = unlocks(db)[0]
    assert (entry.actor_id, entry.object_id) == (people["admin"].id, pm.id)
    assert attempt(app.test_client(), pm.email, PASSWORD).status_code == 302


def lock(email, clock) -> login_throttle.Failure:
    for _ in range(login_throttle.POLICY.lock_after):
        failure = login_throttle.record_failure(email, at=clock.now)
    return failure


def test_lifting_a_lock_clears_its_count_and_length(app, clock, db, people):
    pm = people["pm"]
    for _ in range(3):
        clock.now = lock(pm.email, clock).locked_until
    assert unlock_login(pm, actor=people["admin"]) is False  # none running right now
    assert lock(pm.email, clock).locked_until - clock.now == 8 * login_throttle.POLICY.first_lock
    assert unlock_login(pm, actor=people["admin"]) is True
    assert lock(pm.email, clock).locked_until - clock.now == login_throttle.POLICY.first_lock


def test_no_lock_no_change(app, clock, db, people):
    assert unlock_login(people["pm"], actor=people["admin"]) is False
    assert unlocks(db) == []


def test_the_person_page_shows_no_lock_to_lift_when_there_is_none(client, db, login_as, people):
    login_as(people["admin"])
    page = client.get(f"/people/{people['pm'].id}").get_data(as_text=True)
    assert "unlock-login" not in page


@pytest.mark.parametrize("role", ["pm", "director", "hr", "pmo", "trainer"])
def test_only_administrators_may_lift_a_lock(app, clock, db, people, role):
    spray(app.test_client(), people["director"].email)
    with pytest.raises(ServiceError):
        unlock_login(people["director"], actor=people[role])
    assert login_throttle.locked_until(people["director"].email, at=clock.now) is not None


@pytest.mark.app_context_only
def test_a_command_may_lift_a_lock(app, clock, db, people):
    lock(people["pm"].email, clock)
    assert unlock_login(people["pm"], actor=SYSTEM) is True
    assert unlocks(db)[0].actor_id is None

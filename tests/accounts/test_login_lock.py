"""The account-wide log-in lock: failures spread over many addresses, growing locks, the notice,
the browsers exempt from it, and an unknown address answering exactly like a known one."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from lms.accounts import login_throttle, sign_in
from lms.accounts.models import LoginThrottle
from lms.notifications.models import Notification
from tests.accounts.conftest import START
from tests.factories import PASSWORD

_addresses = (f"10.{a}.{b}.7" for a, b in itertools.product(range(1, 250), range(1, 250)))


def attempt(client, email: str, password: str = "wrong password", address: str | None = None):
    """One log-in from a fresh address (unless given), so the per-address limit never applies."""
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address or next(_addresses)},
    )


def spray(client, email: str, times: int = login_throttle.POLICY.lock_after) -> list[int]:
    return [attempt(client, email).status_code for _ in range(times)]


def local_time(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M")


def row(db, subject: str) -> LoginThrottle | None:
    return db.session.scalar(
        select(LoginThrottle)
        .where(LoginThrottle.subject == subject)
        .execution_options(populate_existing=True)
    )


def test_failures_from_many_addresses_lock_the_account(client, clock, people):
    assert spray(client, people["pm"].email) == [401, 401, 401, 401, 429]
    response = attempt(client, people["pm"].email, PASSWORD)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    until = local_time(START + timedelta(minutes=5))
    assert f"Too many failed attempts to log in to this account: try again after {until}" in page
    assert "ask an administrator" in page


def test_the_lock_ends_on_time_and_then_the_right_password_works(client, clock, db, people):
    spray(client, people["pm"].email)
    clock.advance(minutes=4, seconds=59)
    assert attempt(client, people["pm"].email, PASSWORD).status_code == 429
    clock.advance(seconds=1)
    assert attempt(client, people["pm"].email, PASSWORD).status_code == 302
    assert row(db, people["pm"].email) is None


def test_each_lock_lasts_twice_as_long_as_the_one_before_up_to_an_hour(app, clock, db):
    lengths = []
    for _ in range(7):
        for _ in range(login_throttle.POLICY.lock_after):
            failure = login_throttle.record_failure("someone@example.com", at=clock.now)
        lengths.append(failure.locked_until - clock.now)
        clock.now = failure.locked_until
    assert lengths == [timedelta(minutes=m) for m in (5, 10, 20, 40, 60, 60, 60)]


def test_failures_during_a_lock_neither_count_nor_lengthen_it(app, clock, db):
    for _ in range(login_throttle.POLICY.lock_after):
        first = login_throttle.record_failure("someone@example.com", at=clock.now)
    clock.advance(minutes=1)
    again = login_throttle.record_failure("someone@example.com", at=clock.now)
    assert first.started_lock and not again.started_lock
    assert again.locked_until == first.locked_until
    assert row(db, "someone@example.com").failures == 0


def test_a_quiet_day_forgets_earlier_failures_and_locks(app, clock, db):
    for _ in range(login_throttle.POLICY.lock_after + 2):
        login_throttle.record_failure("someone@example.com", at=clock.now)
    clock.advance(days=1, seconds=1)
    assert login_throttle.record_failure("someone@example.com", at=clock.now).locked_until is None
    record = row(db, "someone@example.com")
    assert (record.failures, record.locks) == (1, 0)


def test_a_successful_log_in_clears_the_count(client, clock, db, people):
    email = people["pm"].email
    assert spray(client, email, 4) == [401] * 4
    assert attempt(client, email, PASSWORD).status_code == 302
    client.post("/logout")
    assert spray(client, email, 4) == [401] * 4


def test_an_unknown_address_answers_exactly_like_a_known_one(
    client, clock, db, people, monkeypatch
):
    checks = []
    real_check = sign_in.check_password_hash
    monkeypatch.setattr(
        sign_in, "check_password_hash", lambda *args: checks.append(1) or real_check(*args)
    )

    def answers(email):
        checks.clear()
        replies = [attempt(client, email) for _ in range(login_throttle.POLICY.lock_after + 1)]
        return [
            (reply.status_code, reply.get_data(as_text=True).replace(email, "EMAIL"))
            for reply in replies
        ], len(checks)

    known, known_checks = answers(people["pm"].email)
    unknown, unknown_checks = answers("nobody@example.com")
    assert known == unknown
    # each attempt before the lock checks a password (a stand-in one for nobody), none during it
    assert known_checks == unknown_checks == login_throttle.POLICY.lock_after


def test_an_inactive_account_answers_like_an_unknown_one(client, clock, db, people):
    people["pm"].is_active = False
    db.session.flush()
    assert spray(client, people["pm"].email) == spray(client, "nobody@example.com")
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_the_person_is_told_once_per_lock(client, clock, db, people):
    pm = people["pm"]

    def notices():
        return db.session.scalars(select(Notification).where(Notification.user_id == pm.id)).all()

    spray(client, pm.email)
    spray(client, pm.email, 3)  # refused by the lock; no second notice
    assert len(notices()) == 1
    assert notices()[0].kind == "account.login_locked"
    assert "paused until 2026-03-02 17:05" in notices()[0].message
    clock.advance(minutes=5)
    spray(client, pm.email)
    assert len(notices()) == 2


def trusted_browser(app, user):
    """A browser that has logged in as `user` before, and logged out since."""
    browser = app.test_client()
    assert attempt(browser, user.email, PASSWORD).status_code == 302
    assert browser.get_cookie(sign_in.DEVICE_COOKIE, path="/login") is not None
    browser.post("/logout")
    return browser


def test_a_browser_that_logged_in_before_is_not_locked_out(app, client, clock, db, people):
    browser = trusted_browser(app, people["pm"])
    spray(client, people["pm"].email)
    assert attempt(browser, people["pm"].email, PASSWORD).status_code == 302
    # and its log-in does not lift the lock for everyone else
    assert attempt(client, people["pm"].email, PASSWORD).status_code == 429


def test_the_device_cookie_is_sent_only_to_the_log_in_page(app, clock, db, people):
    browser = app.test_client()
    attempt(browser, people["pm"].email, PASSWORD)
    cookie = browser.get_cookie(sign_in.DEVICE_COOKIE, path="/login")
    assert (cookie.path, cookie.http_only, cookie.same_site) == ("/login", True, "Lax")


def test_failures_on_a_trusted_browser_count_against_it_and_end_its_exemption(
    app, client, clock, db, people
):
    email = people["pm"].email
    browser = trusted_browser(app, people["pm"])
    assert spray(browser, email) == [401] * login_throttle.POLICY.lock_after
    assert row(db, email) is None  # the account's own count is untouched
    spray(client, email)
    assert attempt(browser, email, PASSWORD).status_code == 429


def test_a_device_cookie_for_someone_else_or_forged_is_ignored(app, client, clock, db, people):
    browser = trusted_browser(app, people["hr"])
    spray(client, people["pm"].email)
    assert attempt(browser, people["pm"].email, PASSWORD).status_code == 429
    client.set_cookie(sign_in.DEVICE_COOKIE, "forged.token.value", path="/login")
    assert attempt(client, people["pm"].email, PASSWORD).status_code == 429


def test_a_password_reset_ends_the_trust_of_earlier_browsers(
    app, client, clock, db, login_as, people
):
    browser = trusted_browser(app, people["pm"])
    login_as(people["admin"])
    client.post(f"/people/{people['pm'].id}/reset-password")
    spray(app.test_client(), people["pm"].email)
    assert attempt(browser, people["pm"].email, PASSWORD).status_code == 429


def test_changing_ones_password_keeps_this_browser_trusted(app, client, clock, db, people):
    new_password = "a brand new sentence"
    browser = app.test_client()
    # the same address as the next request: "strong" session protection drops a moved session
    attempt(browser, people["pm"].email, PASSWORD, address="127.0.0.1")
    response = browser.post(
        "/password", data={"current_password": PASSWORD, "new_password": new_password}
    )
    assert response.headers["Location"] == "/"
    browser.post("/logout")
    spray(client, people["pm"].email)
    assert attempt(browser, people["pm"].email, new_password).status_code == 302


def test_quiet_records_are_dropped_at_the_next_log_in(client, clock, db, people):
    spray(client, "someone.typed@example.com", 2)
    clock.advance(days=1, seconds=1)
    assert attempt(client, people["pm"].email, PASSWORD).status_code == 302
    assert row(db, "someone.typed@example.com") is None

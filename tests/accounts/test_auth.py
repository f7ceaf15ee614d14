"""Logging in and out, the per-address throttle, deactivation, forced and voluntary password
changes (the account-wide lock: test_login_lock.py)."""

from __future__ import annotations

from sqlalchemy import select

from lms.audit.models import AuditEntry
from tests.conftest import login
from tests.factories import PASSWORD, UserFactory


def test_login_with_right_password_reaches_dashboard(client, people):
    response = login(client, people["pm"])
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Hello, Pm Person" in page


def test_wrong_password_is_refused_with_one_message(client, people):
    response = login(client, people["pm"], "not the password")
    assert response.status_code == 401
    assert "Wrong e-mail or password" in response.get_data(as_text=True)


def test_unknown_email_gets_the_same_answer(client, db):
    response = client.post("/login", data={"email": "nobody@example.com", "password": "whatever12"})
    assert response.status_code == 401
    assert "Wrong e-mail or password" in response.get_data(as_text=True)


def test_repeated_wrong_passwords_are_throttled_per_address(app, client, people):
    """A browser trusted by the account lock (it logged in before) still meets the per-address
    limit; an untrusted one meets the account lock first (tests/accounts/test_login_lock.py)."""
    login(client, people["pm"])
    client.post("/logout")
    statuses = [login(client, people["pm"], "wrong password").status_code for _ in range(6)]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    # even the right password waits: the throttle is per address and account
    response = login(client, people["pm"])
    assert response.status_code == 429
    assert "Too many failed attempts" not in response.get_data(as_text=True)


def test_successful_logins_are_not_counted_against_the_limit(client, people):
    for _ in range(7):
        assert login(client, people["pm"]).status_code == 302
        client.post("/logout")


def test_deactivated_person_cannot_log_in(client, db, people):
    people["pm"].is_active = False
    db.session.flush()
    assert login(client, people["pm"]).status_code == 401


def test_deactivation_ends_an_open_session(client, app, db, login_as, people):
    pm_client = app.test_client()
    assert login(pm_client, people["pm"]).status_code == 302
    login_as(people["admin"])
    response = client.post(f"/people/{people['pm'].id}/deactivate")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert pm_client.get("/").status_code == 302
    assert login(pm_client, people["pm"]).status_code == 401


def test_person_without_password_cannot_log_in(client, db):
    user = UserFactory(password_hash=None)
    assert login(client, user, "").status_code in {401, 422}
    assert login(client, user, "anything-at-all").status_code == 401


def test_open_redirects_are_refused(client, people):
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": people["pm"].email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_next_page_is_followed_after_login(client, people):
    response = client.post(
        "/login?next=/notifications/", data={"email": people["pm"].email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/notifications/"


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_logout_needs_post_and_ends_session(client, login_as, people):
    login_as(people["pm"])
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_imported_account_must_change_password_first(client, db, people):
    people["pm"].must_change_password = True
    db.session.flush()
    response = login(client, people["pm"])
    assert response.headers["Location"] == "/password"
    assert client.get("/").headers["Location"] == "/password"
    response = client.post(
        "/password", data={"current_password": PASSWORD, "new_password": "a brand new sentence"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_change_password_checks_current_and_length(client, db, login_as, people):
    login_as(people["pm"])
    response = client.post(
        "/password", data={"current_password": "wrong", "new_password": "long enough pw"}
    )
    assert response.status_code == 422
    assert "not your current password" in response.get_data(as_text=True)
    response = client.post(
        "/password", data={"current_password": PASSWORD, "new_password": "short"}
    )
    assert response.status_code == 422
    assert "at least 10 characters" in response.get_data(as_text=True)


def test_password_change_logs_out_other_sessions_and_is_audited(client, app, db, login_as, people):
    other = app.test_client()
    assert login(other, people["pm"]).status_code == 302
    login_as(people["pm"])
    client.post(
        "/password", data={"current_password": PASSWORD, "new_password": "a brand new sentence"}
    )
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "person.password_changed" in actions


def test_passwords_are_stored_hashed(db, people):
    assert PASSWORD not in people["pm"].password_hash
    assert people["pm"].password_hash.startswith(("pbkdf2:", "scrypt:"))


def test_remember_me_sets_a_lasting_cookie(client, people):
    client.post("/login", data={"email": people["pm"].email, "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token") is not None

"""A production start refuses a missing or weak secret and demo accounts with public passwords."""

from __future__ import annotations

import pytest

from lms import create_app
from lms.demo import seed_demo
from lms.extensions import db
from tests import databases

STRONG = "x" * 48


@pytest.fixture
def production_db(tmp_path, monkeypatch):
    url = databases.fresh_database("production", tmp_path)
    monkeypatch.setenv("PMO_ENV", "development")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    monkeypatch.setenv("PMO_ENV", "production")
    return url


def test_refuses_without_secret(production_db):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": production_db, "SECRET_KEY": None})


def test_refuses_weak_secret(production_db):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": production_db, "SECRET_KEY": "changeme"})


def test_refuses_with_demo_accounts(production_db, monkeypatch):
    monkeypatch.setenv("PMO_ENV", "development")
    app = create_app({"SQLALCHEMY_DATABASE_URI": production_db})
    with app.app_context():
        seed_demo()
        db.session.commit()
        db.engine.dispose()
    monkeypatch.setenv("PMO_ENV", "production")
    with pytest.raises(RuntimeError, match="demo account"):
        create_app({"SQLALCHEMY_DATABASE_URI": production_db, "SECRET_KEY": STRONG})


def test_starts_with_real_secret_and_no_demo(production_db):
    app = create_app({"SQLALCHEMY_DATABASE_URI": production_db, "SECRET_KEY": STRONG})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.app_context():
        db.engine.dispose()


def test_production_trusts_its_proxy_for_https(production_db):
    app = create_app({"SQLALCHEMY_DATABASE_URI": production_db, "SECRET_KEY": STRONG})
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert (
        "Secure" in response.headers["Set-Cookie"]
        or "Strict-Transport-Security" in response.headers
    )
    with app.app_context():
        db.engine.dispose()


def test_production_redirects_to_https_and_sends_hsts(production_db):
    app = create_app({"SQLALCHEMY_DATABASE_URI": production_db, "SECRET_KEY": STRONG})
    client = app.test_client()
    assert client.get("/login").status_code == 302
    secure = client.get("/login", base_url="https://academy.example")
    assert "Strict-Transport-Security" in secure.headers
    with app.app_context():
        db.engine.dispose()

"""Fixtures for the e-mail tests: a real SMTP server per test, and mail switched on to use it."""

from __future__ import annotations

import pytest

from tests.mailserver import MailServer


@pytest.fixture
def mail_server():
    server = MailServer()
    server.start()
    yield server
    server.stop()


def point_mail_at(app, monkeypatch, port: int) -> None:
    settings = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": port,
        "SMTP_TIMEOUT": 5,
        "SITE_URL": "https://academy.example",
    }
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)


@pytest.fixture
def mail_on(app, mail_server, monkeypatch) -> MailServer:
    """Mail switched on (SMTP_HOST) and pointed at the test's own server."""
    point_mail_at(app, monkeypatch, mail_server.port)
    return mail_server

"""CSRF protection is on outside the test config: a POST without its token is refused."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_login_without_token_is_refused(client, csrf_on, people):
    response = client.post("/login", data={"email": people["pm"].email, "password": PASSWORD})
    assert response.status_code == 400


def test_login_with_token_works(client, csrf_on, people):
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": people["pm"].email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_one_button_actions_need_the_token(client, csrf_on, people):
    token = _token(client.get("/login").get_data(as_text=True))
    client.post(
        "/login", data={"email": people["admin"].email, "password": PASSWORD, "csrf_token": token}
    )
    assert client.post("/logout").status_code == 400
    assert client.post(f"/people/{people['pm'].id}/deactivate").status_code == 400
    assert people["pm"].is_active


@pytest.mark.parametrize(
    "url",
    [
        "/people/new",
        "/departments/new",
        "/people/import",
        "/profile/",
        "/password",
        "/notifications/",
        "/people/{pm}",
    ],
)
def test_every_post_form_carries_a_token(app, client, people, login_as, monkeypatch, url):
    login_as(people["admin"])
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    html = client.get(url.format(pm=people["pm"].id)).get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S | re.I)
    assert forms, f"no POST form on {url}"
    for form in forms:
        assert 'name="csrf_token"' in form, form[:200]

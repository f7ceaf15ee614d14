"""Browser tests: the real app on a real port, driven by the Debian Chromium, offline.

* `live_server_url` serves one app (CSRF on, demo data seeded) for the whole run, on a fresh
  SQLite file or, with TEST_DATABASE_URL, a fresh PostgreSQL database.
* Every browser context refuses requests that leave the live server: the site must work with no
  internet. A blocked request, a JavaScript error, a CSP violation or a missing static asset fails
  the test that caused it (reported when the test's contexts are torn down).
* The database is shared by all browser tests: a test that creates people uses unique e-mails,
  and a test that changes a demo account puts it back.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response, expect
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import update
from werkzeug.serving import WSGIRequestHandler, make_server

import lms
import lms.demo
from lms.accounts import services
from lms.accounts.models import User
from lms.cli import SEEDERS
from lms.extensions import db
from lms.permissions import SYSTEM, Role
from tests import databases
from tests.conftest import compile_catalogues

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = lms.demo.DEMO_PASSWORD
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# --- The browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """The system Chromium (never `playwright install`), headless, with no phoning home."""
    return {"executable_path": "/usr/bin/chromium", "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server_url: str) -> str:
    """pytest-playwright hands this to every context, so `page.goto("/people/")` works."""
    return live_server_url


# --- The server ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_app(tmp_path_factory):
    """Our own app (not tests/conftest.py's `app`): CSRF on, generous login limit, demo data."""
    compile_catalogues()
    tmp = tmp_path_factory.mktemp("browser")
    os.environ.setdefault("PMO_INSTANCE_PATH", str(tmp / "instance"))
    app = lms.create_app(
        {
            "SQLALCHEMY_DATABASE_URI": databases.fresh_database("browser", tmp),
            "WTF_CSRF_ENABLED": True,
            "LOGIN_RATE_LIMIT": "1000 per minute",
        }
    )
    app.after_request(_buffer_files)
    with app.app_context():
        db.create_all()
        for seeder in SEEDERS:  # what `make run` loads: the default framework, ...
            seeder()
        lms.demo.seed_demo()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _buffer_files(response):
    """Read served files into memory and close them at once.

    The development server leaves a streamed file open when the browser drops the connection
    mid-transfer (a page closed while its font loads); under `-W error` that ResourceWarning would
    fail whichever test the garbage collector happens to run in.
    """
    if not (response.direct_passthrough and hasattr(response.response, "close")):
        return response
    wrapper = response.response
    try:
        data = b"".join(wrapper) if response.status_code == 200 else b""
    finally:
        wrapper.close()
    response.direct_passthrough = False
    if response.status_code == 200:
        response.set_data(data)
    else:  # 304 Not Modified and friends carry no body (nor a Content-Length for one)
        response.response = []
    return response


class QuietRequestHandler(WSGIRequestHandler):
    """No access log on stderr: pytest would print every asset request of a failing test."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture(scope="session")
def live_server_url(browser_app):
    server = make_server(
        "127.0.0.1", 0, browser_app, threaded=True, request_handler=QuietRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def reset_locale(browser_app):
    """Tests that switch a demo account's language register it here; it goes back afterwards."""
    emails: list[str] = []
    yield emails.append
    if emails:
        with browser_app.app_context():
            db.session.execute(update(User).where(User.email.in_(emails)).values(locale=None))
            db.session.commit()
            db.session.remove()


@pytest.fixture
def create_person(browser_app):
    """Set up a person straight in the database (for tests about something else than adding)."""

    def create(email: str, name: str, roles: set[Role] = frozenset(), password=None) -> int:
        with browser_app.app_context():
            user = services.create_person(
                actor=SYSTEM, email=email, name=name, roles=set(roles), password=password
            )
            db.session.commit()
            user_id = user.id
            db.session.remove()
        return user_id

    return create


# --- Offline guard and problem collection -------------------------------------------------


ASSET_TYPES = {"stylesheet", "script", "image", "font", "media"}


@dataclass
class BrowserProblems:
    """Everything a page did wrong while the test ran."""

    server: str
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_assets: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        return url == self.server or url.startswith(self.server + "/")

    def watch(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_request_failed)

    def _route(self, route) -> None:
        url = route.request.url
        if not self.is_local(url):
            self.blocked.append(f"{route.request.resource_type} {url}")
            route.abort("blockedbyclient")
        else:
            with suppress(PlaywrightError):  # the page may be gone already
                route.continue_()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # "Failed to load resource: ... status of 422" follows every deliberate 4xx form answer;
        # failed assets are caught with their URL by _route, _on_response and _on_request_failed.
        if message.text.startswith("Failed to load resource"):
            return
        where = message.location.get("url", "") if message.location else ""
        self.console_errors.append(f"{message.text} (at {where})")

    def _on_response(self, response: Response) -> None:
        """Every asset must load: a 4xx/5xx for a stylesheet, script, font or image is a bug."""
        is_asset = "/static/" in response.url or response.request.resource_type in ASSET_TYPES
        if is_asset and response.status >= 400:
            self.bad_assets.append(f"{response.status} {response.url}")

    def _on_request_failed(self, request: Request) -> None:
        failure = request.failure or ""
        if not self.is_local(request.url) or "ERR_ABORTED" in failure:
            return  # blocked requests are listed already; aborts come from navigating away
        if request.resource_type in ASSET_TYPES or "/static/" in request.url:
            self.bad_assets.append(f"{failure} {request.url}")

    @property
    def csp_violations(self) -> list[str]:
        return [e for e in self.console_errors if "Content Security Policy" in e]

    def report(self) -> str:
        parts = []
        for title, items in (
            ("Requests to the internet (blocked)", self.blocked),
            ("Missing or failed static assets", self.bad_assets),
            ("CSP violations", self.csp_violations),
            ("Console errors", [e for e in self.console_errors if e not in self.csp_violations]),
            ("Uncaught page errors", self.page_errors),
        ):
            if items:
                parts.append(title + ":\n  " + "\n  ".join(dict.fromkeys(items)))
        return "\n".join(parts)


@pytest.fixture
def browser_problems(live_server_url: str):
    """What went wrong in this test's pages; the test fails if anything did."""
    problems = BrowserProblems(live_server_url)
    yield problems
    report = problems.report()
    if report:
        pytest.fail("The browser saw problems:\n" + report, pytrace=False)


@pytest.fixture
def new_context(new_context, browser_problems: BrowserProblems):
    """pytest-playwright's context factory, with every context offline and watched.

    `context` and `page` build on this, so plain `page` tests are guarded too.
    """

    def make(**kwargs) -> BrowserContext:
        # An English-speaking desktop browser unless the test asks otherwise, e.g. locale="zh-CN".
        context = new_context(**{"locale": "en-GB", "viewport": DESKTOP, **kwargs})
        browser_problems.watch(context)
        return context

    return make


# --- Helpers ------------------------------------------------------------------------------


def unique_email(prefix: str = "person") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@browser.test"


def login(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the form (English labels) and wait until the site lets us in."""
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/login(\?|$)"))


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot, and fail if the page scrolls sideways: on a phone only tables may."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page is {width}px wide"
    return path


def main_nav_links(page: Page) -> list[str]:
    """The section links in the main navigation (not the brand, bell or user menu)."""
    return [
        " ".join(text.split())
        for text in page.locator("#main-nav .navbar-nav.me-auto .nav-link").all_inner_texts()
    ]


HAN = re.compile(r"[\u4e00-\u9fff]")


def visible_ui_text(page: Page) -> str:
    """All text a reader or a screen reader meets: body text (also hidden menus), the title,
    and the aria-label / placeholder / title / alt / button-value attributes."""
    return page.evaluate(
        """() => {
            const parts = [document.title, document.body.textContent];
            for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],[alt]')) {
                for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
                    if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
                }
            }
            for (const el of document.querySelectorAll('input[type=submit],input[type=button]')) {
                parts.push(el.value);
            }
            return parts.join('\\n');
        }"""
    )


def english_leftovers(text: str, words: Iterable[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]

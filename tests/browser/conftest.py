"""Browser tests: the real app on a real port, driven by the Debian Chromium, offline.

* `live_server_url` serves one app (CSRF on, demo data seeded) for the whole run, on a fresh
  SQLite file or, with TEST_DATABASE_URL, a fresh PostgreSQL database.
* Every browser context refuses requests that leave the live server: the site must work with no
  internet. A blocked request, a JavaScript error, a CSP violation or a missing static asset fails
  the test that caused it (reported when the test's contexts are torn down).
* Every page a test's browser loads, and every state it screenshots, passes axe-core (the pinned
  copy in vendor/axe-core) with no serious or critical violation, or the test fails (below).
* The database is shared by all browser tests: a test that creates people uses unique e-mails,
  and a test that changes a demo account puts it back.

Accessibility, checked deterministically (tests/browser/accessibility/):

* Nothing is checked while the journey runs: a check fired on the journey's own "load" events
  would race its next click (checking the next page, a page being left, or nothing at all).
* Pages as served. Every context tags its page and htmx requests with the asking page's viewport
  (a header); WSGI middleware around the live app keeps each HTML answer to a tagged request
  exactly as sent (body, status, CSP and other headers). At teardown, once the test's contexts are
  closed and every tagged request is recorded, each answer is replayed in a browser page of the
  checker's own, at the width the journey used: the live server answers that page's request for
  the same address with the recorded answer (scripts and CSP active, assets as usual), and
  axe-core runs once it has loaded. An htmx answer is replayed into the page it was swapped into:
  the host page loads, `htmx.ajax` repeats the request and is given the recorded answer, so htmx
  itself decides what is swapped where.
* States the journey showed. `screenshot()` also keeps the page's DOM as it stands (open menus
  and dropdowns, expanded details, the phone menu, an htmx result) with its viewport. At teardown
  it is served without its scripts, so it shows that state and nothing changes it, and axe-core
  checks it. A journey has a state checked without a picture with `check_accessibility()`.
* The replay page has no mouse over it, no running animation (finite ones are awaited) and its
  fonts loaded, so axe-core sees the same thing on every run. A state already checked in this run
  (the same HTML, CSRF tokens aside, at the same viewport) reuses its result.
* Serious and critical violations fail the test, one block per rule: impact, help text and link,
  each offending element's selector and what is wrong, and the pages or screenshots it was on.
  axe-core comes in as an init script of the checker's browser context, which the site's CSP
  does not govern (an added <script> tag would be blocked); it never runs in a journey's pages.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
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

from .accessibility import (
    AXE_VERSION,
    AccessibilityAudit,
    AccessibilityViolations,
    AxeChecker,
    ServerRecorder,
    audit_of,
)
from .problems import BrowserProblems

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
def server_recorder(browser_app) -> ServerRecorder:
    """The HTML the live server sends to the tests' browsers, for axe-core to replay."""
    recorder = ServerRecorder(browser_app.wsgi_app)
    browser_app.wsgi_app = recorder
    return recorder


@pytest.fixture(scope="session")
def live_server_url(browser_app, server_recorder):
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


@pytest.fixture
def browser_problems(live_server_url: str):
    """What went wrong in this test's pages; the test fails if anything did."""
    problems = BrowserProblems(live_server_url)
    yield problems
    report = problems.report()
    if report:
        pytest.fail("The browser saw problems:\n" + report, pytrace=False)


AXE_RUNS: list[AxeChecker] = []


@pytest.fixture(scope="session")
def axe_checker(browser, live_server_url: str, server_recorder: ServerRecorder):
    checker = AxeChecker(browser, live_server_url, server_recorder)
    AXE_RUNS.append(checker)
    yield checker
    checker.close()


@pytest.fixture
def axe_audit(server_recorder: ServerRecorder, axe_checker: AxeChecker):
    """The pages this test's browsers loaded and the states it screenshotted, checked by
    axe-core once its contexts are closed (this fixture is set up before them)."""
    audit = AccessibilityAudit(server_recorder, axe_checker)
    server_recorder.take()  # what came before this test is not its business
    yield audit
    try:
        audit.verify()
    except AccessibilityViolations as violations:
        report = str(violations)
    else:
        return
    pytest.fail(report, pytrace=False)


def pytest_terminal_summary(terminalreporter) -> None:
    for checker in AXE_RUNS:
        terminalreporter.write_line(
            f"axe-core {AXE_VERSION}: {checker.checked} page states checked, "
            f"{checker.reused} met again, {checker.seconds:.1f} s"
        )


@pytest.fixture
def new_context(axe_audit: AccessibilityAudit, browser_problems: BrowserProblems, new_context):
    """pytest-playwright's context factory, with every context offline and watched.

    `context` and `page` build on this, so plain `page` tests are guarded too.
    """

    def make(**kwargs) -> BrowserContext:
        # An English-speaking desktop browser unless the test asks otherwise, e.g. locale="zh-CN".
        context = new_context(**{"locale": "en-GB", "viewport": DESKTOP, **kwargs})
        browser_problems.watch(context)
        axe_audit.watch(context)
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


def log_in_any_language(page: Page, base_url: str, email: str) -> None:
    """Log in through the form by its fields, whatever language the page is in."""
    page.goto(f"{base_url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form [type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login(\?|$)"))


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot, and fail if the page scrolls sideways: on a phone only tables may.
    The state shown is checked by axe-core when the test ends."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page is {width}px wide"
    check_accessibility(page, name)
    return path


def check_accessibility(page: Page, name: str) -> None:
    """Have axe-core check the page as it stands now (when the test ends)."""
    audit_of(page).keep(page, name)


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

"""The accessibility check itself: a serious violation in a page, an htmx answer or a state a
journey screenshots makes the test fail, with a report naming the rule, the element and the page.

Each test makes the violation appear, asks the test's audit for its verdict (what the teardown
asks) and expects the failure; the audit then holds nothing more, so the teardown passes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, Route, expect

from .accessibility import AXE_VERSION, AccessibilityAudit, AccessibilityViolations, ServerRecorder
from .conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser
AXE_RULES = f"https://dequeuniversity.com/rules/axe/{'.'.join(AXE_VERSION.split('.')[:2])}"


@contextmanager
def planted(recorder: ServerRecorder, method: str, path: str, markup: bytes) -> Iterator[None]:
    """The live app answers `method path` with `markup` added (before </main>, or at the end of
    a fragment): what a template slip would render."""
    inner = recorder.wsgi_app

    def app(environ, start_response):
        if (environ["REQUEST_METHOD"], environ["PATH_INFO"]) != (method, path):
            return inner(environ, start_response)
        sent = {}
        body = b"".join(
            inner(environ, lambda status, headers, exc=None: sent.update(s=status, h=headers))
        )
        body = (
            body.replace(b"</main>", markup + b"</main>") if b"</main>" in body else body + markup
        )
        headers = [(k, v) for k, v in sent["h"] if k.lower() != "content-length"]
        start_response(sent["s"], [*headers, ("Content-Length", str(len(body)))])
        return [body]

    recorder.wsgi_app = app
    try:
        yield
    finally:
        recorder.wsgi_app = inner


def verdict(audit: AccessibilityAudit) -> str:
    with pytest.raises(AccessibilityViolations) as failure:
        audit.verify()
    return str(failure.value)


def test_an_unlabelled_field_in_a_served_page_fails_the_test(
    page: Page, live_server_url: str, server_recorder, axe_audit
):
    login(page, live_server_url, "pm@academy.test")
    field = b'<input type="text" id="planted-nickname">'
    with planted(server_recorder, "GET", "/notifications/", field):
        page.goto(f"{live_server_url}/notifications/")  # no screenshot: the page as served counts
        expect(page.locator("#planted-nickname")).to_be_visible()

    report = verdict(axe_audit)
    assert f"axe-core {AXE_VERSION} found serious or critical" in report
    assert "label (critical): Form elements must have labels" in report
    assert f"{AXE_RULES}/label?application=axeAPI" in report
    assert "  - #planted-nickname: Element does not have an implicit (wrapped) <label>; " in report
    assert "found on: /notifications/ (GET 200) as served, at 1280x800\n" in report + "\n"
    assert report.count("found on:") == 1, report  # the login and home pages are fine


def test_a_violation_in_an_htmx_answer_fails_in_the_page_it_was_swapped_into(
    page: Page, live_server_url: str, server_recorder, axe_audit, tmp_path
):
    bad = tmp_path / "people.csv"
    bad.write_text("email,name\nnot-an-email,Someone\n", encoding="utf-8")
    login(page, live_server_url, "admin@academy.test")
    page.goto(f"{live_server_url}/people/import")
    # Readable alone (no stylesheet); faint only inside the page, styled by Bootstrap.
    faint = b'<p id="planted-faint" class="text-body-tertiary">Barely readable</p>'
    with planted(server_recorder, "POST", "/people/import", faint):
        page.get_by_label("CSV file").set_input_files(str(bad))
        page.get_by_role("button", name="Import", exact=True).click()
        expect(page.get_by_test_id("import-errors")).to_be_visible()
        expect(page.locator("#import-result #planted-faint")).to_be_visible()

    report = verdict(axe_audit)
    assert "color-contrast (serious): Elements must meet minimum color contrast" in report
    assert "  - #planted-faint: Element has insufficient color contrast of " in report
    where = "/people/import after htmx swapped in /people/import (POST 422), at 1280x800"
    assert f"found on: {where}\n" in report + "\n"


PROBE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Probe</title>
<link rel="stylesheet" href="/static/vendor/bootstrap/css/bootstrap.min.css"></head>
<body><main><h1>Probe</h1><p id="faint" class="text-body-tertiary">Barely readable</p></main>
<div>Outside every landmark: axe calls this moderate, which does not fail a test.</div>
</body></html>"""


def test_low_contrast_text_in_a_screenshotted_state_fails_the_test(
    new_context, live_server_url: str, axe_audit
):
    page = new_context(viewport=PHONE).new_page()
    probe = f"{live_server_url}/accessibility-probe"

    def serve(route: Route) -> None:  # never reaches the server: only the screenshot can tell
        route.fulfill(status=200, content_type="text/html", body=PROBE)

    page.route(probe, serve)
    page.goto(probe)
    screenshot(page, "accessibility-probe")

    report = verdict(axe_audit)
    assert "color-contrast (serious): Elements must meet minimum color contrast" in report
    assert re.search(r"  - #faint: Element has insufficient color contrast of [\d.]+ ", report)
    assert 'found on: screenshot "accessibility-probe" of /accessibility-probe at 390x844' in report
    assert "region" not in report

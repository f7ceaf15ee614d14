"""What a browser page did wrong: requests to the internet, failed assets, console errors and CSP
violations, page errors. The conftest's `browser_problems` fixture fails the test that caused any."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, ConsoleMessage, Request, Response
from playwright.sync_api import Error as PlaywrightError

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

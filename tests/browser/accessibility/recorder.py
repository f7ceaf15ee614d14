"""The live server's side of the accessibility check: it records and it replays.

`ServerRecorder` is WSGI middleware around the live app. It keeps every HTML answer to a request a
watched browser tagged (with its viewport), exactly as sent: it sits outside Flask, so Talisman's
CSP and the other headers are there. It also answers the checker's replay browser with a staged
answer at the address the journey used, so that browser needs no request interception (which would
switch its HTTP cache off) and loads the site's assets from the live server like any browser,
keeping them for the run.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urldefrag

VIEWPORT_HEADER = "X-Test-Viewport"  # set by a watched context: "1280x800"
REPLAY_HEADER = "X-Accessibility-Replay"  # set by the checker's own browser context
_VIEWPORT_ENVIRON = "HTTP_X_TEST_VIEWPORT"
_REPLAY_ENVIRON = "HTTP_X_ACCESSIBILITY_REPLAY"
_HTMX_HEADERS = ("HX-Trigger", "HX-Target", "HX-Current-URL")
_DROPPED_HEADERS = {"content-length", "set-cookie", "cache-control", "connection"}
SETTLE_SECONDS = 10


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True)
class RenderedPage:
    """One HTML answer of the live server: a whole page, or an htmx fragment."""

    url: str  # as the browser asked for it
    method: str
    answer: Answer
    viewport: dict[str, int]
    htmx: dict[str, str] | None  # HX-Trigger, HX-Target and HX-Current-URL of a fragment request


class ServerRecorder:
    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self._pages: list[RenderedPage] = []
        self._staged: dict[str, Answer] = {}
        self._busy: Counter[str] = Counter()
        self._changed = threading.Condition()

    def __call__(self, environ, start_response):
        if environ.get(_REPLAY_ENVIRON):
            return self._replay(environ, start_response)
        if not environ.get(_VIEWPORT_ENVIRON):
            return self.wsgi_app(environ, start_response)
        path = environ["PATH_INFO"]
        with self._changed:
            self._busy[path] += 1
        try:
            return self._recorded(environ, start_response)
        finally:
            with self._changed:
                self._busy[path] -= 1
                self._changed.notify_all()

    def _recorded(self, environ, start_response) -> list[bytes]:
        sent = {}

        def capture(status, headers, exc_info=None):
            sent.update(status=int(status.split()[0]), headers=headers)
            return start_response(status, headers, exc_info)

        answer = self.wsgi_app(environ, capture)
        try:
            body = b"".join(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()
        content_type = dict(sent["headers"]).get("Content-Type", "")
        if content_type.startswith("text/html") and not 300 <= sent["status"] < 400:
            self._keep(environ, Answer(sent["status"], tuple(sent["headers"]), body))
        return [body]

    def _keep(self, environ, answer: Answer) -> None:
        width, height = environ[_VIEWPORT_ENVIRON].split("x")
        htmx = None
        if environ.get("HTTP_HX_REQUEST"):
            htmx = {name: environ.get(_environ_name(name), "") for name in _HTMX_HEADERS}
        page = RenderedPage(
            url=_address(environ),
            method=environ["REQUEST_METHOD"],
            answer=answer,
            viewport={"width": int(width), "height": int(height)},
            htmx=htmx,
        )
        with self._changed:
            self._pages.append(page)

    def take(self) -> list[RenderedPage]:
        """The pages rendered since the last call, once every tagged request is recorded."""
        with self._changed:
            if not self._changed.wait_for(lambda: not +self._busy, timeout=SETTLE_SECONDS):
                busy = ", ".join(sorted((+self._busy).elements()))
                raise AssertionError(f"the live server is still answering requests for {busy}")
            pages, self._pages = self._pages, []
        return pages

    # --- Replaying ---

    def stage(self, url: str, answer: Answer) -> None:
        """Answer the next replay request for `url` (a page or an htmx request) with `answer`."""
        with self._changed:
            self._staged[urldefrag(url).url] = answer

    def is_staged(self, url: str) -> bool:
        with self._changed:
            return urldefrag(url).url in self._staged

    def _replay(self, environ, start_response):
        with self._changed:
            answer = self._staged.pop(_address(environ), None)
        if answer is None and environ.get("HTTP_HX_REQUEST"):
            # a fragment the replayed page fetches as it loads (a lazy home-page panel) that the
            # journey did not see: the page is checked as it stands before it arrives
            start_response("204 No Content", [("Content-Length", "0")])
            return [b""]
        if answer is None:  # the replayed page's stylesheets, scripts, fonts and images
            return self.wsgi_app(environ, _cached_for_the_run(start_response))
        headers = [(k, v) for k, v in answer.headers if k.lower() not in _DROPPED_HEADERS]
        headers += [("Cache-Control", "no-store"), ("Content-Length", str(len(answer.body)))]
        start_response(f"{answer.status} {HTTPStatus(answer.status).phrase}", headers)
        return [answer.body]


def _cached_for_the_run(start_response):
    """Static files do not change during a run: the replay browser keeps them instead of asking
    again for every page it replays."""

    def start(status, headers, exc_info=None):
        if status.startswith("200"):
            headers = [(k, v) for k, v in headers if k.lower() != "cache-control"]
            headers.append(("Cache-Control", "max-age=3600, immutable"))
        return start_response(status, headers, exc_info)

    return start


def _address(environ) -> str:
    """The URL exactly as the browser asked for it (the raw request target, not re-quoted)."""
    target = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ["PATH_INFO"]
    return f"{environ['wsgi.url_scheme']}://{environ['HTTP_HOST']}{target}"


def _environ_name(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")

"""axe-core, run in a browser page of its own on replayed pages and on DOM snapshots.

The pinned axe-core build is an init script of that page's context: the browser runs it in every
document before the document's own scripts, whatever the document's CSP says (a <script> tag
added to the page would be blocked), and compiles it once rather than for every page as
`page.evaluate` would. It never runs inside a journey's pages.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

from playwright.sync_api import Browser

from .recorder import REPLAY_HEADER, Answer, RenderedPage, ServerRecorder

VENDOR = Path(__file__).parents[1] / "vendor" / "axe-core"
AXE_SOURCE = (VENDOR / "axe.min.js").read_text("utf-8")
AXE_VERSION = re.match(r"/\*! axe v([\d.]+)", AXE_SOURCE)[1]
FAILING_IMPACTS = ["serious", "critical"]
DEFAULT_VIEWPORT = {"width": 1280, "height": 800}
_CSRF_INPUT = re.compile(rb'<input[^>]*name="csrf_token"[^>]*>')

# The DOM as it stands (open menus, expanded details, classes and styles set by scripts), without
# its scripts: replayed, it shows the same state and nothing runs to change it.
SERIALISE_DOM = """() => {
    const root = document.documentElement.cloneNode(true);
    for (const script of root.querySelectorAll('script')) script.remove();
    return '<!doctype html>\\n' + root.outerHTML;
}"""

# Fonts loaded and finite animations (Bootstrap's fades and slides) over first, so every run sees
# the same colours and layout.
RUN_AXE = """async (impacts) => {
    await document.fonts.ready;
    const finite = a => Number.isFinite(a.effect?.getComputedTiming().endTime);
    await Promise.all(document.getAnimations().filter(finite).map(a => a.finished));
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.filter(n => impacts.includes(n.impact)).map(n => ({
            target: n.target.map(String).join(' '), summary: n.failureSummary || '',
        })),
    })).filter(v => v.nodes.length);
}"""

# Repeats an htmx request in its host page: htmx itself decides whether and where to swap.
_SETTLE = """
    const busy = () => document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling');
    const deadline = Date.now() + 5000;
    while (busy() && Date.now() < deadline) await new Promise(r => requestAnimationFrame(r));
"""
REPLAY_HTMX = (
    """async ({method, url, trigger, target}) => {
    const source = trigger && document.getElementById(trigger);
    await htmx.ajax(method, url, source ? {source} : {target: '#' + target});"""
    + _SETTLE
    + "}"
)
SETTLE_HTMX = "async () => {" + _SETTLE + "}"  # the requests a page makes as it loads


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: tuple[tuple[str, str], ...]  # (selector, what is wrong)


@dataclass(frozen=True)
class Snapshot:
    """A state a journey reached, taken from its live page."""

    name: str
    url: str
    html: str
    viewport: dict[str, int]


@dataclass
class AxeChecker:
    """One browser page, kept for the whole run, that replays pages and runs axe-core on them.

    Results are kept per state (the HTML with CSRF tokens blanked, and the viewport): a page served
    again, or a DOM state met again in a replay or a screenshot, is not checked twice.
    """

    browser: Browser
    server: str
    recorder: ServerRecorder
    seconds: float = 0.0
    checked: int = 0
    reused: int = 0
    _cache: dict[str, tuple[Violation, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._context = self.browser.new_context(
            locale="en-GB", viewport=DEFAULT_VIEWPORT, extra_http_headers={REPLAY_HEADER: "1"}
        )
        self._context.add_init_script(AXE_SOURCE)
        self.page = self._context.new_page()

    def close(self) -> None:
        self._context.close()

    def check_page(
        self, rendered: RenderedPage, host: RenderedPage | None
    ) -> tuple[Violation, ...]:
        """A whole page as the server sent it (CSP and scripts included), or an htmx fragment
        swapped into its host page."""
        started = time.perf_counter()
        document, viewport = host or rendered, rendered.viewport
        served = _key(viewport, (host.answer.body if host else b"") + rendered.answer.body)
        found = self._cache.get(served)
        if found is None:
            loads_it = (  # a fragment the host itself may fetch as it loads (a lazy panel)
                host is not None
                and rendered.method == "GET"
                and urldefrag(rendered.url).url != urldefrag(host.url).url
            )
            if loads_it:
                self.recorder.stage(rendered.url, rendered.answer)
            self._show(document.url, viewport, document.answer)
            self.page.evaluate(SETTLE_HTMX)
            if host and (not loads_it or self.recorder.is_staged(rendered.url)):
                self._replay_htmx(rendered)
            found = self._check(self.page.evaluate(SERIALISE_DOM), viewport)
            self._cache[served] = found
        else:
            self.reused += 1
        self.seconds += time.perf_counter() - started
        return found

    def check_snapshot(self, state: Snapshot) -> tuple[Violation, ...]:
        """A state from a journey's page, served without scripts and without CSP (the style
        attributes in it were set by scripts, which the CSP allows)."""
        started = time.perf_counter()
        found = self._check(state.html, state.viewport, show=state)
        self.seconds += time.perf_counter() - started
        return found

    def _check(self, html: str, viewport, show: Snapshot | None = None) -> tuple[Violation, ...]:
        key = _key(viewport, html.encode())
        if key in self._cache:
            self.reused += 1
            return self._cache[key]
        if show:
            url = show.url if show.url.startswith(self.server + "/") else self.server + "/"
            headers = (("Content-Type", "text/html; charset=utf-8"),)
            self._show(url, viewport, Answer(200, headers, html.encode()))
        found = tuple(_violation(v) for v in self.page.evaluate(RUN_AXE, FAILING_IMPACTS))
        self.checked += 1
        self._cache[key] = found
        return found

    def _show(self, url: str, viewport, answer: Answer) -> None:
        if urldefrag(url).fragment:  # else going to another #fragment would load nothing
            self.page.goto("about:blank")
        self.recorder.stage(url, answer)
        self.page.set_viewport_size(viewport)
        self.page.goto(url, wait_until="load")
        assert not self.recorder.is_staged(url), f"the replay of {url} was not asked for"

    def _replay_htmx(self, fragment: RenderedPage) -> None:
        self.recorder.stage(fragment.url, fragment.answer)
        arguments = {
            "method": fragment.method,
            "url": fragment.url,
            "trigger": fragment.htmx["HX-Trigger"],
            "target": fragment.htmx["HX-Target"],
        }
        self.page.evaluate(REPLAY_HTMX, arguments)
        assert not self.recorder.is_staged(fragment.url), f"htmx did not repeat {fragment.url}"


def _key(viewport: dict[str, int], html: bytes) -> str:
    size = f"{viewport['width']}x{viewport['height']}\n".encode()
    return hashlib.sha256(size + _CSRF_INPUT.sub(b"", html)).hexdigest()


def _violation(found: dict) -> Violation:
    nodes = tuple((node["target"], node["summary"]) for node in found["nodes"])
    return Violation(found["id"], found["impact"], found["help"], found["helpUrl"], nodes)

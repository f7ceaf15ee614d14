"""One test's accessibility audit: tag its browsers' requests, keep its states, check them all."""

from __future__ import annotations

import weakref
from contextlib import suppress
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from playwright.sync_api import BrowserContext, Page, Route
from playwright.sync_api import Error as PlaywrightError

from .axe import AXE_VERSION, DEFAULT_VIEWPORT, SERIALISE_DOM, AxeChecker, Snapshot, Violation
from .recorder import VIEWPORT_HEADER, RenderedPage, ServerRecorder

_TAGGED = {"document", "xhr", "fetch"}  # pages and htmx requests; assets are not HTML


class AccessibilityViolations(AssertionError):
    """Serious or critical axe-core violations; the message is the report."""


@dataclass
class AccessibilityAudit:
    recorder: ServerRecorder
    checker: AxeChecker
    snapshots: list[Snapshot] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        context.route("**/*", self._tag)
        _AUDITS[context] = self

    def _tag(self, route: Route) -> None:
        """Tell the live server how wide the asking page is: its answer is replayed so wide."""
        request = route.request
        headers = None
        if request.resource_type in _TAGGED:
            viewport = DEFAULT_VIEWPORT
            with suppress(PlaywrightError):  # a request made before its frame exists
                viewport = request.frame.page.viewport_size or DEFAULT_VIEWPORT
            headers = {**request.headers, VIEWPORT_HEADER: _size(viewport)}
        with suppress(PlaywrightError):  # the page may be gone already
            route.fallback(headers=headers)

    def keep(self, page: Page, name: str) -> None:
        html = page.evaluate(SERIALISE_DOM)
        self.snapshots.append(Snapshot(name, page.url, html, page.viewport_size))

    def verify(self) -> None:
        """Check every page rendered and every state kept since the last call; raise
        AccessibilityViolations if any has a serious or critical violation."""
        found: list[tuple[str, tuple[Violation, ...]]] = []
        rendered = self.recorder.take()
        for index, page in enumerate(rendered):
            host = _host_page(page, rendered[:index])
            found.append((self._where_rendered(page), self.checker.check_page(page, host)))
        states, self.snapshots = self.snapshots, []
        for state in states:
            where = (
                f'screenshot "{state.name}" of {self._path(state.url)} at {_size(state.viewport)}'
            )
            found.append((where, self.checker.check_snapshot(state)))
        if any(violations for _, violations in found):
            raise AccessibilityViolations(report(found))

    def _where_rendered(self, page: RenderedPage) -> str:
        answer = f"{self._path(page.url)} ({page.method} {page.answer.status})"
        if page.htmx:
            host = self._path(page.htmx["HX-Current-URL"])
            return f"{host} after htmx swapped in {answer}, at {_size(page.viewport)}"
        return f"{answer} as served, at {_size(page.viewport)}"

    def _path(self, url: str) -> str:
        return url.removeprefix(self.checker.server) or "/"


_AUDITS: weakref.WeakKeyDictionary[BrowserContext, AccessibilityAudit] = weakref.WeakKeyDictionary()


def audit_of(page: Page) -> AccessibilityAudit:
    """The audit watching this page's browser context (every context from `new_context`)."""
    audit = _AUDITS.get(page.context)
    assert audit, "this page's context is not watched: make it with the new_context fixture"
    return audit


def _host_page(page: RenderedPage, earlier: list[RenderedPage]) -> RenderedPage | None:
    """The page an htmx fragment was swapped into: the last one loaded from that address."""
    if not page.htmx:
        return None
    address = urldefrag(page.htmx["HX-Current-URL"]).url
    for candidate in reversed(earlier):
        if not candidate.htmx and urldefrag(candidate.url).url == address:
            return candidate
    raise AssertionError(f"no page was rendered at {address} for the htmx answer {page.url}")


def _size(viewport: dict[str, int]) -> str:
    return f"{viewport['width']}x{viewport['height']}"


IMPACT_ORDER = ["minor", "moderate", "serious", "critical"]
SHOWN_ELEMENTS = 8
SHOWN_PLACES = 6


def report(found: list[tuple[str, tuple[Violation, ...]]]) -> str:
    """One block per rule: impact, help text and link, the elements (selector and what is wrong)
    and the places (page or screenshot) it was found on."""
    by_rule: dict[str, list[tuple[str, Violation]]] = {}
    for where, violations in found:
        for violation in violations:
            by_rule.setdefault(violation.rule, []).append((where, violation))
    lines = [f"axe-core {AXE_VERSION} found serious or critical accessibility violations:"]
    for rule, hits in by_rule.items():
        first = hits[0][1]
        impact = max((v.impact for _, v in hits), key=IMPACT_ORDER.index)
        lines += ["", f"{rule} ({impact}): {first.help}", f"  {first.help_url}"]
        nodes = list(dict.fromkeys(node for _, v in hits for node in v.nodes))
        lines += [f"  - {target}: {_one_line(what)}" for target, what in nodes[:SHOWN_ELEMENTS]]
        if len(nodes) > SHOWN_ELEMENTS:
            lines.append(f"  ... and {len(nodes) - SHOWN_ELEMENTS} more elements")
        places = list(dict.fromkeys(where for where, _ in hits))
        lines.append("  found on: " + "; ".join(places[:SHOWN_PLACES]))
        if len(places) > SHOWN_PLACES:
            lines.append(f"  ... and {len(places) - SHOWN_PLACES} more pages or screenshots")
    return "\n".join(lines)


def _one_line(summary: str) -> str:
    parts = [line.strip() for line in summary.splitlines()]
    return "; ".join(p for p in parts if p and not p.startswith("Fix "))

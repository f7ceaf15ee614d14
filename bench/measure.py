"""Measuring pages: logging in, counting SQL statements, timing requests, and comparing scales."""

from __future__ import annotations

import difflib
import gc
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from .output import BenchError, fmt_scale

if TYPE_CHECKING:
    from lms.permissions import Role

WARMUP = 2


@dataclass
class Measure:
    """One page's SQL statements (from one request) and its timed requests."""

    statements: list[str]
    times_ms: list[float]

    @property
    def queries(self) -> int:
        """The statement count, which must not grow with the data."""
        return len(self.statements)

    @property
    def median_ms(self) -> float:
        """The median, so a few requests hit by machine noise do not move the result."""
        return statistics.median(self.times_ms)


@dataclass
class ScaleResult:
    """Everything measured at one scale: each page and each role's bare page."""

    scale: float
    pages: dict[int, Measure] = field(default_factory=dict)  # by index in PAGES
    bare: dict[str, Measure] = field(default_factory=dict)  # by role name ("anonymous": none)
    searches: list = field(default_factory=list)  # (query, median ms, posts found)
    org_report: tuple = ()  # (median ms, records, statements)


def role_email(role: Role) -> str:
    """The seeded bench account of `role`, so each page is seen as its own role sees it."""
    from lms.large import BENCH_ACCOUNTS

    return BENCH_ACCOUNTS[role]


def role_name(role: Role | None) -> str:
    return str(role) if role is not None else "anonymous"


def logged_in_client(app: Flask, role: Role | None) -> FlaskClient:
    """A client logged in as `role`'s bench account (None: a visitor not signed in); a failed
    login aborts the run."""
    from lms.demo import DEMO_PASSWORD

    client = app.test_client()
    if role is None:
        return client
    email = role_email(role)
    response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    location = response.headers.get("Location", "")
    if response.status_code != 302 or "/login" in location or "/password" in location:
        raise BenchError(
            f"logging in as {email} ({role}) answered {response.status_code} "
            f"(Location: {location or '-'}), expected a redirect to the site"
        )
    return client


def build_url(app: Flask, builder: Callable[[], str]) -> str:
    """Run a page's URL builder where it may call url_for and query the seeded database."""
    with app.app_context(), app.test_request_context():
        return builder()


def measure_role(
    engine: Engine, client: FlaskClient, targets: list[tuple[str, str]], repeat: int
) -> list[Measure]:
    """For each (label, url): warm up, count one request's SQL statements; then time `repeat`
    rounds, each requesting every url once, so a burst of machine noise hits all of them alike
    (the role's bare page is the first target: the baseline of the others' ratios)."""
    from tests.querycount import count_queries

    def get(label: str, url: str):
        response = client.get(url)
        if response.status_code != 200:
            location = response.headers.get("Location")
            raise BenchError(
                f"{label} ({url}) answered {response.status_code}"
                + (f" -> {location}" if location else "")
                + ", expected 200"
            )
        return response

    statements = []
    for label, url in targets:
        for _ in range(WARMUP):
            get(label, url)
        with count_queries(engine) as counter:
            get(label, url)
        statements.append(list(counter.statements))
    gc.collect()
    times: list[list[float]] = [[] for _ in targets]
    for _ in range(repeat):
        for i, (label, url) in enumerate(targets):
            started = time.perf_counter()
            response = client.get(url)
            times[i].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise BenchError(f"{label} ({url}) answered {response.status_code}, expected 200")
    return [Measure(s, t) for s, t in zip(statements, times, strict=True)]


_LITERALS = re.compile(r"\b\d+\b")
_PARAM = r"(?:\?|%\(\w+\)s|%s|:\w+)"
_PARAM_LIST = re.compile(rf"\(\s*{_PARAM}(?:\s*,\s*{_PARAM})+\s*\)")


def _shape(statement: str) -> str:
    """One line per statement with IN-lists and numbers folded, so statements compare by shape."""
    one_line = " ".join(statement.split())
    return _LITERALS.sub("N", _PARAM_LIST.sub("(...)", one_line))


def explain_difference(
    name: str, results: list[ScaleResult], pick: Callable[[ScaleResult], Measure]
) -> list[str]:
    """FAIL lines for a query count that differs between scales, with the differing statements,
    so the N+1 query can be found without rerunning anything."""
    lines = [f"[bench] FAIL {name}: SQL statements per request differ between scales"]
    first = results[0]
    for other in results[1:]:
        a, b = pick(first).statements, pick(other).statements
        if len(a) == len(b):
            continue
        lines.append(
            f"  scale {fmt_scale(first.scale)}: {len(a)} statements; "
            f"scale {fmt_scale(other.scale)}: {len(b)} statements"
        )
        diff = list(
            difflib.unified_diff(
                [_shape(s) for s in a],
                [_shape(s) for s in b],
                f"scale {fmt_scale(first.scale)}",
                f"scale {fmt_scale(other.scale)}",
                n=0,
                lineterm="",
            )
        )
        extra = [line for line in diff if line[:1] in "+-" and line[:3] not in ("---", "+++")]
        lines.append("  differing statements (- only at the smaller scale, + only at the larger):")
        shown = {}
        for line in extra:
            shown[line] = shown.get(line, 0) + 1
        for line, times in shown.items():
            prefix = f"  {line[0]} {times}x " if times > 1 else f"  {line[0]} "
            lines.append(prefix + line[1:])
    return lines

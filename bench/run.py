"""`make bench`: time every page in bench.pages at two data scales and count its SQL statements.

    .venv/bin/python -m bench.run

For each scale (BENCH_SCALES, default "0.01,1") a fresh database is seeded with
lms.demo.seed_large(scale); each page of bench.pages.PAGES is requested as its role's bench account
after two warm-up requests, once more while counting SQL statements, then BENCH_REPEAT times
(default 15) with the time of each request recorded. The bare page /_bench/bare is measured the
same way for every role and is the baseline of each page's ratio; a role's timed requests go
round-robin over its bare page and its pages, so machine noise hits them alike. The people import
(a generated 5,000-row CSV, then the same file again) runs in a fresh database seeded at 0.01.

Output on stdout, one line per page (tools parse these lines):

    page <endpoint> queries=<small>/<large> median_ms=<large-scale median> ratio=<median / bare>
    bench bare role=<role> median_ms=<x> queries=<small>/<large>
    bench seed scale=<s> people=<n> seconds=<t>
    bench people_import rows=5000 seconds=<t> reimport_seconds=<t2> created=<n> reimport_changed=<0/1>

Progress and failure details go to stderr. The exit status is non-zero when a page's query count
differs between scales (its differing SQL statements are printed), when any response is not 200,
or when re-importing the same CSV changes anything.

Databases: SQLite files in a temporary directory, or with BENCH_DATABASE_URL set to a PostgreSQL
URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/pmo_bench) fresh databases named
<db>_bench_<n> (one per scale) and <db>_bench_import, dropped and created anew on every run.
"""

from __future__ import annotations

import difflib
import gc
import io
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import url_for
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lms.config import _normalise_database_url

WARMUP = 2
IMPORT_ROWS = 5000
IMPORT_DEPARTMENTS = 50
IMPORT_SCALE = 0.01


class BenchError(Exception):
    """A benchmark could not be measured (bad status, missing data): abort the run."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def out(line: str) -> None:
    print(line, flush=True)


# --- settings --------------------------------------------------------------------------------


def scales_from_env() -> list[float]:
    raw = os.environ.get("BENCH_SCALES", "0.01,1")
    try:
        scales = sorted({float(part) for part in raw.split(",") if part.strip()})
    except ValueError as exc:
        raise SystemExit(f"BENCH_SCALES={raw!r}: expected numbers such as 0.01,1") from exc
    if not scales or any(s <= 0 for s in scales):
        raise SystemExit(f"BENCH_SCALES={raw!r}: expected positive numbers such as 0.01,1")
    return scales


def repeat_from_env() -> int:
    raw = os.environ.get("BENCH_REPEAT", "15")
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"BENCH_REPEAT={raw!r}: expected a positive whole number")
    return int(raw)


def fmt_scale(scale: float) -> str:
    return f"{scale:g}"


# --- databases -------------------------------------------------------------------------------


class Databases:
    """Fresh, empty databases: SQLite files under `tmp`, or PostgreSQL ones next to `server`."""

    def __init__(self, tmp: Path, server: str | None) -> None:
        self.tmp = tmp
        self.server = _normalise_database_url(server) if server else None
        if self.server and make_url(self.server).get_backend_name() != "postgresql":
            raise SystemExit("BENCH_DATABASE_URL must be a PostgreSQL URL (or unset for SQLite)")

    @property
    def kind(self) -> str:
        return "postgresql" if self.server else "sqlite"

    def fresh(self, suffix: str) -> str:
        if not self.server:
            path = self.tmp / f"bench_{suffix}.db"
            for extra in ("", "-wal", "-shm"):
                Path(f"{path}{extra}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        base = make_url(self.server)
        name = f"{base.database}_bench_{suffix}"
        admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        return base.set(database=name).render_as_string(hide_password=False)


def make_app(url: str):
    from lms import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "BENCH_ROUTES": True,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATELIMIT_ENABLED": False,
        }
    )


def seeded_app(databases: Databases, suffix: str, scale: float, *, report: bool = True):
    """A new app on a fresh database holding seed_large(scale); prints the `bench seed` line."""
    from lms.demo import seed_large
    from lms.extensions import db

    app = make_app(databases.fresh(suffix))
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        counts = seed_large(scale)
        db.session.commit()
        seconds = time.perf_counter() - started
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            # Fresh statistics now, so autovacuum does not change query plans halfway through.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
    line = f"bench seed scale={fmt_scale(scale)} people={counts['people']} seconds={seconds:.2f}"
    (out if report else log)(line if report else f"[bench] ({line})")
    return app


def dispose(app) -> None:
    from lms.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- pages -----------------------------------------------------------------------------------


@dataclass
class Measure:
    statements: list[str]
    times_ms: list[float]

    @property
    def queries(self) -> int:
        return len(self.statements)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms)


@dataclass
class ScaleResult:
    scale: float
    pages: dict[int, Measure] = field(default_factory=dict)  # by index in PAGES
    bare: dict[str, Measure] = field(default_factory=dict)


def role_email(role) -> str:
    from lms.demo import BENCH_ACCOUNTS

    return BENCH_ACCOUNTS[role]


def logged_in_client(app, role):
    from lms.demo import DEMO_PASSWORD

    client = app.test_client()
    email = role_email(role)
    response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    location = response.headers.get("Location", "")
    if response.status_code != 302 or "/login" in location or "/password" in location:
        raise BenchError(
            f"logging in as {email} ({role}) answered {response.status_code} "
            f"(Location: {location or '-'}), expected a redirect to the site"
        )
    return client


def build_url(app, builder: Callable[[], str]) -> str:
    with app.app_context(), app.test_request_context():
        return builder()


def measure_role(engine, client, targets: list[tuple[str, str]], repeat: int) -> list[Measure]:
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


def bench_scale(databases: Databases, index: int, scale: float, repeat: int) -> ScaleResult:
    from lms.extensions import db
    from lms.permissions import Role

    from .pages import BARE_ENDPOINT, PAGES

    log(f"[bench] scale {fmt_scale(scale)}: seeding a fresh {databases.kind} database ...")
    app = seeded_app(databases, str(index), scale)
    result = ScaleResult(scale)
    with app.app_context():
        engine = db.engine
    try:
        urls = [build_url(app, page.url) for page in PAGES]
        bare_url = build_url(app, lambda: url_for(BARE_ENDPOINT))
        for role in Role:
            mine = [i for i, page in enumerate(PAGES) if page.role == role]
            targets = [(f"{BARE_ENDPOINT} as {role}", bare_url)] + [
                (f"{PAGES[i].endpoint} as {role}", urls[i]) for i in mine
            ]
            measured = measure_role(engine, logged_in_client(app, role), targets, repeat)
            result.bare[str(role)] = measured[0]
            result.pages.update(zip(mine, measured[1:], strict=True))
            for (label, _url), m in zip(targets, measured, strict=True):
                log(
                    f"[bench] scale {fmt_scale(scale)} {label}: "
                    f"{m.queries} queries, median {m.median_ms:.1f} ms"
                )
    finally:
        dispose(app)
    return result


# --- query-count comparison --------------------------------------------------------------------


_LITERALS = re.compile(r"\b\d+\b")
_PARAM = r"(?:\?|%\(\w+\)s|%s|:\w+)"
_PARAM_LIST = re.compile(rf"\(\s*{_PARAM}(?:\s*,\s*{_PARAM})+\s*\)")


def _shape(statement: str) -> str:
    """One line per statement with IN-lists and numbers folded, so statements compare by shape."""
    one_line = " ".join(statement.split())
    return _LITERALS.sub("N", _PARAM_LIST.sub("(...)", one_line))


def explain_difference(name: str, results: list[ScaleResult], pick) -> list[str]:
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


# --- people import -----------------------------------------------------------------------------


def people_csv(rows: int = IMPORT_ROWS, departments: int = IMPORT_DEPARTMENTS) -> bytes:
    """A deterministic import file: `rows` people in `departments` departments, each department's
    director one of the people in the file."""
    from lms.demo import FIRST, LAST, TITLES

    rng = random.Random(2024)
    buffer = io.StringIO()
    buffer.write("email,name,department,job_title,roles,director_email\n")
    directors = {d: f"import{d:05d}@import.test" for d in range(departments)}
    for n in range(rows):
        d = n % departments
        roll = rng.random()
        roles = "pm" if roll < 0.7 else "pm;trainer" if roll < 0.8 else "" if roll < 0.95 else "hr"
        buffer.write(
            ",".join(
                [
                    f"import{n:05d}@import.test",
                    f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                    f"Imported dept {d:02d}",
                    rng.choice(TITLES),
                    roles,
                    directors[d],
                ]
            )
            + "\n"
        )
    return buffer.getvalue().encode()


def bench_import(databases: Databases) -> list[str]:
    from lms.accounts.importers import import_people
    from lms.extensions import db

    log(
        f"[bench] people import: seeding a fresh {databases.kind} database (scale {IMPORT_SCALE}) ..."
    )
    raw = people_csv()
    app = seeded_app(databases, "import", IMPORT_SCALE, report=False)
    failures = []

    def run_import():
        with app.app_context(), app.test_request_context():
            started = time.perf_counter()
            result = import_people(raw, actor=None)
            if result.errors:
                db.session.rollback()
                raise BenchError(f"the generated CSV has errors: {result.errors[:5]}")
            db.session.commit()
            seconds = time.perf_counter() - started
            db.session.remove()
        return result, seconds

    try:
        first, seconds = run_import()
        log(f"[bench] people import: {first.created} created in {seconds:.2f} s; re-importing ...")
        again, reimport_seconds = run_import()
    finally:
        dispose(app)
    if first.created != IMPORT_ROWS:
        failures.append(
            f"[bench] FAIL people_import: expected {IMPORT_ROWS} people created, got {first.created}"
        )
    if again.created or again.updated or again.changed:
        failures.append(
            "[bench] FAIL people_import: re-importing the same file changed something: "
            f"created={again.created} updated={again.updated} "
            f"departments_created={again.departments_created} "
            f"departments_updated={again.departments_updated}"
        )
    out(
        f"bench people_import rows={first.rows} seconds={seconds:.2f} "
        f"reimport_seconds={reimport_seconds:.2f} created={first.created} "
        f"reimport_changed={int(again.changed)}"
    )
    return failures


# --- main --------------------------------------------------------------------------------------


def main() -> int:
    started = time.perf_counter()
    scales, repeat = scales_from_env(), repeat_from_env()
    tmp = Path(tempfile.mkdtemp(prefix="pmo-bench-"))
    try:
        return run(scales, repeat, tmp, started)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(scales: list[float], repeat: int, tmp: Path, started: float) -> int:
    os.environ["PMO_ENV"] = "development"
    os.environ["PMO_INSTANCE_PATH"] = str(tmp / "instance")
    databases = Databases(tmp, os.environ.get("BENCH_DATABASE_URL") or None)

    from lms.permissions import Role

    from .pages import PAGES

    log(
        f"[bench] {len(PAGES)} pages, scales {', '.join(map(fmt_scale, scales))}, "
        f"{repeat} requests each, {databases.kind}"
    )
    failures: list[str] = []
    try:
        results = [bench_scale(databases, i, s, repeat) for i, s in enumerate(scales)]
        large = results[-1]
        for role in sorted(large.bare, key=[str(r) for r in Role].index):
            bare = large.bare[role]
            counts = "/".join(str(r.bare[role].queries) for r in results)
            out(f"bench bare role={role} median_ms={bare.median_ms:.1f} queries={counts}")
            if len({r.bare[role].queries for r in results}) > 1:
                failures += explain_difference(
                    f"bench.bare as {role}", results, lambda r, role=role: r.bare[role]
                )
        for i, page in enumerate(PAGES):
            measured = large.pages[i]
            counts = "/".join(str(r.pages[i].queries) for r in results)
            ratio = measured.median_ms / large.bare[str(page.role)].median_ms
            out(
                f"page {page.endpoint} queries={counts} "
                f"median_ms={measured.median_ms:.1f} ratio={ratio:.2f}"
            )
            if len({r.pages[i].queries for r in results}) > 1:
                failures += explain_difference(
                    f"{page.endpoint} as {page.role}", results, lambda r, i=i: r.pages[i]
                )
        failures += bench_import(databases)
    except BenchError as error:
        log(f"[bench] ERROR: {error}")
        return 2
    for line in failures:
        log(line)
    elapsed = time.perf_counter() - started
    failed = sum(line.startswith("[bench] FAIL") for line in failures)
    log(f"[bench] done in {elapsed:.0f} s" + (f"; {failed} FAILED" if failed else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: time every page in bench.pages at two data scales and count its SQL statements.

    .venv/bin/python -m bench.run

For each scale (BENCH_SCALES, default "0.01,1") a fresh database is seeded with
lms.large.seed_large(scale); each page of bench.pages.PAGES is requested as its role's bench account
after two warm-up requests, once more while counting SQL statements, then BENCH_REPEAT times
(default 15) with the time of each request recorded. The bare page /_bench/bare is measured the
same way for every role and is the baseline of each page's ratio; a role's timed requests go
round-robin over its bare page and its pages, so machine noise hits them alike. The people import
(a generated CSV of BENCH_IMPORT_ROWS rows, default 5000, then the same file again) runs in a
fresh database seeded at 0.01.

Output on stdout, one line per page (tools parse these lines):

    page <endpoint> queries=<small>/<large> median_ms=<large-scale median> ratio=<median / bare>
    bench bare role=<role> median_ms=<x> queries=<small>/<large>
    bench exempt <endpoint> reason=<why>
    bench seed scale=<s> people=<n> seconds=<t>
    bench heatmap_compute scale=<s> people=<PMs> seconds=<t>
    bench training_needs scale=<s> people=<PMs> courses=<n> seconds=<t>
    bench forum_search query=<q> median_ms=<m> posts=<n>
    bench org_report median_ms=<m> records=<n> queries=<small>/<large>
    bench people_import rows=<n> seconds=<t> reimport_seconds=<t2> created=<n> reimport_changed=<0/1>

Every GET endpoint of the URL map is either measured (bench.pages.PAGES) or exempt with a reason
(bench.pages.EXEMPT); an endpoint that is neither fails the run before anything is measured.

Progress and failure details go to stderr. The exit status is non-zero when a GET endpoint is
neither measured nor exempt, when a page's query count differs between scales (its differing SQL
statements are printed), when any response is not 200, when re-importing the same CSV changes
anything, or — when the largest scale is 1 or more (BENCH_BUDGETS=0 turns this off, 1 forces
it) — when a page is over its budget (bench.pages: 3x its role's bare page; the organisation-wide
reports 100 ms).

Databases: SQLite files in a temporary directory, or with BENCH_DATABASE_URL set to a PostgreSQL
URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/pmo_bench) fresh databases named
<db>_bench_<n> (one per scale) and <db>_bench_import, dropped and created anew on every run.

The work is split over bench.databases (fresh, seeded databases), bench.measure (logging in,
counting, timing, comparing scales) and bench.people_import; this module reads the settings,
runs them in order and prints the per-page lines.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from flask import url_for

from .competencies import bench_heatmap, bench_training_needs
from .databases import Databases, dispose, seeded_app
from .forum import SEARCH_BUDGET_MS, bench_forum_search
from .measure import (
    ScaleResult,
    build_url,
    explain_difference,
    logged_in_client,
    measure_role,
    role_name,
)
from .output import BenchError, fmt_scale, log, out
from .people_import import IMPORT_ROWS, bench_import
from .projects import ORG_REPORT_BUDGET_MS, bench_org_report

# --- settings --------------------------------------------------------------------------------


def scales_from_env() -> list[float]:
    """BENCH_SCALES: the data scales to compare, smallest first (the last one is reported)."""
    raw = os.environ.get("BENCH_SCALES", "0.01,1")
    try:
        scales = sorted({float(part) for part in raw.split(",") if part.strip()})
    except ValueError as exc:
        raise SystemExit(f"BENCH_SCALES={raw!r}: expected numbers such as 0.01,1") from exc
    if not scales or any(s <= 0 for s in scales):
        raise SystemExit(f"BENCH_SCALES={raw!r}: expected positive numbers such as 0.01,1")
    return scales


def positive_int_from_env(name: str, default: int) -> int:
    """A positive whole number from the environment; anything else stops the run with a message."""
    raw = os.environ.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}={raw!r}: expected a positive whole number")
    return int(raw)


def repeat_from_env() -> int:
    """BENCH_REPEAT: timed requests per page; more gives steadier medians, fewer a quicker run."""
    return positive_int_from_env("BENCH_REPEAT", 15)


def import_rows_from_env() -> int:
    """BENCH_IMPORT_ROWS: rows in the generated import file; fewer make a quick smoke run."""
    return positive_int_from_env("BENCH_IMPORT_ROWS", IMPORT_ROWS)


# --- orchestration ---------------------------------------------------------------------------


def bench_scale(databases: Databases, index: int, scale: float, repeat: int) -> ScaleResult:
    """Seed a fresh database at `scale` and measure every page, one role at a time, so each
    role's pages are timed alongside the bare page they are compared with."""
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
        for role in [None, *Role]:
            mine = [i for i, page in enumerate(PAGES) if page.role == role]
            name = role_name(role)
            targets = [(f"{BARE_ENDPOINT} as {name}", bare_url)] + [
                (f"{PAGES[i].label} as {name}", urls[i]) for i in mine
            ]
            measured = measure_role(engine, logged_in_client(app, role), targets, repeat)
            result.bare[name] = measured[0]
            result.pages.update(zip(mine, measured[1:], strict=True))
            for (label, _url), m in zip(targets, measured, strict=True):
                log(
                    f"[bench] scale {fmt_scale(scale)} {label}: "
                    f"{m.queries} queries, median {m.median_ms:.1f} ms"
                )
        result.searches = bench_forum_search(app)
        result.org_report = bench_org_report(app)
    finally:
        dispose(app)
    return result


def main() -> int:
    """Entry point of `make bench`: read the settings, run in a temporary directory, clean up."""
    started = time.perf_counter()
    scales, repeat, import_rows = scales_from_env(), repeat_from_env(), import_rows_from_env()
    tmp = Path(tempfile.mkdtemp(prefix="pmo-bench-"))
    try:
        return run(scales, repeat, tmp, started, import_rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def budgets_from_env(scales: list[float]) -> bool:
    """BENCH_BUDGETS: 1 checks the budgets, 0 does not; by default they apply when the largest
    scale is the full organisation (1) or more, where they are stated."""
    raw = os.environ.get("BENCH_BUDGETS", "")
    if raw not in ("", "0", "1"):
        raise SystemExit(f"BENCH_BUDGETS={raw!r}: expected 0 or 1")
    return raw == "1" or (raw == "" and scales[-1] >= 1)


def check_coverage() -> list[str]:
    """Print the exempt endpoints; FAIL lines for GET endpoints neither measured nor exempt."""
    from .databases import make_app
    from .pages import EXEMPT, coverage

    for endpoint, reason in sorted(EXEMPT.items()):
        out(f"bench exempt {endpoint} reason={reason}")
    problems = coverage(make_app("sqlite://"))
    return [
        f"[bench] FAIL coverage: {problem} (measure it in bench.pages.PAGES or add it to "
        "EXEMPT with a reason)"
        for problem in problems
    ]


def over_budget(page, measured, bare) -> str | None:
    """A FAIL line when the page is slower than its budget, else None."""
    from .pages import RATIO_BUDGET

    if page.budget_ms is not None:
        if measured.median_ms > page.budget_ms:
            return (
                f"[bench] FAIL budget {page.label}: median {measured.median_ms:.1f} ms, "
                f"budget {page.budget_ms:.0f} ms"
            )
        return None
    ratio = measured.median_ms / bare.median_ms
    if ratio > RATIO_BUDGET:
        return (
            f"[bench] FAIL budget {page.label}: {ratio:.2f}x its bare page "
            f"({measured.median_ms:.1f} ms / {bare.median_ms:.1f} ms), budget {RATIO_BUDGET:g}x"
        )
    return None


def run(
    scales: list[float], repeat: int, tmp: Path, started: float, import_rows: int = IMPORT_ROWS
) -> int:
    """Measure every scale, print the bare and per-page lines, run the import benchmark; the
    exit status is 0 only when nothing failed (2 when something could not be measured)."""
    os.environ["PMO_ENV"] = "development"
    os.environ["PMO_INSTANCE_PATH"] = str(tmp / "instance")
    databases = Databases(tmp, os.environ.get("BENCH_DATABASE_URL") or None)

    from lms.permissions import Role

    from .pages import PAGES

    log(
        f"[bench] {len(PAGES)} pages, scales {', '.join(map(fmt_scale, scales))}, "
        f"{repeat} requests each, {databases.kind}"
    )
    failures: list[str] = check_coverage()
    if failures:
        for line in failures:
            log(line)
        return 1
    budgets = budgets_from_env(scales)
    try:
        results = [bench_scale(databases, i, s, repeat) for i, s in enumerate(scales)]
        large = results[-1]
        order = ["anonymous", *(str(r) for r in Role)]
        for role in sorted(large.bare, key=order.index):
            bare = large.bare[role]
            counts = "/".join(str(r.bare[role].queries) for r in results)
            out(f"bench bare role={role} median_ms={bare.median_ms:.1f} queries={counts}")
            if len({r.bare[role].queries for r in results}) > 1:
                failures += explain_difference(
                    f"bench.bare as {role}", results, lambda r, role=role: r.bare[role]
                )
        for i, page in enumerate(PAGES):
            measured, bare = large.pages[i], large.bare[role_name(page.role)]
            counts = "/".join(str(r.pages[i].queries) for r in results)
            ratio = measured.median_ms / bare.median_ms
            out(
                f"page {page.label} queries={counts} "
                f"median_ms={measured.median_ms:.1f} ratio={ratio:.2f}"
            )
            if len({r.pages[i].queries for r in results}) > 1:
                failures += explain_difference(
                    f"{page.label} as {role_name(page.role)}", results, lambda r, i=i: r.pages[i]
                )
            if budgets and (line := over_budget(page, measured, bare)):
                failures.append(line)
        for query, median_ms, posts in large.searches:
            out(f"bench forum_search query={query} median_ms={median_ms:.1f} posts={posts}")
            if budgets and databases.kind == "sqlite" and median_ms > SEARCH_BUDGET_MS:
                failures.append(
                    f"[bench] FAIL budget forum_search {query!r}: median {median_ms:.1f} ms, "
                    f"budget {SEARCH_BUDGET_MS:.0f} ms"
                )
        median_ms, records, _statements = large.org_report
        counts = "/".join(str(r.org_report[2]) for r in results)
        out(f"bench org_report median_ms={median_ms:.1f} records={records} queries={counts}")
        if len({r.org_report[2] for r in results}) > 1:
            failures.append(f"[bench] FAIL org_report: statements differ by scale ({counts})")
        if budgets and median_ms > ORG_REPORT_BUDGET_MS:
            failures.append(
                f"[bench] FAIL budget org_report: median {median_ms:.1f} ms, "
                f"budget {ORG_REPORT_BUDGET_MS:.0f} ms"
            )
        bench_heatmap(databases, scales[-1])
        bench_training_needs(databases, scales[-1])
        failures += bench_import(databases, import_rows)
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

"""The competency benchmark: the organisation heatmap's DataFrame, computed at the large scale.

Times the function (its queries and pandas work), not the HTTP page, which bench.pages measures.
"""

from __future__ import annotations

import statistics
import time

from .databases import Databases, dispose, seeded_app
from .output import fmt_scale, log, out

REPEAT = 5


def bench_heatmap(databases: Databases, scale: float) -> None:
    """Seed a fresh database at `scale`, compute the whole organisation's heatmap REPEAT times
    after one warm-up, and print `bench heatmap_compute scale=<s> people=<PMs> seconds=<median>`."""
    from competencies.reports.gaps import load_competencies
    from competencies.reports.heatmap import organisation_heatmap
    from competencies.reports.queries import Filters

    log(
        f"[bench] heatmap: seeding a fresh {databases.kind} database (scale {fmt_scale(scale)}) ..."
    )
    app = seeded_app(databases, "heatmap", scale, report=False)
    times = []
    try:
        with app.app_context(), app.test_request_context():
            for _ in range(REPEAT + 1):
                started = time.perf_counter()
                report = organisation_heatmap(Filters(), load_competencies())
                times.append(time.perf_counter() - started)
    finally:
        dispose(app)
    out(
        f"bench heatmap_compute scale={fmt_scale(scale)} people={int(report.total['pms'])} "
        f"seconds={statistics.median(times[1:]):.3f}"
    )


def needs_scale(scale: float) -> float:
    """The scale whose organisation has some 10,000 PMs (8 in 10 people are PMs), when the run goes
    up to the full organisation; else the run's largest scale."""
    return 1.3 if scale >= 1 else scale


def bench_training_needs(databases: Databases, scale: float) -> None:
    """Seed a fresh database, run the training-needs analysis over every PM REPEAT times after
    one warm-up, and print `bench training_needs scale=<s> people=<PMs> courses=<n>
    seconds=<median>` (the goal: under a second for 10,000 PMs)."""
    from competencies.needs.analysis import training_needs
    from competencies.reports.gaps import load_competencies
    from competencies.reports.queries import Filters

    scale = needs_scale(scale)
    log(
        f"[bench] training needs: seeding a fresh {databases.kind} database (scale {fmt_scale(scale)}) ..."
    )
    app = seeded_app(databases, "needs", scale, report=False)
    times = []
    try:
        with app.app_context(), app.test_request_context():
            for _ in range(REPEAT + 1):
                started = time.perf_counter()
                needs = training_needs(Filters(), load_competencies())
                times.append(time.perf_counter() - started)
    finally:
        dispose(app)
    out(
        f"bench training_needs scale={fmt_scale(scale)} people={needs.pms} "
        f"courses={len(needs.rows)} seconds={statistics.median(times[1:]):.3f}"
    )

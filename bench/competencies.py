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

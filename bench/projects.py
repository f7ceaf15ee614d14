"""The project benchmark: the organisation report's figures over every periodic record (a
million at scale 1), computed by the function itself — its statements and pandas work — as
`bench org_report median_ms=<m> records=<n> queries=<q>`; bench.pages measures the page."""

from __future__ import annotations

import statistics
import time

from flask import Flask

REPEAT = 5
ORG_REPORT_BUDGET_MS = 2000.0


def bench_org_report(app: Flask) -> tuple[float, int, int]:
    """(median ms, records, statements) of organisation_report over the whole organisation,
    REPEAT times after one warm-up."""
    from lms.clock import site_today
    from lms.extensions import db
    from lms.permissions import SYSTEM
    from lms.projects.evm import DEFAULT_THRESHOLDS
    from lms.reports.organisation import organisation_report
    from lms.reports.permissions import report_scope
    from tests.querycount import count_queries

    times = []
    with app.app_context(), app.test_request_context():
        for _ in range(REPEAT + 1):
            with count_queries(db.engine) as counted:
                started = time.perf_counter()
                report = organisation_report(report_scope(SYSTEM), site_today(), DEFAULT_THRESHOLDS)
                times.append(time.perf_counter() - started)
        db.session.remove()
    return statistics.median(times[1:]) * 1000, report.records, counted.count

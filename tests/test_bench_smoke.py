"""`python -m bench.run` at tiny scales: every page is reported once, with no N+1 queries."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bench.pages import EXEMPT, PAGES

ROOT = Path(__file__).resolve().parent.parent


def test_bench_runs_at_tiny_scales():
    """The benchmark must keep working (and its lines parseable) without a full `make bench`;
    TEST_DATABASE_URL points it at PostgreSQL, as it does the rest of the suite."""
    env = {
        **os.environ,
        "BENCH_SCALES": "0.002,0.005",
        "BENCH_REPEAT": "1",
        "BENCH_IMPORT_ROWS": "300",
    }
    env.pop("BENCH_DATABASE_URL", None)
    if os.environ.get("TEST_DATABASE_URL"):
        env["BENCH_DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    lines = proc.stdout.splitlines()
    for page in PAGES:
        mine = [line for line in lines if line.startswith(f"page {page.label} ")]
        assert len(mine) == 1, f"{page.label}: {mine}\n{proc.stdout}"
        pattern = (
            rf"^page {re.escape(page.label)} queries=(\d+)/(\d+) median_ms=[\d.]+ ratio=[\d.]+$"
        )
        match = re.match(pattern, mine[0])
        assert match, mine[0]
        assert match[1] == match[2], f"{page.label}: query count grows with the data: {mine[0]}"
    for endpoint, reason in EXEMPT.items():
        assert f"bench exempt {endpoint} reason={reason}" in lines
    imports = [line for line in lines if line.startswith("bench people_import ")]
    assert len(imports) == 1, proc.stdout
    assert re.search(r" rows=300 .* created=300 reimport_changed=0$", imports[0]), imports[0]
    reports = [line for line in lines if line.startswith("bench org_report ")]
    assert len(reports) == 1, proc.stdout
    match = re.match(r"^bench org_report median_ms=[\d.]+ records=(\d+) queries=(\d+)/(\d+)$",
                     reports[0])  # fmt: skip
    assert match and int(match[1]) > 0 and match[2] == match[3], reports[0]

"""Benchmark output: result lines on stdout, progress on stderr, and the error that aborts a run."""

from __future__ import annotations

import sys


class BenchError(Exception):
    """A benchmark could not be measured (bad status, missing data): abort the run."""


def log(message: str) -> None:
    """Progress and failure details go to stderr, so stdout holds only the parseable lines."""
    print(message, file=sys.stderr, flush=True)


def out(line: str) -> None:
    """A result line on stdout; tools parse these, so their formats must not change."""
    print(line, flush=True)


def fmt_scale(scale: float) -> str:
    """A scale as the user wrote it in BENCH_SCALES (0.01, 1), not 0.010000 or 1.0."""
    return f"{scale:g}"

"""Benchmarks: `make bench` runs `python -m bench.run` (page timings, query counts, CSV import)."""

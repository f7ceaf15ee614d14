"""The people import benchmark: a generated CSV imported into a fresh database, then again."""

from __future__ import annotations

import io
import random
import time

from lms.permissions import SYSTEM

from .databases import Databases, dispose, seeded_app
from .output import BenchError, log, out

IMPORT_ROWS = 5000
IMPORT_DEPARTMENTS = 50
IMPORT_SCALE = 0.01


def people_csv(rows: int = IMPORT_ROWS, departments: int = IMPORT_DEPARTMENTS) -> bytes:
    """A deterministic import file: `rows` people in `departments` departments, each department's
    director one of the people in the file."""
    from lms.large import FIRST, LAST, TITLES

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


def bench_import(databases: Databases, rows: int = IMPORT_ROWS) -> list[str]:
    """Time importing `rows` people and re-importing the same file, which must change nothing;
    prints the `bench people_import` line and returns FAIL lines."""
    from lms.accounts.importers import import_people
    from lms.extensions import db

    log(
        f"[bench] people import: seeding a fresh {databases.kind} database (scale {IMPORT_SCALE}) ..."
    )
    # No more departments than rows, so every department's director is a person in the file.
    raw = people_csv(rows, min(IMPORT_DEPARTMENTS, rows))
    app = seeded_app(databases, "import", IMPORT_SCALE, report=False)
    failures = []

    def run_import():
        with app.app_context(), app.test_request_context():
            started = time.perf_counter()
            result = import_people(raw, actor=SYSTEM)
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
    if first.created != rows:
        failures.append(
            f"[bench] FAIL people_import: expected {rows} people created, got {first.created}"
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

"""Project records changed by several people at once, on PostgreSQL with real commits: two
saves of the same new period keep one record (never the sum), a month locked while an edit
is made refuses it or holds it whole, a double-clicked import applies once, a roll-back and
an edit of the same period never lose the edit, and two staffing decisions keep one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Department, User, UserRole
from lms.db import committing
from lms.errors import ConflictError, ServiceError
from lms.extensions import db
from lms.projects import services
from lms.projects.actuals import PeriodEntry, lock_month, record_periods
from lms.projects.importers import import_batch, roll_back_import, upload_timesheet
from lms.projects.models import (
    EffortRole,
    ImportBatch,
    PeriodEffort,
    PeriodLock,
    PeriodRecord,
    Project,
    StaffingDecision,
)
from lms.projects.staffing import assign_pm
from lms.projects.timesheets import Settings
from tests import databases
from tests.test_concurrency import run_together, shared_app  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(
    not databases.is_postgres(), reason="concurrency is proven on PostgreSQL (TEST_DATABASE_URL)"
)

DEV = EffortRole.DEVELOPER
MARCH = date(2026, 3, 1)


@pytest.fixture
def office(shared_app):  # noqa: F811
    """{name: id}: a PM, a second PM, two PMO members, and the PM's running key project
    "RACE" with a plan from January to June 2026."""
    with shared_app.app_context():
        people = {
            name: User(email=f"{name}@race.test", name=name.title(), role_rows=[UserRole(role=r)])
            for name, r in (("pm", "pm"), ("other", "pm"), ("pmo", "pmo"), ("pmo2", "pmo"))
        }
        db.session.add_all(people.values())
        db.session.flush()
        department = Department(name="Race")
        db.session.add(department)
        db.session.flush()
        for person in people.values():
            person.department_id = department.id
        project = services.save_project(
            None, actor=people["pmo"], code="RACE", name="Race", department_id=department.id,
            pm_email=people["pm"].email, status="running", is_key=True,
        )  # fmt: skip
        services.set_baseline(
            project, actor=people["pmo"], name="", start_on=date(2026, 1, 1),
            end_on=date(2026, 6, 30), budget=Decimal(100_000), efforts={DEV: Decimal(100)},
        )  # fmt: skip
        db.session.commit()
        return {name: p.id for name, p in people.items()} | {"project": project.id}


def _save(app, ids, who: str, days: int, version=0):  # 0: the grid showed it empty
    def job():
        with app.app_context():
            project = db.session.get(Project, ids["project"])
            entry = PeriodEntry(MARCH, efforts={DEV: Decimal(days)}, percent_complete=Decimal(10),
                                version=version)  # fmt: skip
            try:
                with committing():
                    record_periods(project, actor=db.session.get(User, ids[who]), entries=[entry])
            except (ConflictError, ServiceError) as refused:
                return type(refused).__name__
            return "saved"

    return job


def _march_days(ids) -> list[Decimal]:
    return list(
        db.session.scalars(
            select(PeriodEffort.person_days)
            .join(PeriodRecord, PeriodRecord.id == PeriodEffort.record_id)
            .where(PeriodRecord.project_id == ids["project"], PeriodRecord.period_start == MARCH)
        )
    )


def test_two_saves_of_one_new_period_keep_one_record_not_the_sum(shared_app, office):  # noqa: F811
    results = run_together(_save(shared_app, office, "pm", 5), _save(shared_app, office, "pmo", 7))
    assert sorted(results) == ["ConflictError", "saved"]
    with shared_app.app_context():
        days = _march_days(office)
        assert days in ([Decimal(5)], [Decimal(7)])  # one of the two, whole


def test_a_month_locked_during_an_edit_refuses_it_or_holds_it_whole(shared_app, office):  # noqa: F811
    def lock():
        with shared_app.app_context():
            with committing():
                lock_month(MARCH, actor=db.session.get(User, office["pmo2"]))
            return "locked"

    for round_ in range(5):
        with shared_app.app_context():
            db.session.execute(db.delete(PeriodLock))
            db.session.execute(db.delete(PeriodRecord))  # each round's edit starts on an empty row
            db.session.commit()
        edit, locked = run_together(_save(shared_app, office, "pm", 10 + round_), lock)
        assert locked == "locked" and edit in ("saved", "ServiceError")
        with shared_app.app_context():
            held = _march_days(office)
            if edit == "saved":  # it came first, and the lock now holds it as it was
                assert held == [Decimal(10 + round_)]
            else:
                assert held != [Decimal(10 + round_)]
        assert _save(shared_app, office, "pm", 99)() == "ServiceError"  # locked now
    with shared_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PeriodLock)) == 1


def _batch(app, ids) -> int:
    with app.app_context():
        batch = upload_timesheet(
            b"Project,Date,Hours\nRACE,2026-03-02,8\nRACE,2026-03-03,8\n",
            actor=db.session.get(User, ids["pm"]), filename="t.csv", settings=Settings(),
        )  # fmt: skip
        db.session.commit()
        return batch.id


def _run(app, ids, service, batch_id: int, who: str = "pm"):
    def job():
        with app.app_context():
            try:
                with committing():
                    service(db.session.get(ImportBatch, batch_id),
                            actor=db.session.get(User, ids[who]))  # fmt: skip
            except (ConflictError, ServiceError) as refused:
                return type(refused).__name__
            return "done"

    return job


def test_a_double_clicked_import_applies_once(shared_app, office):  # noqa: F811
    batch_id = _batch(shared_app, office)
    results = run_together(*(_run(shared_app, office, import_batch, batch_id) for _ in range(4)))
    assert sorted(results) == ["ServiceError"] * 3 + ["done"]
    with shared_app.app_context():
        assert _march_days(office) == [Decimal(2)]  # 16 hours once, not 64


def test_a_roll_back_and_an_edit_of_its_period_at_once_never_lose_the_edit(
    shared_app,  # noqa: F811
    office,
):
    batch_id = _batch(shared_app, office)
    _run(shared_app, office, import_batch, batch_id)()
    with shared_app.app_context():
        version = db.session.scalar(
            select(PeriodRecord.version).where(PeriodRecord.project_id == office["project"])
        )
    edit, roll_back = run_together(
        _save(shared_app, office, "pm", 6, version=version),
        _run(shared_app, office, roll_back_import, batch_id),
    )
    with shared_app.app_context():
        held = _march_days(office)
        state = db.session.get(ImportBatch, batch_id).state
    if edit == "saved":  # the edit stands; the roll-back was refused (changed since)
        assert held == [Decimal(6)] and roll_back != "done" and state == "applied"
    else:  # the roll-back came first: nothing was held before the import
        assert roll_back == "done" and edit == "ConflictError" and held == []


def test_two_staffing_decisions_at_once_keep_one(shared_app, office):  # noqa: F811
    def decide(who: str, person: str):
        def job():
            with shared_app.app_context():
                try:
                    with committing():
                        assign_pm(
                            db.session.get(Project, office["project"]),
                            actor=db.session.get(User, office[who]),
                            person_id=office[person],
                            reason=f"{who} chose {person}",
                        )
                except ConflictError:
                    return "conflict"
                return person

        return job

    results = run_together(decide("pmo", "other"), decide("pmo2", "pm"))
    winners = [r for r in results if r != "conflict"]
    assert winners  # at least one decision stands; a loser is told to reload
    with shared_app.app_context():
        decisions = db.session.scalars(select(StaffingDecision).order_by(StaffingDecision.id)).all()
        assert sorted(d.reason.split()[-1] for d in decisions) == sorted(winners)  # none lost
        project = db.session.get(Project, office["project"])
        assert project.pm_id == decisions[-1].person_id  # the project says what was decided

"""A PM deleting evidence while their director confirms a level citing it, on PostgreSQL with
real commits: either the rating cites the evidence and it stays, or the evidence is gone and the
confirmation is refused. Never a confirmed rating whose cited evidence vanished under it."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from competencies.framework.models import Competency
from competencies.profiles.models import Evidence, EvidenceKind, Rating, rating_evidence
from competencies.profiles.services import add_evidence, confirm_level, delete_evidence
from lms.accounts.models import User
from lms.db import committing
from lms.errors import ServiceError
from lms.extensions import db
from tests import databases
from tests.competencies.conftest import delivery_team_app
from tests.test_concurrency import run_together

pytestmark = pytest.mark.skipif(
    not databases.is_postgres(), reason="concurrency is proven on PostgreSQL (TEST_DATABASE_URL)"
)

ROUNDS = 12


@pytest.fixture
def shared_app(tmp_path):
    yield from delivery_team_app("evidence_concurrency", tmp_path)


def _person(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _attempt(app, work) -> str:
    with app.app_context():
        try:
            with committing():
                work()
        except ServiceError:
            return "refused"
        return "done"


def test_deleting_evidence_while_a_confirmation_cites_it(shared_app):
    outcomes = set()
    for round_ in range(ROUNDS):
        with shared_app.app_context():
            pm = _person("pm@example.com")
            evidence = add_evidence(pm, actor=pm, kind=EvidenceKind.NOTE, title=f"Note {round_}")
            db.session.commit()
            evidence_id = evidence.id

        def delete(evidence_id=evidence_id):
            delete_evidence(db.session.get(Evidence, evidence_id), actor=_person("pm@example.com"))

        def confirm(evidence_id=evidence_id, level=1 + round_ % 2):
            leaf = db.session.scalar(select(Competency).where(Competency.idnumber == "A-1-a"))
            confirm_level(
                _person("pm@example.com"),
                leaf,
                level,
                actor=_person("dir@example.com"),
                evidence_ids=[evidence_id],
            )

        deleted, confirmed = run_together(
            lambda: _attempt(shared_app, delete), lambda: _attempt(shared_app, confirm)
        )
        outcomes.add((deleted, confirmed))
        assert {deleted, confirmed} == {"done", "refused"}, (deleted, confirmed)
        with shared_app.app_context():
            exists = db.session.get(Evidence, evidence_id) is not None
            citations = db.session.scalar(
                select(func.count())
                .select_from(rating_evidence)
                .where(rating_evidence.c.evidence_id == evidence_id)
            )
            assert (exists, citations) == ((True, 1) if confirmed == "done" else (False, 0))
    with shared_app.app_context():
        uncited = db.session.scalar(
            select(func.count())
            .select_from(Rating)
            .where(~Rating.evidence.any(), Rating.justification == "")
        )
        assert uncited == 0  # every confirmed rating still cites what it was based on


def test_a_delete_waiting_on_a_confirmation_in_flight_sees_its_citation(shared_app):
    """The interleaving the race above hits only now and then: the director's confirmation has
    written its citation but not committed when the PM asks to delete. The delete must wait for
    it and then refuse, not find no citation and take the cited evidence away on commit."""
    with shared_app.app_context():
        pm = _person("pm@example.com")
        evidence_id = add_evidence(pm, actor=pm, kind=EvidenceKind.NOTE, title="Review").id
        db.session.commit()
    outcome = {}
    with shared_app.app_context():  # the director's request, still open
        leaf = db.session.scalar(select(Competency).where(Competency.idnumber == "A-1-a"))
        confirm_level(
            _person("pm@example.com"),
            leaf,
            2,
            actor=_person("dir@example.com"),
            evidence_ids=[evidence_id],
        )
        db.session.flush()

        def delete():
            outcome["delete"] = _attempt(
                shared_app,
                lambda: delete_evidence(
                    db.session.get(Evidence, evidence_id), actor=_person("pm@example.com")
                ),
            )

        pm_request = threading.Thread(target=delete)
        pm_request.start()
        databases.wait_until_blocked(db.engine)  # the PM's delete waits on the evidence row
        db.session.commit()
        pm_request.join(timeout=30)
    assert outcome == {"delete": "refused"}
    with shared_app.app_context():
        assert db.session.get(Evidence, evidence_id) is not None
        cited = select(func.count()).where(rating_evidence.c.evidence_id == evidence_id)
        assert db.session.scalar(cited) == 1

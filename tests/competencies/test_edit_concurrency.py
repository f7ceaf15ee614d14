"""PMO editors saving the same competency or career level at once, on PostgreSQL with real
commits: exactly one save lands, the others are told to reload."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from competencies.careers.models import CareerLevel, CareerTarget
from competencies.careers.services import save_career_level
from competencies.framework.files import json_format
from competencies.framework.files.exchange import save_framework
from competencies.framework.models import Competency, FrameworkState
from competencies.framework.queries import load_framework
from lms import create_app
from lms.accounts.models import User, UserRole
from lms.accounts.services import hash_password
from lms.audit.models import AuditEntry
from lms.db import check_version
from lms.errors import ConflictError
from lms.extensions import db
from lms.permissions import SYSTEM
from tests import databases
from tests.competencies.conftest import SMALL
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD
from tests.test_concurrency import run_together

pytestmark = pytest.mark.skipif(
    not databases.is_postgres(), reason="concurrency is proven on PostgreSQL (TEST_DATABASE_URL)"
)

EDITORS = 4


@pytest.fixture
def shared_app(tmp_path):
    """Four PMO editors, the small framework published and a draft of it, one career level with
    a target per assessed competency."""
    url = databases.fresh_database("edit_concurrency", tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LOGIN_RATE_LIMIT": "100 per minute"})
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        db.session.add_all(
            User(
                email=f"pmo{n}@example.com",
                name=f"PMO {n}",
                password_hash=hash_password(PASSWORD),
                role_rows=[UserRole(role="pmo")],
            )
            for n in range(EDITORS)
        )
        for state, version in ((FrameworkState.PUBLISHED, "1.0"), (FrameworkState.DRAFT, "1.1")):
            data = json_format.parse(json.dumps({**SMALL, "version": version}))
            framework = save_framework(data, state=state, actor=SYSTEM)
        published = load_framework(framework.id - 1)
        db.session.add(
            CareerLevel(
                framework=published,
                idnumber="LEAD",
                rank=5,
                names={"en": "Lead", "zh_CN": ""},  # as the form saves it
                targets=[
                    CareerTarget(competency=c, level=0) for c in published.assessed_competencies
                ],
            )
        )
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def _editors(app) -> list:
    clients = []
    for n in range(EDITORS):
        client = app.test_client()
        response = client.post(
            "/login", data={"email": f"pmo{n}@example.com", "password": PASSWORD}
        )
        assert response.status_code == 302
        clients.append(client)
    return clients


def _save_all_at_once(app, url: str, forms: list[dict]) -> list[int]:
    """Every editor posts their form at the same moment; the status codes in editor order."""
    jobs = [
        lambda client=client, form=form: client.post(url, data=form).status_code
        for client, form in zip(_editors(app), forms, strict=True)
    ]
    return run_together(*jobs)


def _audits(app, action: str) -> int:
    with app.app_context():
        query = select(func.count()).where(AuditEntry.action == action)
        return db.session.scalar(query)


def test_editors_saving_the_same_competency_at_once_one_wins(shared_app):
    with shared_app.app_context():
        listening = db.session.scalar(
            select(Competency).where(Competency.idnumber == "A-1").order_by(Competency.id.desc())
        )
        framework_id, competency_id = listening.framework_id, listening.id
        base = {"idnumber": "A-1", "parent_id": listening.parent_id, "version": listening.version}
    url = f"/frameworks/{framework_id}/competencies/{competency_id}/edit"
    forms = [{**base, "name_en": f"Listening {n}"} for n in range(EDITORS)]
    statuses = _save_all_at_once(shared_app, url, forms)
    assert sorted(statuses) == [302] + [422] * (EDITORS - 1)
    winner = forms[statuses.index(302)]["name_en"]
    with shared_app.app_context():
        stored = db.session.get(Competency, competency_id)
        assert (stored.names, stored.version) == ({"en": winner}, 2)
    assert _audits(shared_app, "competency.updated") == 1


def test_editors_saving_the_same_career_level_at_once_one_wins(shared_app):
    """Each editor only changes an existing target: another table's row, yet one new version of
    the level, so the later saves are refused instead of overwriting the first."""
    with shared_app.app_context():
        level = db.session.scalar(select(CareerLevel))
        framework = load_framework(level.framework_id)
        leaf = next(c for c in framework.assessed_competencies if c.idnumber == "A-1-a")
        level_id, leaf_id = level.id, leaf.id
        base = {"idnumber": "LEAD", "name_en": "Lead", "rank": 5, "version": level.version}
    forms = [{**base, f"target_{leaf_id}": 1 + n % 2} for n in range(EDITORS)]
    statuses = _save_all_at_once(shared_app, f"/career-levels/{level_id}/edit", forms)
    assert sorted(statuses) == [302] + [422] * (EDITORS - 1)
    winner = forms[statuses.index(302)][f"target_{leaf_id}"]
    with shared_app.app_context():
        stored = db.session.get(CareerLevel, level_id)
        assert stored.version == 2
        assert {t.competency_id: t.level for t in stored.targets}[leaf_id] == winner
    assert _audits(shared_app, "career_level.saved") == 1


def test_a_save_begun_before_another_committed_is_refused(shared_app):
    """The interleaving the concurrent test above can hit only rarely: editor B's request has
    loaded the level (version 1) when editor A's save commits; B's request then reads targets
    that already hold A's value. The version check must read the row again, not B's copy."""
    with shared_app.app_context():
        level = db.session.scalar(select(CareerLevel))
        seen = level.version
        with shared_app.app_context():  # editor A, own session, commits first
            other = db.session.get(CareerLevel, level.id)
            framework = load_framework(other.framework_id)
            leaf = framework.assessed_competencies[0]
            save_career_level(
                other,
                actor=db.session.scalar(select(User)),
                framework=framework,
                idnumber=other.idnumber,
                rank=other.rank,
                names=other.names,
                targets={leaf.id: 2},
            )
            db.session.commit()
        with pytest.raises(ConflictError):
            check_version(level, seen)
        db.session.rollback()


def test_saving_something_deleted_meanwhile_is_refused_not_an_error(shared_app):
    with shared_app.app_context():
        level = db.session.scalar(select(CareerLevel))
        seen = level.version
        with shared_app.app_context():  # someone else removes it and commits
            db.session.delete(db.session.get(CareerLevel, level.id))
            db.session.commit()
        with pytest.raises(ConflictError):
            check_version(level, seen)
        db.session.rollback()

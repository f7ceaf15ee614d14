"""Publishing framework versions at once, on PostgreSQL with real commits: one version ends up
published and everyone's career levels follow it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from competencies.careers.models import CareerAssignment, CareerLevel
from competencies.careers.seed import seed_default_career_levels
from competencies.careers.services import assign_career
from competencies.framework import services
from competencies.framework.models import Framework, FrameworkState
from competencies.framework.queries import find_framework
from competencies.framework.seed import seed_default_framework
from lms.accounts.models import User
from lms.errors import ServiceError
from lms.extensions import db
from lms.permissions import SYSTEM
from tests import databases
from tests.test_concurrency import run_together, shared_app  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(
    not databases.is_postgres(), reason="concurrency is proven on PostgreSQL (TEST_DATABASE_URL)"
)


@pytest.fixture
def versions(shared_app):  # noqa: F811
    """PMO-CORE 1.0 published with 20 PMs on its levels, and drafts 1.1 and 1.2 copied from it."""
    with shared_app.app_context():
        seed_default_framework()
        seed_default_career_levels()
        admin = db.session.scalar(select(User).where(User.email == "admin@example.com"))
        first = find_framework("PMO-CORE")
        levels = {
            level.idnumber: level
            for level in db.session.scalars(
                select(CareerLevel).where(CareerLevel.framework_id == first.id)
            )
        }
        for n in range(20):
            person = User(email=f"pm{n}@example.com", name=f"PM {n}")
            db.session.add(person)
            db.session.flush()
            assign_career(person, actor=SYSTEM, current=levels["PM"], aim=levels["SENIOR_PM"])
        drafts = [
            services.new_version(first, actor=admin, version_label=label).id
            for label in ("1.1", "1.2")
        ]
        db.session.commit()
        return admin.id, drafts


def _publish(app, admin_id: int, framework_id: int):
    def job():
        with app.app_context():
            try:
                services.publish_framework(
                    db.session.get(Framework, framework_id), actor=db.session.get(User, admin_id)
                )
                db.session.commit()
                return "published"
            except ServiceError as error:
                db.session.rollback()
                return str(error)

    return job


def _state(app) -> tuple[list[str], set[tuple[int, str, str]]]:
    """(published version labels, {(framework id, current level, aim)} over all assignments)."""
    with app.app_context():
        published = db.session.scalars(
            select(Framework.version_label).where(Framework.state == FrameworkState.PUBLISHED)
        ).all()
        current, aim = CareerLevel.__table__.alias(), CareerLevel.__table__.alias()
        rows = db.session.execute(
            select(current.c.framework_id, current.c.idnumber, aim.c.idnumber)
            .select_from(CareerAssignment)
            .join(current, current.c.id == CareerAssignment.current_level_id)
            .join(aim, aim.c.id == CareerAssignment.next_level_id)
        ).all()
        return published, {tuple(row) for row in rows}


def test_two_versions_published_at_once_leave_one_published_and_everyone_on_it(
    shared_app,  # noqa: F811
    versions,
):
    admin_id, (v11, v12) = versions
    outcomes = run_together(
        _publish(shared_app, admin_id, v11), _publish(shared_app, admin_id, v12)
    )
    assert outcomes == ["published", "published"]  # one after the other, never both at once
    published, assignments = _state(shared_app)
    assert len(published) == 1
    with shared_app.app_context():
        winner = find_framework("PMO-CORE", published[0]).id
    assert assignments == {(winner, "PM", "SENIOR_PM")}


def test_the_same_draft_published_twice_at_once_is_published_once(
    shared_app,  # noqa: F811
    versions,
):
    admin_id, (v11, _v12) = versions
    job = _publish(shared_app, admin_id, v11)
    outcomes = run_together(job, job)
    assert sorted(outcomes) == [
        "This version is published already; nothing changed.",
        "published",
    ]
    published, assignments = _state(shared_app)
    assert published == ["1.1"]
    assert assignments == {(v11, "PM", "SENIOR_PM")}

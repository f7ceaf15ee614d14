"""Two assessors confirming the same PM's level in the same competency at once, on PostgreSQL
with real commits: the current rating is always the newer one (the higher id), whichever
transaction commits last, and no confirmation fails."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from competencies.framework.models import Competency
from competencies.profiles.models import CurrentRating, Rating
from competencies.profiles.services import confirm_level
from lms.accounts.models import User
from lms.extensions import db
from tests import databases
from tests.competencies.conftest import delivery_team_app
from tests.test_concurrency import run_together

pytestmark = pytest.mark.skipif(
    not databases.is_postgres(), reason="concurrency is proven on PostgreSQL (TEST_DATABASE_URL)"
)

ROUNDS = 40


@pytest.fixture
def shared_app(tmp_path):
    yield from delivery_team_app("current_ratings_concurrency", tmp_path)


def _confirm(app, assessor: str, level: int):
    def job():
        with app.app_context():
            person = db.session.scalar(select(User).where(User.email == "pm@example.com"))
            actor = db.session.scalar(select(User).where(User.email == assessor))
            leaf = db.session.scalar(select(Competency).where(Competency.idnumber == "B-1"))
            rating = confirm_level(person, leaf, level, actor=actor, justification="Seen.")
            rating_id = rating.id
            db.session.commit()
            return rating_id

    return job


def test_two_confirmations_at_once_leave_the_newer_current(shared_app):
    for round_ in range(ROUNDS):
        ids = run_together(
            _confirm(shared_app, "dir@example.com", round_ % 3),
            _confirm(shared_app, "pmo@example.com", (round_ + 1) % 3),
        )
        with shared_app.app_context():
            current = db.session.scalars(
                select(CurrentRating).where(CurrentRating.is_confirmed.is_(True))
            ).all()
            newest = db.session.get(Rating, max(ids))
            assert [(c.rating_id, c.level) for c in current] == [(newest.id, newest.level)]
            db.session.remove()

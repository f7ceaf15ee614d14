"""Sign-ups and withdrawals at the same moment, on PostgreSQL with real commits: a 30-seat
class takes exactly 30 of 100 learners and waitlists 70 in order, and 10 withdrawals at once
promote exactly the first 10 waiting."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.accounts.models import User, UserRole
from lms.extensions import db
from lms.training import enrolment as enrolments
from lms.training.models import Enrolment, EnrolmentState, TrainingClass
from tests import databases
from tests.test_concurrency import run_together, shared_app  # noqa: F401  (the fixture)
from tests.training.conftest import make_class, make_course

pytestmark = pytest.mark.skipif(
    not databases.is_postgres(), reason="concurrency is proven on PostgreSQL (TEST_DATABASE_URL)"
)


@pytest.fixture
def crowd(shared_app):  # noqa: F811
    """A 30-seat class and 100 learners (ids)."""
    with shared_app.app_context():
        people = [
            User(email=f"l{n:03d}@crowd.test", name=f"Learner {n}", role_rows=[UserRole(role="pm")])
            for n in range(100)
        ]
        db.session.add_all(people)
        training_class = make_class(make_course("CROWD"), capacity=30)
        db.session.commit()
        return training_class.id, [p.id for p in people]


def _enrol(app, class_id: int, user_id: int):
    def job():
        with app.app_context():
            training_class = db.session.get(TrainingClass, class_id)
            enrolment = enrolments.enrol(training_class, actor=db.session.get(User, user_id))
            db.session.commit()
            return enrolment.state

    return job


def _waiting(class_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Enrolment.user_id)
            .where(Enrolment.class_id == class_id, Enrolment.state == EnrolmentState.WAITLISTED)
            .order_by(Enrolment.queued_at, Enrolment.id)
        )
    )


def test_100_sign_ups_fill_30_seats_and_10_withdrawals_promote_the_first_10(
    shared_app,  # noqa: F811
    crowd,
):
    class_id, people = crowd
    states = run_together(*(_enrol(shared_app, class_id, person) for person in people))
    assert states.count(EnrolmentState.ENROLLED) == 30
    assert states.count(EnrolmentState.WAITLISTED) == 70
    with shared_app.app_context():
        waiting = _waiting(class_id)
        positions = [
            enrolments.waitlist_position(
                enrolments.enrolment_of(db.session.get(TrainingClass, class_id), p)
            )
            for p in waiting
        ]
        assert positions == list(range(1, 71)), "no gaps, no repeats"
        seated = list(
            db.session.scalars(
                select(Enrolment)
                .where(Enrolment.class_id == class_id, Enrolment.state == EnrolmentState.ENROLLED)
                .order_by(Enrolment.id)
            )
        )
        leaving = [e.id for e in seated[:10]]
        first_ten = waiting[:10]

    def withdraw(enrolment_id: int):
        def job():
            with shared_app.app_context():
                enrolment = db.session.get(Enrolment, enrolment_id)
                enrolments.withdraw(enrolment, actor=db.session.get(User, enrolment.user_id))
                db.session.commit()

        return job

    run_together(*(withdraw(e) for e in leaving))
    with shared_app.app_context():
        counts = dict(
            db.session.execute(
                select(Enrolment.state, func.count())
                .where(Enrolment.class_id == class_id)
                .group_by(Enrolment.state)
            ).all()
        )
        assert counts == {
            EnrolmentState.ENROLLED: 30,
            EnrolmentState.WITHDRAWN: 10,
            EnrolmentState.WAITLISTED: 60,
        }
        promoted = set(
            db.session.scalars(
                select(Enrolment.user_id).where(
                    Enrolment.class_id == class_id,
                    Enrolment.state == EnrolmentState.ENROLLED,
                    Enrolment.user_id.in_(first_ten),
                )
            )
        )
        assert promoted == set(first_ten), "exactly the first ten waiting"

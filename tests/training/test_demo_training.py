"""`seed-demo` gives training something to show, once: courses, rooms, a class next week with
Priya enrolled, a full class with a waitlist, a past class Wang Wei completed with feedback."""

from __future__ import annotations

from sqlalchemy import func, select

from competencies.profiles.models import Evidence, EvidenceKind
from lms.training.models import Course, Enrolment, EnrolmentState, Feedback, TrainingClass


def test_seed_demo_fills_training_once(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "demo training: 3 courses, 2 rooms, 3 classes" in result.output
    states = dict(
        db.session.execute(select(Enrolment.state, func.count()).group_by(Enrolment.state)).all()
    )
    assert states == {EnrolmentState.ENROLLED: 4, EnrolmentState.WAITLISTED: 1}
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 1
    training = (
        select(func.count()).select_from(Evidence).where(Evidence.kind == EvidenceKind.TRAINING)
    )
    assert db.session.scalar(training) == 1, "the completed class is on Wang Wei's profile"
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "demo training: present" in again.output
    assert db.session.scalar(select(func.count()).select_from(Course)) == 3
    assert db.session.scalar(select(func.count()).select_from(TrainingClass)) == 3

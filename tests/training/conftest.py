"""Fixtures of the training tests: a course and an open class with two sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lms.extensions import db
from lms.training.models import ClassSession, ClassState, Course, Room, TrainingClass
from tests.competencies.conftest import small_framework, small_json  # noqa: F401  (fixtures)

MONDAY = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def make_course(idnumber: str = "SCHED", **values) -> Course:
    course = Course(
        idnumber=idnumber, names={"en": f"Course {idnumber}"}, **{"duration_hours": 8, **values}
    )
    db.session.add(course)
    db.session.flush()
    return course


def make_class(course: Course, *, capacity: int = 30, start=MONDAY, days: int = 2, **values):
    training_class = TrainingClass(
        course=course, capacity=capacity, state=ClassState.OPEN, **values
    )
    training_class.sessions = [
        ClassSession(
            starts_at=start + timedelta(days=n), ends_at=start + timedelta(days=n, hours=4)
        )
        for n in range(days)
    ]
    db.session.add(training_class)
    db.session.flush()
    return training_class


@pytest.fixture
def course(db):
    return make_course()


@pytest.fixture
def open_class(db, course):
    return make_class(course, capacity=2, room=Room(name="Room A", capacity=20))

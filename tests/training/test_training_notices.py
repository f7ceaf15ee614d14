"""Who hears what in training (lms/training/notices.py) and the class reminder of `remind`
(lms/training/reminders.py), given once per class, start date and person."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.notifications.models import Notification
from lms.training import classes, enrolment
from lms.training.reminders import remind_classes
from tests.factories import UserFactory

from .conftest import make_class


def _kinds(person) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == person.id)
            .order_by(Notification.id)
        )
    )


def test_learners_hear_of_their_seat_the_waitlist_and_promotion(db, people, open_class):
    first, second, third = (UserFactory(email=f"n{n}@example.com") for n in range(3))
    for person in (first, second, third):
        enrolment.enrol(open_class, actor=person)
    assert _kinds(first) == ["training.enrolled"] and _kinds(third) == ["training.waitlisted"]
    waiting = db.session.scalar(select(Notification).where(Notification.user_id == third.id))
    assert waiting.params["position"] == 1 and "number 1" in waiting.message
    enrolment.withdraw(enrolment.enrolment_of(open_class, first.id), actor=first)
    assert _kinds(third)[-1] == "training.promoted"
    classes.cancel_class(open_class, actor=people["pmo"], reason="Trainer ill")
    assert _kinds(second)[-1] == "training.class_cancelled"
    assert _kinds(first)[-1] == "training.enrolled", "who left is not told"


def test_the_class_reminder_goes_once_to_learners_and_trainers(db, people, course):
    start = datetime(2027, 3, 10, 1, 0, tzinfo=UTC)  # 09:00 on 10 March in Shanghai
    training_class = make_class(course, capacity=5, start=start, days=1)
    training_class.trainers = [people["trainer"]]
    enrolment.enrol(training_class, actor=people["pm"])
    assert remind_classes(date(2027, 3, 1)) == "class reminders: 0 reminded"
    assert remind_classes(date(2027, 3, 8)) == "class reminders: 2 reminded"
    assert remind_classes(date(2027, 3, 9)) == "class reminders: 0 reminded"
    assert _kinds(people["trainer"]) == ["training.class_soon"]
    note = db.session.scalar(
        select(Notification)
        .where(Notification.user_id == people["pm"].id)
        .order_by(Notification.id.desc())
    )
    assert note.params["when"] == "2027-03-10 09:00"


def test_classes_run_and_finish_by_themselves_once(db, people, course):
    from datetime import timedelta

    from lms.clock import utcnow
    from lms.training.models import ClassState
    from lms.training.reminders import advance_classes

    started = make_class(course, start=utcnow() - timedelta(hours=1), days=2)
    finished = make_class(course, start=utcnow() - timedelta(days=5), days=1)
    coming = make_class(course, start=utcnow() + timedelta(days=3), days=1)
    cancelled = make_class(course, start=utcnow() - timedelta(days=5), days=1)
    cancelled.state = ClassState.CANCELLED
    assert advance_classes(date.today()) == "classes: 1 running, 1 completed"
    assert (started.state, finished.state, coming.state, cancelled.state) == (
        ClassState.RUNNING, ClassState.COMPLETED, ClassState.OPEN, ClassState.CANCELLED,
    )  # fmt: skip
    assert advance_classes(date.today()) == "classes: 0 running, 0 completed"
    from lms.errors import ServiceError

    with pytest.raises(ServiceError, match="not open for enrolment"):
        enrolment.enrol(started, actor=people["pm"])

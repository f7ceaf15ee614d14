"""Scheduling classes (lms/training/classes.py): the room's capacity, trainer and room clashes
named, the calendar sequence rising on each change, cancelling with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.errors import PermissionDenied, ServiceError
from lms.training import classes, enrolment
from lms.training.models import ClassState, EnrolmentState, Room
from tests.factories import UserFactory

from .conftest import MONDAY


def _two_hours(start):
    return [(start, start + timedelta(hours=2))]


@pytest.fixture
def room(db):
    room = Room(name="Shanghai 3F", capacity=12)
    db.session.add(room)
    db.session.flush()
    return room


def _schedule(people, course, *, room=None, start=MONDAY, trainers=(), capacity=10, **values):
    return classes.save_class(
        None,
        actor=people["pmo"],
        course=course,
        sessions=_two_hours(start),
        capacity=capacity,
        room=room,
        online_url="" if room else "https://meet.example/room",
        trainers=trainers,
        **values,
    )


def test_a_class_is_checked_against_its_room_and_dates(db, people, course, room):
    with pytest.raises(ServiceError, match="Shanghai 3F holds 12 people") as refused:
        _schedule(people, course, room=room, capacity=20)
    assert refused.value.field == "capacity"
    with pytest.raises(ServiceError, match="end after it starts"):
        classes.save_class(
            None, actor=people["pmo"], course=course, sessions=[(MONDAY, MONDAY)], capacity=5,
            online_url="https://meet.example/x",
        )  # fmt: skip
    with pytest.raises(ServiceError, match="room or give the online link"):
        classes.save_class(
            None, actor=people["pmo"], course=course, sessions=_two_hours(MONDAY), capacity=5
        )
    with pytest.raises(PermissionDenied):
        classes.save_class(
            None, actor=people["hr"], course=course, sessions=_two_hours(MONDAY), capacity=5,
            online_url="https://meet.example/x",
        )  # fmt: skip


def test_a_trainer_or_room_booked_twice_is_refused_with_the_clash_named(db, people, course, room):
    trainer = people["trainer"]
    first = _schedule(people, course, room=room, trainers=[trainer])
    with pytest.raises(ServiceError, match=r"Trainer Person teaches elsewhere.*class") as refused:
        _schedule(people, course, start=MONDAY + timedelta(hours=1), trainers=[trainer])
    assert refused.value.field == "trainers" and f"class {first.id}" in refused.value.message
    with pytest.raises(ServiceError, match="Shanghai 3F is booked") as refused:
        _schedule(people, course, room=room, start=MONDAY + timedelta(minutes=90))
    assert refused.value.field == "room_id"
    back_to_back = _schedule(
        people, course, room=room, trainers=[trainer], start=MONDAY + timedelta(hours=2)
    )
    assert back_to_back.id, "a session starting as the other ends does not clash"
    classes.cancel_class(first, actor=people["pmo"], reason="Trainer ill")
    assert _schedule(people, course, room=room, trainers=[trainer]).id, "cancelled frees both"


def test_each_change_raises_the_calendar_sequence_and_more_seats_move_the_waitlist(
    db, people, course
):
    scheduled = _schedule(people, course, capacity=1)
    uid = scheduled.uid
    classes.open_class(scheduled, actor=people["pmo"])
    learners = [UserFactory(email=f"w{n}@example.com") for n in range(2)]
    for person in learners:
        enrolment.enrol(scheduled, actor=person)
    assert scheduled.state is ClassState.FULL
    classes.save_class(
        scheduled,
        actor=people["pmo"],
        course=course,
        sessions=_two_hours(MONDAY + timedelta(days=1)),
        capacity=2,
        online_url="https://meet.example/room",
    )
    assert scheduled.uid == uid and scheduled.sequence == 1 and scheduled.state is ClassState.FULL
    waiting = enrolment.enrolment_of(scheduled, learners[1].id)
    assert waiting.state is EnrolmentState.ENROLLED, "the new seat went to the first waiting"
    with pytest.raises(ServiceError, match="Say why"):
        classes.cancel_class(scheduled, actor=people["pmo"], reason=" ")
    classes.cancel_class(scheduled, actor=people["pmo"], reason="Too few learners")
    assert scheduled.state is ClassState.CANCELLED and scheduled.sequence == 2

"""Enrolment (lms/training/enrolment.py): a seat while there is one, then a FIFO waitlist; a
withdrawal promotes the first waiting, or offers them the seat; clashes are named."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.clock import as_utc, utcnow
from lms.errors import ServiceError
from lms.training import enrolment as enrolments
from lms.training.models import ClassState, EnrolmentState
from tests.factories import UserFactory

from .conftest import MONDAY, make_class


@pytest.fixture
def learners(db):
    return [UserFactory(email=f"learner{n}@example.com", roles=["pm"]) for n in range(5)]


def test_seats_then_a_waitlist_in_order(db, open_class, learners):
    states = [enrolments.enrol(open_class, actor=p).state for p in learners]
    assert states == [EnrolmentState.ENROLLED] * 2 + [EnrolmentState.WAITLISTED] * 3
    assert open_class.state is ClassState.FULL
    waiting = [enrolments.enrolment_of(open_class, p.id) for p in learners[2:]]
    assert [enrolments.waitlist_position(e) for e in waiting] == [1, 2, 3]
    again = enrolments.enrol(open_class, actor=learners[0])
    assert again.state is EnrolmentState.ENROLLED, "asking again changes nothing"


def test_a_withdrawal_promotes_the_first_waiting(db, open_class, learners):
    for person in learners[:4]:
        enrolments.enrol(open_class, actor=person)
    first = enrolments.enrolment_of(open_class, learners[0].id)
    enrolments.withdraw(first, actor=learners[0])
    assert first.state is EnrolmentState.WITHDRAWN
    promoted = enrolments.enrolment_of(open_class, learners[2].id)
    still = enrolments.enrolment_of(open_class, learners[3].id)
    assert promoted.state is EnrolmentState.ENROLLED and enrolments.waitlist_position(still) == 1
    assert open_class.state is ClassState.FULL
    enrolments.withdraw(first, actor=learners[0])  # twice: nothing more
    assert still.state is EnrolmentState.WAITLISTED


def test_with_an_offer_time_the_seat_is_held(db, course, learners):
    held = make_class(course, capacity=1, offer_hours=24)
    for person in learners[:2]:
        enrolments.enrol(held, actor=person)
    enrolments.withdraw(enrolments.enrolment_of(held, learners[0].id), actor=learners[0])
    offered = enrolments.enrolment_of(held, learners[1].id)
    assert offered.state is EnrolmentState.OFFERED
    assert as_utc(offered.offered_until) > utcnow() + timedelta(hours=23)


def test_a_learner_booked_at_the_same_time_is_refused_with_the_clash(db, course, learners):
    first = make_class(course, capacity=5)
    overlapping = make_class(course, capacity=5, start=MONDAY + timedelta(hours=2), days=1)
    enrolments.enrol(first, actor=learners[0])
    with pytest.raises(ServiceError, match=r"booked elsewhere.*Course SCHED \(class"):
        enrolments.enrol(overlapping, actor=learners[0])
    later = make_class(course, capacity=5, start=MONDAY + timedelta(days=7), days=1)
    assert enrolments.enrol(later, actor=learners[0]).state is EnrolmentState.ENROLLED


def test_closed_and_past_deadline_classes_refuse(db, course, learners):
    planned = make_class(course, capacity=5)
    planned.state = ClassState.PLANNED
    with pytest.raises(ServiceError, match="not open"):
        enrolments.enrol(planned, actor=learners[0])
    closing = make_class(course, capacity=5, start=MONDAY + timedelta(days=30))
    closing.enrol_closes_at = utcnow() - timedelta(days=1)
    with pytest.raises(ServiceError, match="closed"):
        enrolments.enrol(closing, actor=learners[0])
    strict = make_class(course, capacity=5, start=MONDAY + timedelta(days=60))
    taken = enrolments.enrol(strict, actor=learners[0])
    strict.cancel_deadline = utcnow() - timedelta(hours=1)
    with pytest.raises(ServiceError, match="deadline"):
        enrolments.withdraw(taken, actor=learners[0])


def test_the_pmo_withdraws_a_learner_after_the_deadline(db, people, course, learners):
    strict = make_class(course, capacity=1, start=MONDAY + timedelta(days=60))
    taken = enrolments.enrol(strict, actor=learners[0])
    waiting = enrolments.enrol(strict, actor=learners[1])
    strict.cancel_deadline = utcnow() - timedelta(hours=1)
    enrolments.withdraw(taken, actor=people["pmo"])
    assert taken.state is EnrolmentState.WITHDRAWN and waiting.state is EnrolmentState.ENROLLED


def test_an_offer_is_confirmed_in_time_or_lapses_to_the_next(db, course, learners):
    from lms.training.reminders import lapse_seat_offers

    held = make_class(course, capacity=1, offer_hours=24)
    for person in learners[:4]:
        enrolments.enrol(held, actor=person)
    enrolments.withdraw(enrolments.enrolment_of(held, learners[0].id), actor=learners[0])
    offered = enrolments.enrolment_of(held, learners[1].id)
    assert offered.state is EnrolmentState.OFFERED
    assert lapse_seat_offers(None) == "seat offers: 0 lapsed", "the offer still stands"
    offered.offered_until = utcnow() - timedelta(minutes=1)
    assert lapse_seat_offers(None) == "seat offers: 1 lapsed"
    assert offered.state is EnrolmentState.DECLINED
    with pytest.raises(ServiceError, match="no longer offered"):
        enrolments.confirm_offer(offered, actor=learners[1])
    next_one = enrolments.enrolment_of(held, learners[2].id)
    assert next_one.state is EnrolmentState.OFFERED, "the seat went to the next waiting"
    assert enrolments.confirm_offer(next_one, actor=learners[2]).state is EnrolmentState.ENROLLED
    assert enrolments.confirm_offer(next_one, actor=learners[2]).state is EnrolmentState.ENROLLED
    still = enrolments.enrolment_of(held, learners[3].id)
    assert enrolments.waitlist_position(still) == 1
    assert lapse_seat_offers(None) == "seat offers: 0 lapsed"

"""Nominations, approvals and prerequisites (lms/training/approvals.py, enrolment.enrol): a
course that needs approval waits for the learner's director from the org chart, unless their
approved plan names it or their director nominated them; a refusal needs a reason; a missing
prerequisite is named; a nomination is accepted or declined, and a list of addresses is
nominated whole or not at all."""

from __future__ import annotations

from datetime import date

import pytest

from competencies.plans import content, services
from competencies.plans.models import ActivityKind, Decision
from lms.errors import PermissionDenied, ServiceError
from lms.extensions import db as _db
from lms.notifications.models import Notification
from lms.training import approvals, enrolment
from lms.training.models import EnrolmentState
from tests.factories import DepartmentFactory, UserFactory

from .conftest import make_class, make_course


def _switch(client, user) -> None:
    from tests.conftest import login

    client.post("/logout")
    assert login(client, user).status_code == 302


def _kinds(person) -> list[str]:
    return [
        n.kind
        for n in _db.session.scalars(
            _db.select(Notification).where(Notification.user_id == person.id)
        )
    ]


@pytest.fixture
def approval_class(db, people):
    course = make_course("APPROVE", needs_approval=True)
    return make_class(course, capacity=1, online_url="https://m.example")


def test_a_request_waits_for_the_director_who_approves_or_refuses_with_a_reason(
    client, people, approval_class
):
    asked = enrolment.enrol(approval_class, actor=people["pm"])
    assert asked.state is EnrolmentState.PENDING_APPROVAL
    assert "training.approval_asked" in _kinds(people["director"])
    for refused in (people["hr"], people["pmo"], people["pm"]):
        with pytest.raises(PermissionDenied):
            approvals.decide_enrolment(asked, actor=refused, approve=True)
    _switch(client, people["director"])
    page = client.get("/classes/requests").get_data(as_text=True)
    assert page.count('data-testid="request"') == 1 and "Pm Person" in page
    client.post(f"/enrolments/{asked.id}/decide", data={"approve": "1"})
    _db.session.expire_all()
    assert asked.state is EnrolmentState.ENROLLED and asked.decided_by_id == people["director"].id
    second = enrolment.enrol(approval_class, actor=people["trainer"])
    assert client.post(f"/enrolments/{second.id}/decide", data={"refuse": "1"}).status_code == 302
    _db.session.expire_all()
    assert second.state is EnrolmentState.PENDING_APPROVAL, "a refusal needs a reason"
    client.post(f"/enrolments/{second.id}/decide", data={"refuse": "1", "reason": "Next year"})
    _db.session.expire_all()
    assert second.state is EnrolmentState.REFUSED and "training.refused" in _kinds(
        people["trainer"]
    )
    _switch(client, people["hr"])
    assert client.get("/classes/requests").status_code == 403


def test_the_director_above_may_approve_and_one_elsewhere_may_not(db, people, approval_class):
    top = UserFactory(roles=["director"])
    people["director"].department.parent = DepartmentFactory(name="Top", director=top)
    elsewhere = DepartmentFactory(name="Elsewhere", director=UserFactory(roles=["director"]))
    _db.session.flush()
    asked = enrolment.enrol(approval_class, actor=people["pm"])
    with pytest.raises(PermissionDenied):
        approvals.decide_enrolment(asked, actor=elsewhere.director, approve=True)
    approvals.decide_enrolment(asked, actor=top, approve=True)
    assert asked.state is EnrolmentState.ENROLLED


def test_a_course_in_the_approved_plan_is_pre_approved(db, people, approval_class, small_framework):
    plan = services.start_plan(
        people["pm"],
        actor=people["pm"],
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
    )
    leaf = small_framework.assessed_competencies[0]
    goal = content.add_goal(plan, actor=people["pm"], competency_id=leaf.id, target_level=2)
    content.add_activity(
        goal, actor=people["pm"], kind=ActivityKind.COURSE, title="Approve",
        link_kind="course", link_id=approval_class.course_id,
    )  # fmt: skip
    services.submit_plan(plan, actor=people["pm"])
    assert (
        enrolment.enrol(approval_class, actor=people["pm"]).state is EnrolmentState.PENDING_APPROVAL
    )
    enrolment.withdraw(enrolment.enrolment_of(approval_class, people["pm"].id), actor=people["pm"])
    for role in ("director", "hr"):
        services.decide_plan(plan, actor=people[role], decision=Decision.APPROVED)
    seat = enrolment.enrol(approval_class, actor=people["pm"])
    assert seat.state is EnrolmentState.ENROLLED and seat.pre_approved


def test_a_missing_prerequisite_is_named(db, people, course):
    advanced = make_course("ADVANCED")
    advanced.prerequisites = [course]
    basics = make_class(course, online_url="https://m.example")
    later = make_class(advanced, start=basics.sessions[-1].ends_at, online_url="https://m.example")
    with pytest.raises(ServiceError, match="Complete these courses first: Course SCHED"):
        enrolment.enrol(later, actor=people["pm"])
    done = enrolment.enrol(basics, actor=people["pm"])
    done.completed_at = basics.sessions[-1].ends_at
    assert enrolment.enrol(later, actor=people["pm"]).state is EnrolmentState.ENROLLED


def test_nominations_are_accepted_or_declined_and_a_director_nomination_is_the_approval(
    client, people, approval_class
):
    _switch(client, people["pmo"])
    bad = client.post(
        f"/classes/{approval_class.id}/nominate",
        data={"emails": "pm@example.com, nobody@example.com"},
        follow_redirects=True,
    )
    assert "nobody@example.com: nobody active has this address." in bad.get_data(as_text=True)
    assert enrolment.enrolment_of(approval_class, people["pm"].id) is None, "all or nothing"
    client.post(
        f"/classes/{approval_class.id}/nominate",
        data={"emails": "pm@example.com\ntrainer@example.com"},
    )
    pm_seat = enrolment.enrolment_of(approval_class, people["pm"].id)
    assert pm_seat.state is EnrolmentState.NOMINATED and "training.nominated" in _kinds(
        people["pm"]
    )
    _switch(client, people["pm"])
    assert "You have been put forward" in client.get(f"/classes/{approval_class.id}").get_data(
        as_text=True
    )
    client.post(f"/enrolments/{pm_seat.id}/accept")
    _db.session.expire_all()
    assert pm_seat.state is EnrolmentState.PENDING_APPROVAL, "the PMO's nomination is no approval"
    trainer_seat = enrolment.enrolment_of(approval_class, people["trainer"].id)
    approvals.decline_nomination(trainer_seat, actor=people["trainer"])
    assert trainer_seat.state is EnrolmentState.DECLINED
    assert "training.nomination_declined" in _kinds(people["pmo"])

    other = make_class(
        approval_class.course,
        start=approval_class.sessions[-1].ends_at,
        online_url="https://m.example",
    )
    by_director = approvals.nominate(other, actor=people["director"], person=people["hr"])
    approvals.accept_nomination(by_director, actor=people["hr"])
    assert by_director.state is EnrolmentState.ENROLLED and by_director.pre_approved
    with pytest.raises(PermissionDenied):
        approvals.nominate(other, actor=people["trainer"], person=people["admin"])

"""Attendance pages: the trainer's sheet (four buttons a learner, "everyone else present"),
apologies sent in advance and shown on the sheet, self check-in with the code on the trainer's
screen or its QR code (drawn here), and feedback once a learner has attended."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from lms.clock import utcnow
from lms.errors import ServiceError
from lms.extensions import db as _db
from lms.training import enrolment
from lms.training.attendance import open_check_in, send_apology
from lms.training.models import Attendance, AttendanceStatus, Feedback
from tests.factories import UserFactory

from .conftest import make_class


def _switch(client, user) -> None:
    from tests.conftest import login

    client.post("/logout")
    assert login(client, user).status_code == 302


@pytest.fixture
def running(db, people, course):
    """A class whose first session began five minutes ago, taught by the trainer; the PM and
    two others have seats."""
    training_class = make_class(
        course, capacity=5, start=utcnow() - timedelta(minutes=5), online_url="https://m.example"
    )
    training_class.trainers = [people["trainer"]]
    learners = [people["pm"], UserFactory(name="Ada Adams"), UserFactory(name="Bo Brown")]
    seats = [enrolment.enrol(training_class, actor=person) for person in learners]
    _db.session.flush()
    return training_class, seats


def _marks(training_class) -> dict[int, str]:
    first = training_class.sessions[0].id
    return {
        a.enrolment_id: str(a.status)
        for a in _db.session.scalars(_db.select(Attendance).where(Attendance.session_id == first))
    }


def test_the_trainer_marks_one_absent_and_everyone_else_present(client, people, login_as, running):
    training_class, seats = running
    login_as(people["trainer"])
    sheet = client.get(f"/classes/{training_class.id}/attendance").get_data(as_text=True)
    assert sheet.count('data-testid="sheet-row"') == 3 and "Ada Adams" in sheet
    session_id = training_class.sessions[0].id
    response = client.post(
        f"/classes/{training_class.id}/attendance?session={session_id}",
        data={
            "learner": [str(s.id) for s in seats],
            f"mark-{seats[1].id}": "absent",
            "all_present": "1",
        },
    )
    assert response.status_code == 302
    assert _marks(training_class) == {
        seats[0].id: "present",
        seats[1].id: "absent",
        seats[2].id: "present",
    }
    _switch(client, people["pm"])
    assert client.get(f"/classes/{training_class.id}/attendance").status_code == 403
    page = client.get(f"/classes/{training_class.id}").get_data(as_text=True)
    assert 'data-testid="my-mark">Present' in page and "Your feedback" in page


def test_an_apology_shows_on_the_sheet_and_is_refused_once_the_session_began(
    client, people, login_as, running
):
    training_class, seats = running
    later = training_class.sessions[1]
    _switch(client, people["pm"])
    page = client.get(f"/classes/{training_class.id}").get_data(as_text=True)
    assert page.count("I cannot come to this session") == 1, "only the session still to come"
    response = client.post(
        f"/classes/{training_class.id}/sessions/{later.id}/apology", data={"reason": "Audit day"}
    )
    assert response.status_code == 302
    _switch(client, people["trainer"])
    sheet = client.get(f"/classes/{training_class.id}/attendance?session={later.id}").get_data(
        as_text=True
    )
    assert "Sent apologies" in sheet and "Audit day" in sheet
    assert f'id="m-{seats[0].id}-excused" value="excused" autocomplete="off" checked' in sheet
    with pytest.raises(ServiceError, match="has started"):
        send_apology(seats[0], training_class.sessions[0], actor=people["pm"])


def test_a_learner_checks_in_with_the_code_or_its_qr_code(client, people, login_as, running):
    training_class, seats = running
    login_as(people["trainer"])
    first = training_class.sessions[0]
    client.post(f"/classes/{training_class.id}/sessions/{first.id}/check-in-code")
    _db.session.expire_all()
    code = first.check_in_code
    assert code and len(code) == 6
    sheet = client.get(f"/classes/{training_class.id}/attendance").get_data(as_text=True)
    assert code in sheet
    qr = client.get(f"/classes/{training_class.id}/sessions/{first.id}/check-in.svg")
    assert qr.mimetype == "image/svg+xml" and ET.fromstring(qr.data).tag.endswith("svg")
    _switch(client, people["pm"])
    assert (
        client.get(f"/classes/{training_class.id}/sessions/{first.id}/check-in.svg").status_code
        == 403
    )
    scanned = client.get(f"/classes/{training_class.id}/check-in?code={code}")
    assert f'value="{code}"' in scanned.get_data(as_text=True), "the QR code fills the form in"
    assert _marks(training_class) == {}, "a GET changes nothing"
    wrong = client.post(f"/classes/{training_class.id}/check-in", data={"code": "XXXXXX"})
    assert wrong.status_code == 422 and "That code is not right." in wrong.get_data(as_text=True)
    right = client.post(f"/classes/{training_class.id}/check-in", data={"code": code.lower()})
    assert right.status_code == 302
    assert _marks(training_class) == {seats[0].id: "present"}


def test_a_code_works_only_while_its_session_runs(db, people, course):
    later = make_class(course, start=utcnow() + timedelta(days=3), online_url="https://m.example")
    later.trainers = [people["trainer"]]
    seat = enrolment.enrol(later, actor=people["pm"])
    code = open_check_in(later.sessions[0], actor=people["trainer"])
    from lms.training.attendance import check_in

    with pytest.raises(ServiceError, match="No session is running now"):
        check_in(seat, actor=people["pm"], code=code)


def test_feedback_is_given_once_attended_and_changed_on_a_second_go(
    client, people, login_as, running
):
    training_class, seats = running
    _switch(client, people["pm"])
    early = client.post(f"/classes/{training_class.id}/feedback", data={"rating": "4"})
    assert early.status_code == 302
    assert _db.session.scalar(_db.select(Feedback)) is None, "not before attending"
    from lms.training.attendance import mark_attendance

    mark_attendance(
        training_class,
        actor=people["trainer"],
        marks=[(seats[0].id, training_class.sessions[0].id, AttendanceStatus.LATE)],
    )
    _db.session.flush()
    for rating, comment in (("4", "Useful"), ("5", "Very useful")):
        client.post(
            f"/classes/{training_class.id}/feedback", data={"rating": rating, "comment": comment}
        )
    given = _db.session.scalars(_db.select(Feedback)).all()
    assert [(f.rating, f.comment) for f in given] == [(5, "Very useful")]
    bad = client.post(f"/classes/{training_class.id}/feedback", data={"rating": "9"})
    assert bad.status_code == 302 and given[0].rating == 5

"""Training pages: the catalogue's search and filters, the PMO's course, room and class editors
(times entered in the site's zone), a class page for a learner (enrol, waitlist position,
withdraw, an offered seat) and for the PMO (roster, open, cancel), and "my classes"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from lms.audit.models import AuditEntry
from lms.extensions import db as _db
from lms.training import enrolment
from lms.training.courses import save_course, save_room
from lms.training.models import ClassState, Course, EnrolmentState, Room, TrainingClass
from tests.factories import UserFactory

from .conftest import MONDAY, make_class, make_course


def _switch(client, user) -> None:
    """Log out whoever is in, and log `user` in."""
    from tests.conftest import login

    client.post("/logout")
    assert login(client, user).status_code == 302


def _course(people, idnumber="PM-101", names=None, **values) -> Course:
    return save_course(
        None,
        actor=people["pmo"],
        idnumber=idnumber,
        names=names or {"en": f"Course {idnumber}"},
        duration_hours=values.pop("duration_hours", 8),
        **values,
    )


def test_the_catalogue_searches_every_language_and_filters(
    client, db, people, login_as, small_framework
):
    leaf, other = small_framework.assessed_competencies[:2]
    _course(
        people,
        "PM-101",
        {"en": "Risk basics", "zh_CN": "风险基础"},
        descriptions={"en": "Registers and 100% honest reviews"},
        competencies={leaf.id: 2},
    )
    _course(people, "PM-201", {"en": "Stakeholders"}, competencies={other.id: 3}, mode="online")
    _course(people, "OLD-1", {"en": "Retired risk course"}, is_retired=True)
    login_as(people["pm"])

    def titles(query: str = "") -> list[str]:
        page = client.get(f"/courses/?{query}").get_data(as_text=True)
        return [t for t in ("Risk basics", "Stakeholders", "Retired risk course") if t in page]

    assert titles() == ["Risk basics", "Stakeholders"]
    assert titles("q=RISK") == ["Risk basics"]
    assert titles("q=风险") == ["Risk basics"]
    assert titles("q=100%25") == ["Risk basics"], "a % is a character, not a wildcard"
    assert titles("q=pm-2") == ["Stakeholders"]
    assert titles(f"competency={leaf.id}") == ["Risk basics"]
    assert titles("mode=online") == ["Stakeholders"]
    assert titles("retired=1") == ["Risk basics", "Stakeholders"], "retired: for the PMO"
    _switch(client, people["pmo"])
    assert "Retired risk course" in client.get("/courses/?retired=1").get_data(as_text=True)


def test_an_empty_catalogue_says_what_to_do(client, db, people, login_as):
    login_as(people["pm"])
    assert "has not published courses yet" in client.get("/courses/").get_data(as_text=True)
    _switch(client, people["pmo"])
    assert "Add the first course" in client.get("/courses/").get_data(as_text=True)
    assert "No course matches" in client.get("/courses/?q=zzz").get_data(as_text=True)


def _course_form(**changes) -> dict:
    return {
        "idnumber": "PM-300",
        "name_en": "Earned value",
        "name_zh_CN": "挣值管理",
        "mode": "classroom",
        "duration_hours": "7.5",
        "completion_share": "80",
        "competencies-0-competency_id": "0",
        "competencies-0-level": "1",
        "materials-0-title": "Slides",
        "materials-0-url": "https://intranet.example/evm.pdf",
        **changes,
    }


def test_the_pmo_adds_and_edits_a_course(client, db, people, login_as, small_framework):
    leaf = small_framework.assessed_competencies[0]
    login_as(people["pmo"])
    form = client.get("/courses/new").get_data(as_text=True)
    assert leaf.name in form and "Brings it to level" in form
    data = _course_form(
        **{"competencies-0-competency_id": str(leaf.id), "competencies-0-level": "2"}
    )
    response = client.post("/courses/new", data={**data, "trainers": str(people["trainer"].id)})
    assert response.status_code == 302
    course = _db.session.scalar(_db.select(Course).where(Course.idnumber == "PM-300"))
    assert course.names == {"en": "Earned value", "zh_CN": "挣值管理"}
    assert course.duration_hours == 7.5 and course.completion_share == 80
    assert [(c.competency_id, c.level) for c in course.competencies] == [(leaf.id, 2)]
    assert [(m.title, m.url) for m in course.materials] == [
        ("Slides", "https://intranet.example/evm.pdf")
    ]
    assert [t.id for t in course.trainers] == [people["trainer"].id]
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert "Earned value" in page and "to level 2" in page and "Schedule a class" in page
    edit = client.get(f"/courses/{course.id}/edit").get_data(as_text=True)
    assert 'value="Earned value"' in edit
    trainer = next(tag for tag in re.findall(r"<input[^>]*>", edit) if 'name="trainers"' in tag)
    assert f'value="{people["trainer"].id}"' in trainer and "checked" in trainer, "ticked"
    stale = client.post(
        f"/courses/{course.id}/edit", data=_course_form(version=str(course.version - 1))
    )
    assert stale.status_code == 422, "an edit made meanwhile is not overwritten"


def test_a_bad_course_is_refused_at_the_field_and_nothing_is_saved(client, db, people, login_as):
    _course(people, "PM-300")
    login_as(people["pmo"])
    taken = client.post("/courses/new", data=_course_form())
    assert taken.status_code == 422 and "Another course has this id number" in taken.get_data(
        as_text=True
    )
    for field, value, message in [
        ("duration_hours", "-1", "Number must be between 0.5 and 1000"),
        ("completion_share", "0", "Number must be between 1 and 100"),
        ("materials-0-url", "intranet/evm.pdf", "Enter a full web address"),
        ("name_en", "", "This field is required"),
    ]:
        response = client.post("/courses/new", data=_course_form(idnumber="NEW", **{field: value}))
        assert response.status_code == 422 and message in response.get_data(as_text=True), field
    assert _db.session.scalar(_db.select(Course).where(Course.idnumber == "NEW")) is None


def test_a_course_cannot_need_itself(db, people):
    from lms.errors import ServiceError

    first = _course(people, "A")
    second = _course(people, "B", prerequisites=[first])
    with pytest.raises(ServiceError, match="cannot need itself") as refused:
        save_course(
            first, actor=people["pmo"], idnumber="A", names={"en": "A"}, prerequisites=[second]
        )
    assert refused.value.field == "prerequisites"


def test_rooms_are_managed_and_cannot_shrink_below_a_class(client, db, people, login_as, course):
    login_as(people["pmo"])
    assert "Add the rooms classes are held in" in client.get("/rooms/").get_data(as_text=True)
    response = client.post("/rooms/new", data={"name": "Beijing 5F", "capacity": "16"})
    assert response.status_code == 302
    room = _db.session.scalar(_db.select(Room).where(Room.name == "Beijing 5F"))
    make_class(course, capacity=12, room=room)
    shrink = client.post(
        f"/rooms/{room.id}/edit",
        data={"name": "Beijing 5F", "capacity": "10", "version": str(room.version)},
    )
    assert shrink.status_code == 422 and "has 12 seats in this room" in shrink.get_data(
        as_text=True
    )
    assert "Beijing 5F" in client.get("/rooms/").get_data(as_text=True)


def _class_form(**changes) -> dict:
    return {
        "sessions-0-day": "2027-03-29",  # Berlin's clocks went forward on the 28th
        "sessions-0-starts": "09:00",
        "sessions-0-ends": "12:30",
        "sessions-1-day": "2027-03-30",
        "sessions-1-starts": "09:00",
        "sessions-1-ends": "12:30",
        "room_id": "0",
        "online_url": "https://meet.example/pm",
        "capacity": "12",
        "min_size": "4",
        "offer_hours": "0",
        **changes,
    }


@pytest.fixture
def berlin(app):
    before = app.config["SITE_TIMEZONE"]
    app.config["SITE_TIMEZONE"] = "Europe/Berlin"
    yield
    app.config["SITE_TIMEZONE"] = before


def test_the_pmo_schedules_a_class_in_the_site_time_zone(
    client, db, people, login_as, course, berlin
):
    login_as(people["pmo"])
    assert "Times are in Europe/Berlin" in client.get(f"/courses/{course.id}/classes/new").get_data(
        as_text=True
    )
    response = client.post(
        f"/courses/{course.id}/classes/new",
        data=_class_form(**{"sessions-2-day": "2027-10-25", "sessions-2-starts": "09:00",
                            "sessions-2-ends": "10:00"}),
    )  # fmt: skip
    assert response.status_code == 302
    scheduled = _db.session.scalars(
        _db.select(TrainingClass).where(TrainingClass.course_id == course.id)
    ).one()
    starts = [s.starts_at.replace(tzinfo=UTC) for s in scheduled.sessions]
    assert starts == [  # summer time (UTC+2) after March 28, winter (UTC+1) after October 31
        datetime(2027, 3, 29, 7, 0, tzinfo=UTC),
        datetime(2027, 3, 30, 7, 0, tzinfo=UTC),
        datetime(2027, 10, 25, 7, 0, tzinfo=UTC),
    ]
    edit = client.get(f"/classes/{scheduled.id}/edit").get_data(as_text=True)
    assert edit.count('value="09:00"') == 3 and 'value="2027-10-25"' in edit, "shown as entered"
    page = client.get(f"/classes/{scheduled.id}").get_data(as_text=True)
    assert "9:00" in page and "12:30" in page


def test_a_time_the_clocks_skip_or_a_half_filled_session_is_refused(
    client, db, people, login_as, course, berlin
):
    login_as(people["pmo"])
    url = f"/courses/{course.id}/classes/new"
    skipped = client.post(
        url,
        data=_class_form(**{"sessions-0-day": "2027-03-28", "sessions-0-starts": "02:30"}),
    )
    assert skipped.status_code == 422
    assert "Session 1: that time does not exist here" in skipped.get_data(as_text=True)
    half = client.post(url, data=_class_form(**{"sessions-1-ends": ""}))
    assert half.status_code == 422 and "Session 2: give its day, start and end" in half.get_data(
        as_text=True
    )
    clash_room = save_room(None, actor=people["pmo"], name="Small", capacity=6)
    too_big = client.post(url, data=_class_form(room_id=str(clash_room.id), online_url=""))
    assert too_big.status_code == 422 and "Small holds 6 people" in too_big.get_data(as_text=True)
    assert _db.session.scalar(_db.select(TrainingClass.id)) is None


def test_an_evening_session_runs_past_midnight_and_a_reversed_one_is_refused(
    client, db, people, login_as, course
):
    login_as(people["pmo"])
    url = f"/courses/{course.id}/classes/new"
    evening = {
        "sessions-0-day": "2027-03-29",
        "sessions-0-starts": "20:00",
        "sessions-0-ends": "01:00",
    }
    blank = {"sessions-1-day": "", "sessions-1-starts": "", "sessions-1-ends": ""}
    response = client.post(url, data=_class_form(**evening, **blank))
    assert response.status_code == 302
    scheduled = _db.session.scalars(_db.select(TrainingClass)).one()
    session = scheduled.sessions[0]
    assert session.ends_at.replace(tzinfo=UTC) - session.starts_at.replace(tzinfo=UTC) == timedelta(
        hours=5
    )
    page = client.get(f"/classes/{scheduled.id}").get_data(as_text=True).replace("\u202f", " ")
    assert "Monday, March 29, 2027, 8:00 PM – 3/30/27, 1:00 AM" in page, "the end's own day"
    reversed_ = {
        "sessions-0-day": "2027-03-29",
        "sessions-0-starts": "15:00",
        "sessions-0-ends": "09:00",
    }
    refused = client.post(url, data=_class_form(**reversed_))
    assert refused.status_code == 422 and "Session 1 ends before it starts" in refused.get_data(
        as_text=True
    )


def test_a_learner_enrols_waits_sees_their_position_and_withdraws(client, db, people, course):
    full = make_class(course, capacity=1, online_url="https://meet.example/x")
    first, second = UserFactory(email="first@example.com"), UserFactory(email="second@example.com")
    _switch(client, first)
    page = client.get(f"/classes/{full.id}").get_data(as_text=True)
    assert "Seats are free." in page and ">Enrol<" in page
    assert client.post(f"/classes/{full.id}/enrol").status_code == 302
    assert "You are enrolled." in client.get(f"/classes/{full.id}").get_data(as_text=True)
    _switch(client, second)
    assert "Join the waitlist" in client.get(f"/classes/{full.id}").get_data(as_text=True)
    client.post(f"/classes/{full.id}/enrol")
    page = client.get(f"/classes/{full.id}").get_data(as_text=True)
    assert "You are number 1 on the waitlist." in page
    assert "Waitlist #1" in client.get("/classes/mine").get_data(as_text=True)
    _switch(client, first)
    mine = enrolment.enrolment_of(full, first.id)
    assert client.post(f"/enrolments/{mine.id}/withdraw").status_code == 302
    _db.session.expire_all()
    assert enrolment.enrolment_of(full, second.id).state is EnrolmentState.ENROLLED
    assert "Withdrawn" in client.get("/classes/mine?past=1").get_data(as_text=True)
    _switch(client, second)
    assert client.post(f"/enrolments/{mine.id}/withdraw").status_code == 404, "not theirs"


def test_an_offered_seat_is_taken_from_the_class_page(client, db, people, login_as, course):
    held = make_class(course, capacity=1, offer_hours=24, online_url="https://meet.example/x")
    enrolment.enrol(held, actor=people["director"])
    enrolment.enrol(held, actor=people["pm"])
    enrolment.withdraw(
        enrolment.enrolment_of(held, people["director"].id), actor=people["director"]
    )
    login_as(people["pm"])
    page = client.get(f"/classes/{held.id}").get_data(as_text=True)
    assert "A seat is offered to you until" in page and "Take the seat" in page
    offered = enrolment.enrolment_of(held, people["pm"].id)
    assert client.post(f"/enrolments/{offered.id}/confirm").status_code == 302
    _db.session.expire_all()
    assert offered.state is EnrolmentState.ENROLLED


def test_the_pmo_sees_the_roster_opens_and_cancels(client, db, people, login_as, course):
    planned = make_class(course, capacity=1, online_url="https://meet.example/x")
    planned.state = ClassState.PLANNED
    _db.session.flush()
    login_as(people["pm"])
    page = client.get(f"/classes/{planned.id}").get_data(as_text=True)
    assert "Enrolment has not opened yet." in page and "Who is coming" not in page
    assert client.post(f"/classes/{planned.id}/open").status_code == 403
    _switch(client, people["pmo"])
    client.post(f"/classes/{planned.id}/open")
    _db.session.expire_all()
    assert planned.state is ClassState.OPEN
    for person in (people["pm"], people["director"]):
        enrolment.enrol(planned, actor=person)
    roster = client.get(f"/classes/{planned.id}").get_data(as_text=True)
    assert "Who is coming" in roster and "Waitlist #1" in roster
    assert roster.count("Withdraw Director Person from this class?") == 1
    seated = enrolment.enrolment_of(planned, people["pm"].id)
    client.post(f"/enrolments/{seated.id}/withdraw")
    _db.session.expire_all()
    assert enrolment.enrolment_of(planned, people["director"].id).state is EnrolmentState.ENROLLED
    enrolment.enrol(planned, actor=people["pm"])  # back, on the waitlist
    refused = client.post(f"/classes/{planned.id}/cancel", data={"reason": ""})
    assert refused.status_code == 302
    _db.session.expire_all()
    assert planned.state is ClassState.FULL
    client.post(f"/classes/{planned.id}/cancel", data={"reason": "Trainer ill"})
    _db.session.expire_all()
    assert planned.state is ClassState.CANCELLED
    assert _db.session.scalar(
        _db.select(AuditEntry).where(AuditEntry.action == "training.class_cancelled")
    )


def test_a_trainer_sees_the_classes_they_teach(client, db, people, login_as, course):
    taught = make_class(course, online_url="https://meet.example/x")
    taught.trainers = [people["trainer"]]
    _db.session.flush()
    make_class(make_course("OTHER"), start=MONDAY + timedelta(days=7))
    login_as(people["trainer"])
    page = client.get("/classes/mine").get_data(as_text=True)
    assert page.count('data-testid="taught-class"') == 1
    assert "No classes coming up" in page
    assert "Who is coming" in client.get(f"/classes/{taught.id}").get_data(as_text=True)

"""Training reports (lms/training/reports.py) against figures worked out by hand: attendance,
completion and no-shows by course and department, feedback, hours per PM; the page, its tabs
and exports; feedback summaries, a trainer seeing their own classes only."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from lms.extensions import db as _db
from lms.training.models import Attendance, Enrolment, EnrolmentState, Feedback
from lms.training.reports import feedback_summary, training_report
from tests.factories import DepartmentFactory, UserFactory

from .conftest import make_class, make_course

P, A = "present", "absent"
START = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)


def _seat(training_class, person, marks, *, completed=False, rating=None):
    seat = Enrolment(class_id=training_class.id, user_id=person.id, state=EnrolmentState.ENROLLED,
                     completed_at=START if completed else None)  # fmt: skip
    _db.session.add(seat)
    _db.session.flush()
    for session, status in zip(training_class.sessions, marks, strict=False):
        _db.session.add(Attendance(enrolment_id=seat.id, session_id=session.id, status=status))
    if rating:
        _db.session.add(Feedback(enrolment_id=seat.id, rating=rating))
    return seat


@pytest.fixture
def year(db, people):
    """Course A (8 h, two sessions): the PM came to both and completed it (4); the director
    came to one and missed one (2); the admin missed both. Course B (4 h): an HR person of
    Finance came and completed it (5). Tom teaches A, with Uma; Uma alone teaches B."""
    a, b = make_course("A", duration_hours=8), make_course("B", duration_hours=4)
    tom, uma = (
        UserFactory(name="Tom Trainer", roles=["trainer"]),
        UserFactory(name="Uma Trainer", roles=["trainer"]),
    )
    first, second = (
        make_class(a, start=START, online_url="x"),
        make_class(b, start=START, days=1, online_url="x"),
    )
    first.trainers, second.trainers = [tom, uma], [uma]
    finance = DepartmentFactory(name="Finance")
    hr = UserFactory(name="Hal Finance", department=finance, roles=["pm"])
    _seat(first, people["pm"], [P, P], completed=True, rating=4)
    _seat(first, people["director"], [P, A], rating=2)
    _seat(first, people["admin"], [A, A])
    _seat(second, hr, [P], completed=True, rating=5)
    make_class(a, start=datetime(2026, 3, 1, tzinfo=UTC), online_url="x")  # another year
    _db.session.flush()
    return {"tom": tom, "uma": uma, "hr": hr, "finance": finance}


def _rows(frame, key):
    return {r[key]: tuple(r[c] for c in ("seated", "attended", "completed", "completion", "no_show", "ratings"))
            for r in frame.to_dict("records")}  # fmt: skip


def test_the_year_matches_the_hand_worked_figures(app, year):
    with app.test_request_context():
        report = training_report(2027)
    by_course = report.by("course")
    assert _rows(by_course, "course") == {
        "Course A": (3, 2, 1, 33.3, 50.0, 2),  # no-shows: 3 absent of 6 marks
        "Course B": (1, 1, 1, 100.0, 0.0, 1),
    }
    assert by_course.set_index("course").rating.to_dict() == {"Course A": 3.0, "Course B": 5.0}
    assert _rows(report.by("department"), "department") == {
        "Delivery": (3, 2, 1, 33.3, 50.0, 2),
        "Finance": (1, 1, 1, 100.0, 0.0, 1),
    }
    hours = dict(zip(report.hours.name, report.hours.hours, strict=True))
    assert hours == {"Pm Person": 8.0, "Hal Finance": 4.0}, "PMs only, completed courses only"
    assert report.bands() == [("0", 0), ("1–8", 2), ("9–16", 0), ("17–40", 0), ("41+", 0)]
    with app.test_request_context():
        finance = training_report(2027, frozenset({year["finance"].id}))
    assert _rows(finance.by("course"), "course") == {"Course B": (1, 1, 1, 100.0, 0.0, 1)}
    with app.test_request_context():
        assert training_report(2028).by("course").empty


def test_the_page_tabs_chart_and_exports(client, people, login_as, year):
    login_as(people["hr"])
    page = client.get("/training/reports?year=2027").get_data(as_text=True)
    assert page.count('data-testid="report-row"') == 2 and 'id="training-chart"' in page
    assert "4 seats taken, 2 completed" in page
    hours = client.get("/training/reports?year=2027&tab=hours").get_data(as_text=True)
    assert "Hal Finance" in hours and "Hours per PM in the year" in hours
    csv = client.get("/training/reports?year=2027&tab=department&format=csv").get_data(as_text=True)
    assert (
        csv.splitlines()[0]
        .lstrip("\ufeff")
        .startswith("Department,Seated,Attended,Completed,Completion (%)")
    )
    xlsx = client.get("/training/reports?year=2027&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A2"].value == "Course A" and sheet["B2"].value == 3
    assert client.get("/training/reports?year=1800").status_code == 404
    client.post("/logout")
    login_as(people["pm"])
    assert client.get("/training/reports").status_code == 403


def test_feedback_per_course_and_trainer_and_a_trainer_sees_their_own(
    app, client, year, login_as, people
):
    with app.test_request_context():
        per_course, per_trainer = feedback_summary(None)
        assert per_course.set_index("name").to_dict("index") == {
            "Course A": {"rating": 3.0, "ratings": 2},  # not counted twice for two trainers
            "Course B": {"rating": 5.0, "ratings": 1},
        }
        assert per_trainer.set_index("name").ratings.to_dict() == {
            "Tom Trainer": 2,
            "Uma Trainer": 3,
        }
        tom_course, tom_trainer = feedback_summary(year["tom"].id)
        assert tom_course.name.tolist() == ["Course A"] and tom_trainer.name.tolist() == [
            "Tom Trainer"
        ]
    login_as(year["tom"])
    page = client.get("/training/feedback").get_data(as_text=True)
    assert "Course A" in page and "Course B" not in page and "the classes you teach" in page

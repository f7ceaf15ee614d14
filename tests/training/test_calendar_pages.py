"""The training calendar: a month or a week of sessions by day in the site's time zone, for
mine (learning or teaching), my department's and all classes; moving between periods."""

from __future__ import annotations

from datetime import UTC, datetime

from lms.training import enrolment

from .conftest import make_class, make_course

# 23:30 UTC on Sunday 28 February 2027 is 07:30 on Monday 1 March in Shanghai
LATE_SUNDAY_UTC = datetime(2027, 2, 28, 23, 30, tzinfo=UTC)


def _entries(page: str) -> int:
    return page.count('data-testid="calendar-entry"') // 2  # the grid and the phone's agenda


def test_the_month_shows_sessions_on_their_local_day(client, db, people, login_as, course):
    mine = make_class(course, start=LATE_SUNDAY_UTC, days=2, online_url="https://m.example")
    enrolment.enrol(mine, actor=people["pm"])
    make_class(make_course("OTHER"), start=LATE_SUNDAY_UTC, days=1, online_url="https://m.example")
    login_as(people["pm"])
    march = client.get("/calendar/?date=2027-03-10").get_data(as_text=True)
    assert "March 2027" in march and _entries(march) == 2
    assert "Monday, March 1, 2027" in march, "the agenda names the local day"
    february = client.get("/calendar/?date=2027-02-10").get_data(as_text=True)
    assert _entries(february) == 0, "not on the UTC day"
    everyone = client.get("/calendar/?date=2027-03-10&scope=all").get_data(as_text=True)
    assert _entries(everyone) == 3 and "Course OTHER" in everyone
    week = client.get("/calendar/?date=2027-03-03&view=week").get_data(as_text=True)
    assert "Mar 1" in week and _entries(week) == 2
    assert 'href="/calendar/?scope=mine&amp;view=week&amp;date=2027-03-10"' in week, "next week"


def test_my_department_and_a_trainer_see_their_classes(client, db, people, login_as, course):
    taught = make_class(course, start=LATE_SUNDAY_UTC, days=1, online_url="https://m.example")
    taught.trainers = [people["trainer"]]
    enrolment.enrol(taught, actor=people["pm"])  # the director's department
    db.session.flush()
    login_as(people["trainer"])
    assert _entries(client.get("/calendar/?date=2027-03-01").get_data(as_text=True)) == 1
    client.post("/logout")
    login_as(people["director"])
    assert _entries(client.get("/calendar/?date=2027-03-01").get_data(as_text=True)) == 0
    page = client.get("/calendar/?date=2027-03-01&scope=department").get_data(as_text=True)
    assert people["pm"].department_id == people["director"].department_id
    assert _entries(page) == 1


def test_a_bad_date_shows_this_month(client, db, people, login_as):
    login_as(people["pm"])
    response = client.get("/calendar/?date=2027-13-45&view=year&scope=everyone")
    assert response.status_code == 200 and "No classes of yours" in response.get_data(as_text=True)

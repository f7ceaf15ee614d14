"""Home-page panels of training: the learner's next classes and waitlist places, the trainer's
sessions this week, the PMO's classes below their minimum size."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from lms.clock import utcnow
from lms.training import enrolment

from .conftest import make_class, make_course


def test_the_learner_sees_their_next_classes_and_waitlist_place(
    client, db, people, login_as, course
):
    soon = make_class(course, capacity=1, start=utcnow() + timedelta(days=5), online_url="x")
    enrolment.enrol(soon, actor=people["director"])
    enrolment.enrol(soon, actor=people["pm"])
    login_as(people["pm"])
    home = client.get("/").get_data(as_text=True)
    assert 'hx-get="/home/panels/my_classes"' in home  # fetched once the page has shown
    panel = client.get("/home/panels/my_classes").get_data(as_text=True)
    assert "My next classes" in panel and "Waitlist #1" in panel


def test_the_trainer_sees_this_weeks_sessions(client, db, people, login_as, course):
    from lms.clock import from_site_time, site_today

    monday = site_today() - timedelta(days=site_today().weekday())
    thursday = from_site_time(datetime.combine(monday + timedelta(days=3), time(10)))
    taught = make_class(course, start=thursday, days=1, online_url="x")
    later = make_class(make_course("LATER"), start=thursday + timedelta(days=7), online_url="x")
    taught.trainers = later.trainers = [people["trainer"]]
    db.session.flush()
    login_as(people["trainer"])
    home = client.get("/").get_data(as_text=True)
    assert "You teach this week" in home and home.count('data-testid="panel-teaching"') == 1
    assert "Course SCHED" in home and "Course LATER" not in home


def test_the_pmo_sees_classes_below_their_minimum(client, db, people, login_as, course):
    short = make_class(
        course, capacity=10, min_size=4, start=utcnow() + timedelta(days=10), online_url="x"
    )
    enrolment.enrol(short, actor=people["pm"])
    make_class(
        make_course("FINE"),
        capacity=1,
        min_size=0,
        start=utcnow() + timedelta(days=10),
        online_url="x",
    )
    login_as(people["pmo"])
    home = client.get("/").get_data(as_text=True)
    assert home.count('data-testid="panel-below-minimum"') == 1 and "1 of at least 4" in home

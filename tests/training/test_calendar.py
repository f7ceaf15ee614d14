"""Classes as iCalendar (lms/training/calendar.py): every file parses back with `icalendar`,
times are the same instants in the site's zone (across a daylight-saving change too), a changed
class keeps its UIDs with a higher SEQUENCE, a cancelled one is STATUS:CANCELLED; the personal
feed needs its token, and a revoked token answers 404."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from lms.training import calendar, classes, enrolment
from tests.factories import UserFactory

from .conftest import make_class


def _events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Europe/Berlin"])
def test_sessions_are_the_same_instants_in_the_sites_zone(app, db, course, monkeypatch, zone):
    monkeypatch.setitem(app.config, "SITE_TIMEZONE", zone)
    # Berlin leaves summer time on 2027-10-31: one session before, one after
    start = datetime(2027, 10, 30, 8, 0, tzinfo=UTC)
    training_class = make_class(course, start=start, days=2)
    data = calendar.calendar_of([training_class], "Test")
    parsed = Calendar.from_ical(data)
    assert [tz["tzid"] for tz in parsed.walk("VTIMEZONE")] == [zone]
    events = _events(data)
    starts = [e.decoded("dtstart") for e in events]
    assert [s.astimezone(UTC) for s in starts] == [start, start + timedelta(days=1)]
    assert all(str(s.tzinfo) == zone for s in starts)
    if zone == "Europe/Berlin":
        assert [s.hour for s in starts] == [10, 9], "summer time, then winter time"
    assert [str(e["uid"]) for e in events] == [f"1.{training_class.uid}", f"2.{training_class.uid}"]


def test_a_changed_class_keeps_its_uids_and_a_cancelled_one_says_so(db, people, course):
    training_class = classes.save_class(
        None,
        actor=people["pmo"],
        course=course,
        sessions=[(datetime(2027, 5, 3, 1, tzinfo=UTC), datetime(2027, 5, 3, 5, tzinfo=UTC))],
        capacity=10,
        online_url="https://meet.example/a",
    )
    before = _events(calendar.calendar_of([training_class], "x"))
    classes.save_class(
        training_class,
        actor=people["pmo"],
        course=course,
        sessions=[(datetime(2027, 5, 4, 1, tzinfo=UTC), datetime(2027, 5, 4, 5, tzinfo=UTC))],
        capacity=10,
        online_url="https://meet.example/a",
    )
    after = _events(calendar.calendar_of([training_class], "x"))
    assert str(after[0]["uid"]) == str(before[0]["uid"])
    assert int(after[0]["sequence"]) == int(before[0]["sequence"]) + 1
    assert str(after[0]["status"]) == "CONFIRMED"
    classes.cancel_class(training_class, actor=people["pmo"], reason="No trainer")
    cancelled = _events(calendar.calendar_of([training_class], "x"))
    assert str(cancelled[0]["status"]) == "CANCELLED"
    assert int(cancelled[0]["sequence"]) == int(after[0]["sequence"]) + 1


def test_the_personal_feed_needs_its_token_and_a_revoked_one_is_404(
    client, db, people, login_as, course
):
    learner = people["pm"]
    training_class = make_class(course, capacity=5)
    enrolment.enrol(training_class, actor=learner)
    taught = make_class(course, capacity=5, start=datetime(2027, 6, 1, 1, tzinfo=UTC), days=1)
    taught.trainers = [learner]
    make_class(course, capacity=5, start=datetime(2027, 7, 1, 1, tzinfo=UTC))  # not theirs
    db.session.commit()
    login_as(learner)
    page = client.post("/calendar/feed").get_data(as_text=True)
    assert "shown only once" in page
    address = page.split('data-testid="feed-address"')[0].rsplit('value="', 1)[1].split('"')[0]
    path = address.split("localhost", 1)[1]
    client.post("/logout")
    response = client.get(path)  # no log-in: calendar apps cannot
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    uids = {str(e["uid"]).split(".", 1)[1] for e in _events(response.data)}
    assert uids == {training_class.uid, taught.uid}
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    login_as(learner)
    assert "works since" in client.get("/calendar/feed").get_data(as_text=True)
    client.post("/calendar/feed/revoke")
    client.post("/logout")
    assert client.get(path).status_code == 404


def test_a_class_downloads_as_an_ics_file(client, db, people, login_as, course):
    training_class = make_class(course, capacity=5)
    db.session.commit()
    login_as(UserFactory(email="reader@example.com"))
    response = client.get(f"/classes/{training_class.id}.ics")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert len(_events(response.data)) == 2
    assert client.get("/classes/999999.ics").status_code == 404

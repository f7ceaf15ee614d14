# ruff: noqa: F811  (the `org` fixture, imported from test_reports)
"""The training-needs analysis (competencies/needs) against a fixture worked out by hand, and
scheduling a class from a row: it opens and nominates exactly the row's PMs, whose directors are
told.

The organisation is test_reports' `org` (targets L1: Summarising 2, Planning 1; L2: both 2):
  PM     wants (target or plan goal)    has (confirmed)
  ann    L1: Summarising 2, Planning 1  Summarising 1, Planning 0   waiting for a PLAN3 class
  bob    L2: Summarising 2, Planning 2  Summarising 2, Planning 1
  cai    no level; plan goal Summ. 2     Summarising 2              plan names OTHER
  dan    L1                              Summarising 0, Planning 1  completed SUM
  fay    L2                              Summarising 2, Planning 0
  pm     no level; plan goal Summ. 2     nothing
Courses: SUM (Summarising to 2), PLAN1 (Planning to 1), PLAN3 (Planning to 3), OTHER (none).
  SUM    needed by ann, dan, pm (plan goal); dan completed -> unmet ann, pm; 1 seat free -> 1
  PLAN1  ann, fay -> unmet 2, no class -> 2
  PLAN3  ann, bob, fay; ann enrolled (waitlist) -> unmet bob, fay; class full -> 2
  OTHER  cai (plan) -> unmet 1 -> 1
Ranked: PLAN1, PLAN3 (2, by id number), OTHER (1, named by a plan), SUM (1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from competencies.needs.analysis import training_needs
from competencies.plans import content, services
from competencies.plans.models import ActivityKind, Decision
from competencies.reports import gaps, queries
from lms.extensions import db as _db
from lms.notifications.models import Notification
from lms.training.models import ClassState, Enrolment, EnrolmentState, TrainingClass
from tests.competencies.test_reports import org  # noqa: F401  (the fixture)
from tests.factories import UserFactory
from tests.training.conftest import make_class, make_course

SOON = datetime.now(UTC) + timedelta(days=20)


def _plan(people, owner, competency, *, course=None):
    plan = services.start_plan(
        owner, actor=owner, period_start=date(2027, 1, 1), period_end=date(2027, 12, 31)
    )
    goal = content.add_goal(plan, actor=owner, competency_id=competency.id, target_level=2)
    content.add_activity(
        goal, actor=owner, kind=ActivityKind.COURSE, title="Learn",
        link_kind="course" if course else None, link_id=course.id if course else None,
    )  # fmt: skip
    services.submit_plan(plan, actor=owner)
    director = (
        people["director"] if owner.department_id == people["director"].department_id else None
    )
    for approver in (director, people["hr"]):
        services.decide_plan(plan, actor=approver, decision=Decision.APPROVED)
    return plan


@pytest.fixture
def needs_setting(db, org, people):
    from lms.training.models import CourseCompetency

    courses = {code: make_course(code) for code in ("SUM", "PLAN1", "PLAN3", "OTHER")}
    for code, competency, level in (
        ("SUM", org.summarising, 2),
        ("PLAN1", org.planning, 1),
        ("PLAN3", org.planning, 3),
    ):
        courses[code].competencies = [CourseCompetency(competency_id=competency.id, level=level)]
    past = make_class(courses["SUM"], start=datetime(2026, 1, 5, tzinfo=UTC), online_url="x")
    past.state = ClassState.COMPLETED
    _db.session.add(
        Enrolment(class_id=past.id, user_id=org.dan.id, state=EnrolmentState.ENROLLED,
                  completed_at=datetime(2026, 1, 6, tzinfo=UTC))
    )  # fmt: skip
    make_class(courses["SUM"], capacity=1, start=SOON, online_url="x")
    full = make_class(courses["PLAN3"], capacity=1, start=SOON + timedelta(days=3), online_url="x")
    outsider = UserFactory(name="Not a PM")
    _db.session.add_all(
        [
            Enrolment(class_id=full.id, user_id=outsider.id, state=EnrolmentState.ENROLLED),
            Enrolment(class_id=full.id, user_id=org.ann.id, state=EnrolmentState.WAITLISTED),
        ]
    )
    _plan(people, org.cai, org.summarising, course=courses["OTHER"])
    _plan(people, org.pm, org.summarising)
    _db.session.flush()
    return courses


def _table(needs) -> list[tuple]:
    return [
        (r.code, r.needed, r.in_plans, r.completed, r.enrolled, r.unmet, r.free_seats, r.score)
        for r in needs.rows.itertuples()
    ]


def test_the_needs_match_the_hand_computed_fixture(app, org, needs_setting):
    with app.test_request_context():
        needs = training_needs(queries.Filters(), gaps.load_competencies())
    assert _table(needs) == [
        ("PLAN1", 2, 0, 0, 0, 2, 0, 2),
        ("PLAN3", 3, 0, 0, 1, 2, 0, 2),
        ("OTHER", 1, 1, 0, 0, 1, 0, 1),
        ("SUM", 3, 0, 1, 0, 2, 1, 1),
    ]
    listed = {c: sorted(needs.listed(needs_setting[c].id)) for c in needs_setting}
    assert listed == {
        "SUM": sorted([org.ann.id, org.pm.id]),
        "PLAN1": sorted([org.ann.id, org.fay.id]),
        "PLAN3": sorted([org.bob.id, org.fay.id]),
        "OTHER": [org.cai.id],
    }
    with app.test_request_context():
        other = queries.Filters(department_ids=frozenset({org.other.id}))
        in_other = training_needs(other, gaps.load_competencies())
    assert _table(in_other) == [  # dan and fay only
        ("PLAN1", 1, 0, 0, 0, 1, 0, 1),
        ("PLAN3", 1, 0, 0, 0, 1, 0, 1),
        ("SUM", 1, 0, 1, 0, 0, 1, -1),
    ]


def test_the_page_shows_the_rule_the_rows_and_exports(client, people, login_as, needs_setting):
    login_as(people["pmo"])
    page = client.get("/training/needs/").get_data(as_text=True)
    assert "A project manager needs a course when" in page
    assert page.count('data-testid="need-row"') == 4 and page.count("Schedule next") == 4
    csv = client.get("/training/needs/?format=csv").get_data(as_text=True)
    assert csv.splitlines()[1].startswith("PLAN1,Course PLAN1,2,0,0,0,2,0,2")
    detail = client.get(f"/training/needs/{needs_setting['PLAN3'].id}").get_data(as_text=True)
    assert detail.count('data-testid="needing-row"') == 2 and "Bob Brown" in detail
    by_department = detail[detail.index("By department") : detail.index("By career level")]
    assert "Delivery East" in by_department and "Other" in by_department
    client.post("/logout")
    login_as(people["hr"])
    assert client.get("/training/needs/").status_code == 403


def test_scheduling_a_row_opens_a_class_and_nominates_exactly_its_pms(
    client,
    people,
    login_as,
    org,
    needs_setting,
):
    login_as(people["pmo"])
    course = needs_setting["PLAN3"]
    form = client.get(f"/training/needs/{course.id}/schedule").get_data(as_text=True)
    assert "puts forward the 2 PMs who still need it" in form
    response = client.post(
        f"/training/needs/{course.id}/schedule",
        data={
            "sessions-0-day": "2027-05-10", "sessions-0-starts": "09:00",
            "sessions-0-ends": "12:00", "room_id": "0", "online_url": "https://m.example/x",
            "capacity": "2", "min_size": "0", "offer_hours": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302
    created = _db.session.scalars(
        _db.select(TrainingClass)
        .where(TrainingClass.course_id == course.id)
        .order_by(TrainingClass.id.desc())
    ).first()
    assert created.state is ClassState.OPEN
    nominees = _db.session.scalars(
        _db.select(Enrolment.user_id).where(Enrolment.class_id == created.id)
    ).all()
    assert sorted(nominees) == sorted([org.bob.id, org.fay.id])
    states = {
        e.state
        for e in _db.session.scalars(_db.select(Enrolment).where(Enrolment.class_id == created.id))
    }
    assert states == {EnrolmentState.NOMINATED}
    told = {
        (n.user_id, n.kind)
        for n in _db.session.scalars(
            _db.select(Notification).where(Notification.kind.like("training.%nominated"))
        )
    }
    assert (org.bob.id, "training.nominated") in told and (org.fay.id, "training.nominated") in told
    assert (people["director"].id, "training.team_nominated") in told, "bob's director chain"
    assert (org.olga.id, "training.team_nominated") in told, "fay's director"

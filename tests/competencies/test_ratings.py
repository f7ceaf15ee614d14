"""Ratings: self ratings and confirmed levels are new rows, confirmed only by the right people."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from competencies.profiles.models import EvidenceKind, Rating, RatingKind
from competencies.profiles.permissions import can_view_profile
from competencies.profiles.services import add_evidence, confirm_level, rate_self
from lms.audit.models import AuditEntry
from lms.clock import site_today
from lms.errors import ServiceError
from lms.notifications.models import Notification
from tests.factories import DepartmentFactory, UserFactory


def competency(framework, idnumber: str):
    return next(c for c in framework.competencies if c.idnumber == idnumber)


def ratings_of(db, person) -> list[Rating]:
    return db.session.scalars(
        select(Rating).where(Rating.user_id == person.id).order_by(Rating.id)
    ).all()


def test_rate_self_records_a_self_rating(db, people, small_framework):
    pm = people["pm"]
    rating = rate_self(
        pm, competency(small_framework, "A-1"), 1, actor=pm, comment="  getting there "
    )
    assert [(r.id, r.kind, r.level) for r in ratings_of(db, pm)] == [
        (rating.id, RatingKind.SELF, 1)
    ]
    assert rating.rated_by_id == pm.id and rating.rated_on == site_today()
    assert rating.comment == "getting there" and not rating.is_confirmed
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "rating.self")).one()
    assert entry.object_id == pm.id and entry.changes == {"A-1": [None, 1]}


@pytest.mark.parametrize(
    ("utc", "shanghai_day"),
    [
        (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), date(2026, 12, 2)),  # 07:30 next morning
        (datetime(2026, 12, 1, 15, 59, tzinfo=UTC), date(2026, 12, 1)),  # 23:59 the same day
    ],
)
def test_a_rating_is_dated_by_the_sites_calendar_not_the_servers(
    db, people, small_framework, monkeypatch, utc, shanghai_day
):
    """A UTC server at 23:30 is already 07:30 the next day in Shanghai (SITE_TIMEZONE)."""
    monkeypatch.setattr("lms.clock.utcnow", lambda: utc)
    pm, director = people["pm"], people["director"]
    own = rate_self(pm, competency(small_framework, "A-1-a"), 1, actor=pm)
    confirmed = confirm_level(
        pm, competency(small_framework, "A-1-a"), 1, actor=director, justification="Seen."
    )
    assert own.rated_on == confirmed.rated_on == shanghai_day


def test_a_second_self_rating_adds_a_row_and_keeps_the_first_unchanged(db, people, small_framework):
    pm = people["pm"]
    listening = competency(small_framework, "A-1")
    first = rate_self(pm, listening, 1, actor=pm, comment="first", rated_on=date(2025, 1, 2))
    first_id = first.id
    second = rate_self(pm, listening, 2, actor=pm, comment="second")
    db.session.expire_all()
    rows = ratings_of(db, pm)
    assert [r.id for r in rows] == [first_id, second.id] and first_id != second.id
    kept = rows[0]
    assert (kept.level, kept.comment, kept.rated_on, kept.kind) == (
        1,
        "first",
        date(2025, 1, 2),
        RatingKind.SELF,
    )
    assert rows[1].level == 2


def test_director_and_pmo_confirmations_are_kept_beside_self_ratings(db, people, small_framework):
    pm = people["pm"]
    listening = competency(small_framework, "A-1")
    rate_self(pm, listening, 2, actor=pm)
    by_director = confirm_level(pm, listening, 1, actor=people["director"], justification="Seen")
    by_pmo = confirm_level(pm, listening, 2, actor=people["pmo"], justification="Assessed")
    assert (
        by_director.kind is RatingKind.DIRECTOR and by_director.rated_by_id == people["director"].id
    )
    assert by_pmo.kind is RatingKind.PMO and by_pmo.rated_by_id == people["pmo"].id
    assert by_director.is_confirmed and by_pmo.is_confirmed
    assert [(r.kind, r.level) for r in ratings_of(db, pm)] == [
        (RatingKind.SELF, 2),
        (RatingKind.DIRECTOR, 1),
        (RatingKind.PMO, 2),
    ]


def test_confirm_level_needs_evidence_or_a_justification(db, people, small_framework):
    pm = people["pm"]
    with pytest.raises(ServiceError) as error:
        confirm_level(
            pm, competency(small_framework, "A-1"), 2, actor=people["pmo"], justification="   "
        )
    assert error.value.field == "justification"
    assert ratings_of(db, pm) == []


def test_confirm_level_with_a_justification_only_is_accepted(db, people, small_framework):
    pm = people["pm"]
    rating = confirm_level(
        pm, competency(small_framework, "A-1"), 2, actor=people["pmo"], justification=" Observed "
    )
    assert rating.justification == "Observed" and rating.evidence == []


def test_confirm_level_with_the_persons_evidence_only_is_accepted(db, people, small_framework):
    pm = people["pm"]
    evidence = add_evidence(
        pm, actor=people["director"], kind=EvidenceKind.PROJECT, title="Delivered Apollo"
    )
    rating = confirm_level(
        pm, competency(small_framework, "A-1"), 2, actor=people["pmo"], evidence_ids=[evidence.id]
    )
    assert rating.evidence == [evidence] and rating.justification == ""


def test_confirm_level_citing_another_persons_evidence_is_refused(
    db, people, department, small_framework
):
    pm = people["pm"]
    other = UserFactory(roles=["pm"], department=department)
    own = add_evidence(pm, actor=pm, kind=EvidenceKind.NOTE, title="Mine")
    theirs = add_evidence(other, actor=other, kind=EvidenceKind.NOTE, title="Not yours")
    with pytest.raises(ServiceError) as error:
        confirm_level(
            pm,
            competency(small_framework, "A-1"),
            2,
            actor=people["pmo"],
            justification="Has a justification too",
            evidence_ids=[own.id, theirs.id],
        )
    assert error.value.field == "evidence_ids"
    assert ratings_of(db, pm) == []


def test_a_director_cannot_confirm_a_pm_of_another_department_tree(db, people, small_framework):
    elsewhere = DepartmentFactory(name="Elsewhere", director=UserFactory(roles=["director"]))
    outsider = UserFactory(roles=["pm"], department=elsewhere)
    with pytest.raises(ServiceError):
        confirm_level(
            outsider,
            competency(small_framework, "A-1"),
            2,
            actor=people["director"],
            justification="Not mine to judge",
        )
    assert ratings_of(db, outsider) == []


def test_a_director_can_confirm_a_pm_of_a_sub_department(db, people, department, small_framework):
    team = DepartmentFactory(name="Delivery team", parent=department)
    pm = UserFactory(roles=["pm"], department=team)
    rating = confirm_level(
        pm, competency(small_framework, "A-1"), 2, actor=people["director"], justification="Seen"
    )
    assert rating.kind is RatingKind.DIRECTOR and rating.user_id == pm.id


def test_a_sub_department_director_cannot_confirm_upwards(db, people, department, small_framework):
    team_director = UserFactory(roles=["director"])
    DepartmentFactory(name="Delivery team", parent=department, director=team_director)
    with pytest.raises(ServiceError):
        confirm_level(
            people["pm"],
            competency(small_framework, "A-1"),
            2,
            actor=team_director,
            justification="Above me",
        )


@pytest.mark.parametrize("role", ["pmo", "director"])
def test_nobody_confirms_their_own_level(db, people, small_framework, role):
    person = people[role]
    with pytest.raises(ServiceError):
        confirm_level(
            person, competency(small_framework, "A-1"), 2, actor=person, justification="Me"
        )
    assert ratings_of(db, person) == []


@pytest.mark.parametrize("role", ["hr", "trainer", "admin", "pm"])
def test_other_roles_cannot_confirm(db, people, department, small_framework, role):
    person = UserFactory(roles=["pm"], department=department)
    with pytest.raises(ServiceError):
        confirm_level(
            person, competency(small_framework, "A-1"), 2, actor=people[role], justification="No"
        )
    assert ratings_of(db, person) == []


@pytest.mark.parametrize("role", ["pmo", "director", "hr", "admin"])
def test_nobody_but_the_person_can_rate_self(db, people, small_framework, role):
    pm = people["pm"]
    with pytest.raises(ServiceError):
        rate_self(pm, competency(small_framework, "A-1"), 1, actor=people[role])
    assert ratings_of(db, pm) == []


def test_a_level_off_the_scale_is_refused(db, people, small_framework):
    pm = people["pm"]
    listening = competency(small_framework, "A-1")
    for level in (3, -1):
        with pytest.raises(ServiceError) as error:
            rate_self(pm, listening, level, actor=pm)
        assert error.value.field == "level"
        with pytest.raises(ServiceError) as error:
            confirm_level(pm, listening, level, actor=people["pmo"], justification="x")
        assert error.value.field == "level"
    assert ratings_of(db, pm) == []


def test_a_retired_competency_cannot_be_rated(db, people, small_framework):
    pm = people["pm"]
    listening = competency(small_framework, "A-1")
    listening.is_retired = True
    db.session.flush()
    with pytest.raises(ServiceError):
        rate_self(pm, listening, 1, actor=pm)
    with pytest.raises(ServiceError):
        confirm_level(pm, listening, 1, actor=people["pmo"], justification="x")
    assert ratings_of(db, pm) == []


def test_confirm_level_notifies_the_person_and_is_audited(db, people, small_framework):
    pm, pmo = people["pm"], people["pmo"]
    confirm_level(pm, competency(small_framework, "A-1"), 2, actor=pmo, justification="Observed")
    note = db.session.scalars(select(Notification).where(Notification.user_id == pm.id)).one()
    assert note.kind == "profile.level_confirmed"
    assert note.message == f"{pmo.name} confirmed your level in Listening: 2 Able."
    with force_locale("zh_CN"):  # names are data in both languages: the reader's is shown
        assert "倾听" in note.message and "2 胜任" in note.message
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "rating.confirmed")
    ).one()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (pmo.id, "User", pm.id)
    assert entry.changes == {"A-1": [None, 2], "kind": "pmo"}


def test_rate_self_notifies_nobody(db, people, small_framework):
    pm = people["pm"]
    rate_self(pm, competency(small_framework, "A-1"), 1, actor=pm)
    assert db.session.scalars(select(Notification)).all() == []


def test_the_person_hr_pmo_and_director_chain_can_view_a_profile(db, people, department):
    group_director = UserFactory(roles=["director"])
    group = DepartmentFactory(name="Group", director=group_director)
    department.parent = group
    team = DepartmentFactory(name="Delivery team", parent=department)
    pm = UserFactory(roles=["pm"], department=team)
    db.session.flush()
    for viewer in (pm, people["hr"], people["pmo"], people["director"], group_director):
        assert can_view_profile(viewer, pm), viewer.email


def test_others_cannot_view_a_profile(db, people, department):
    pm = people["pm"]
    other_pm = UserFactory(roles=["pm"], department=department)
    unrelated_director = UserFactory(roles=["director"])
    DepartmentFactory(name="Elsewhere", director=unrelated_director)
    for viewer in (other_pm, people["trainer"], people["admin"], unrelated_director):
        assert not can_view_profile(viewer, pm), viewer.email


def test_a_director_of_the_department_without_the_director_role_cannot_view(db, department):
    """Heading a department in the data is not enough: the director role is needed as well."""
    head = UserFactory(roles=["pm"], department=department)
    department.director = head
    pm = UserFactory(roles=["pm"], department=department)
    db.session.flush()
    assert not can_view_profile(head, pm)


def test_a_pm_records_certificates_and_notes_but_not_their_own_training_or_projects(
    app, db, people
):
    pm, director = people["pm"], people["director"]
    for kind in (EvidenceKind.CERTIFICATION, EvidenceKind.NOTE):
        add_evidence(pm, actor=pm, kind=kind, title=str(kind))
    for kind in (EvidenceKind.TRAINING, EvidenceKind.PROJECT):
        with pytest.raises(ServiceError, match="recorded by your director or the PMO"):
            add_evidence(pm, actor=pm, kind=kind, title="Self-declared")
        assert add_evidence(pm, actor=director, kind=kind, title="Vouched").kind is kind

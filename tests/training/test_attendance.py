"""Attendance and completion (lms/training/attendance.py): the course's rule decides; a
completion adds "training completed" evidence to the profile and completes the plan activity
linked to the course in the same transaction — if either fails, neither happens, and the
attendance is not kept either."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from competencies.plans import content, services
from competencies.plans.models import ActivityKind, ActivityStatus, Decision
from competencies.profiles import services as profile_services
from competencies.profiles.models import Evidence, EvidenceKind
from lms.errors import PermissionDenied
from lms.training import enrolment
from lms.training.attendance import mark_attendance
from lms.training.models import Attendance, AttendanceStatus

from .conftest import make_class

PRESENT, ABSENT, LATE = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.LATE


@pytest.fixture
def setting(db, people, course, small_framework):
    """The PM enrolled in a two-session class of the course, which their approved plan names."""
    training_class = make_class(course, capacity=5)
    training_class.trainers = [people["trainer"]]
    seat = enrolment.enrol(training_class, actor=people["pm"])
    plan = services.start_plan(
        people["pm"],
        actor=people["pm"],
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
    )
    leaf = next(c for c in small_framework.competencies if c.idnumber == "B-1")
    goal = content.add_goal(plan, actor=people["pm"], competency_id=leaf.id, target_level=2)
    activity = content.add_activity(
        goal, actor=people["pm"], kind=ActivityKind.COURSE, title="The course",
        link_kind="course", link_id=course.id,
    )  # fmt: skip
    services.submit_plan(plan, actor=people["pm"])
    for role in ("director", "hr"):
        services.decide_plan(plan, actor=people[role], decision=Decision.APPROVED)
    return training_class, seat, activity


def _marks(seat, training_class, *statuses):
    return [(seat.id, s.id, st) for s, st in zip(training_class.sessions, statuses, strict=True)]


def _evidence(db, person) -> list[Evidence]:
    return list(
        db.session.scalars(
            select(Evidence).where(
                Evidence.user_id == person.id, Evidence.kind == EvidenceKind.TRAINING
            )
        )
    )


def test_completion_adds_evidence_and_completes_the_plan_activity(db, people, setting):
    training_class, seat, activity = setting
    trainer = people["trainer"]
    assert (
        mark_attendance(
            training_class, actor=trainer, marks=_marks(seat, training_class, PRESENT, ABSENT)
        )
        == []
    )
    assert seat.completed_at is None and not _evidence(db, people["pm"])
    done = mark_attendance(
        training_class, actor=trainer, marks=[(seat.id, training_class.sessions[1].id, LATE)]
    )
    assert done == [seat] and seat.completed_at is not None
    [evidence] = _evidence(db, people["pm"])
    assert evidence.title == "Course SCHED" and evidence.details["hours"] == 8
    assert activity.status is ActivityStatus.DONE
    again = mark_attendance(
        training_class, actor=trainer, marks=_marks(seat, training_class, PRESENT, PRESENT)
    )
    assert again == [] and len(_evidence(db, people["pm"])) == 1, "completed once"


def test_a_minimum_share_completes_with_fewer_sessions(db, people, setting):
    training_class, seat, _activity = setting
    training_class.course.completion_share = 50
    done = mark_attendance(
        training_class,
        actor=people["trainer"],
        marks=_marks(seat, training_class, PRESENT, AttendanceStatus.EXCUSED),
    )
    assert done == [seat]


def test_a_failure_recording_the_completion_leaves_everything_unchanged(
    db, people, setting, monkeypatch
):
    training_class, seat, activity = setting

    def broken(*args, **kwargs):
        raise RuntimeError("profile unavailable")

    monkeypatch.setattr(profile_services, "add_evidence", broken)
    with pytest.raises(RuntimeError), db.session.begin_nested():
        mark_attendance(
            training_class,
            actor=people["trainer"],
            marks=_marks(seat, training_class, PRESENT, PRESENT),
        )
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
    assert seat.completed_at is None and activity.status is ActivityStatus.PLANNED
    assert not _evidence(db, people["pm"])


def test_only_the_classes_trainers_and_the_pmo_mark_attendance(db, people, setting):
    training_class, seat, _activity = setting
    with pytest.raises(PermissionDenied):
        mark_attendance(
            training_class, actor=people["hr"], marks=_marks(seat, training_class, PRESENT, PRESENT)
        )
    assert mark_attendance(
        training_class, actor=people["pmo"], marks=_marks(seat, training_class, PRESENT, PRESENT)
    )

"""Training for the benchmark's large organisation (lms.large.seed_large): 300 x scale courses,
20 rooms, 2,000 x scale classes over two years (past ones completed, coming ones open, full or
planned, a few cancelled) and about 50,000 x scale enrolments. The bench PM is in some classes
and on the waitlist of others; the bench trainer teaches a few; one coming class is full with a
waitlist (its roster is the largest a class page shows)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, insert, select

from ..extensions import db
from ..large import LargeOrg, sync_sequences
from ..permissions import Role
from .models import (
    Attendance,
    AttendanceStatus,
    ClassSession,
    ClassState,
    Course,
    CourseCompetency,
    DeliveryMode,
    Enrolment,
    EnrolmentState,
    Feedback,
    Room,
    TrainingClass,
    class_trainers,
)
from .registry import competency_areas

TOPICS = ["Risk", "Scope", "Schedule", "Cost", "Quality", "Stakeholders", "Agile", "Leadership"]
BENCH_COURSE = "LARGE-0000"


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def seed_large_training(org: LargeOrg) -> None:
    rng, now = org.rng, org.now
    factor = len(org.raters) / 10_000  # the people count tells the scale
    courses = _courses(rng, max(10, round(300 * factor)))
    rooms = _rooms(now)
    learners = org.pm_ids
    trainer = org.bench_ids[Role.TRAINER]
    class_rows, session_rows, trainer_rows, enrolment_rows = [], [], [], []
    class_id, session_id = _next_id(TrainingClass), _next_id(ClassSession)
    total = max(40, round(2000 * factor))
    bench_pm = org.bench_ids[Role.PM]
    for n in range(total):
        starts = now + timedelta(days=rng.randrange(-365, 365), hours=rng.randrange(0, 8))
        starts = starts.replace(minute=0, second=0, microsecond=0)
        past = starts < now
        capacity = rng.choice((20, 25, 30, 40))
        state = (
            ClassState.COMPLETED
            if past
            else rng.choice((ClassState.OPEN,) * 6 + (ClassState.PLANNED,))
        )
        if rng.random() < 0.04:
            state = ClassState.CANCELLED
        course_id = courses[0] if n < 20 else rng.choice(courses)  # the bench course: many classes
        class_rows.append(
            {
                "id": class_id,
                "course_id": course_id,
                "room_id": rng.choice(rooms),
                "online_url": "",
                "capacity": capacity,
                "min_size": capacity // 3,
                "offer_hours": 0,
                "state": state,
                "notes": "",
                "uid": f"large-{class_id}@pmo-academy",
                "sequence": 0,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        for day in range(rng.choice((1, 1, 2, 3))):
            session_rows.append(
                {
                    "id": session_id,
                    "class_id": class_id,
                    "starts_at": starts + timedelta(days=day),
                    "ends_at": starts + timedelta(days=day, hours=4),
                }
            )
            session_id += 1
        if n % 50 == 0:
            trainer_rows.append({"class_id": class_id, "user_id": trainer})
        seated = capacity if past else rng.randrange(capacity // 2, capacity + 1)
        waiting = rng.randrange(0, 15) if seated == capacity and not past else 0
        people = rng.sample(learners, min(len(learners), seated + waiting))
        if n % 40 == 0 and bench_pm not in people:
            people[:1] = [bench_pm]  # the bench PM: a seat in some, the waitlist in others
        elif n % 2 and bench_pm in people:
            people.remove(bench_pm)  # and not in others, however small the organisation
        for k, person in enumerate(people):
            enrolment_rows.append(
                {
                    "class_id": class_id,
                    "user_id": person,
                    "state": EnrolmentState.ENROLLED if k < seated else EnrolmentState.WAITLISTED,
                    "queued_at": starts - timedelta(days=30, minutes=len(people) - k),
                    "completed_at": starts + timedelta(hours=4)
                    if state is ClassState.COMPLETED
                    else None,
                    "pre_approved": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if not past and state is ClassState.OPEN and seated >= capacity:
            class_rows[-1]["state"] = ClassState.FULL
        class_id += 1
    _pending(org, class_rows, enrolment_rows, now)
    db.session.execute(insert(TrainingClass), class_rows)
    db.session.execute(insert(ClassSession), session_rows)
    db.session.execute(insert(class_trainers), trainer_rows)
    first_enrolment = _next_id(Enrolment)
    for n, row in enumerate(enrolment_rows):
        row["id"] = first_enrolment + n
    for chunk in range(0, len(enrolment_rows), 10_000):
        db.session.execute(insert(Enrolment), enrolment_rows[chunk : chunk + 10_000])
    _marks_and_feedback(rng, enrolment_rows, session_rows, now)
    sync_sequences(Course, Room, TrainingClass, ClassSession, Enrolment)


def _marks_and_feedback(rng, enrolments: list, sessions: list, now) -> None:
    """The completed classes' attendance (everyone who completed came; a few others missed a
    session) and feedback from about a third of those who came."""
    by_class: dict[int, list[int]] = {}
    for session in sessions:
        by_class.setdefault(session["class_id"], []).append(session["id"])
    marks, feedback = [], []
    for row in enrolments:
        if row.get("completed_at") is None:
            continue
        for session_id in by_class.get(row["class_id"], []):
            status = AttendanceStatus.PRESENT if rng.random() < 0.93 else AttendanceStatus.LATE
            marks.append({"enrolment_id": row["id"], "session_id": session_id, "status": status,
                          "marked_at": now})  # fmt: skip
        if rng.random() < 0.33:
            feedback.append({"enrolment_id": row["id"], "rating": rng.choice((3, 4, 4, 5, 5, 2)),
                             "comment": "", "created_at": now})  # fmt: skip
    for chunk in range(0, len(marks), 10_000):
        db.session.execute(insert(Attendance), marks[chunk : chunk + 10_000])
    if feedback:
        db.session.execute(insert(Feedback), feedback)


def _pending(org: LargeOrg, class_rows: list, enrolment_rows: list, now) -> None:
    """Requests waiting for the bench director: up to 40 of their people, one each."""
    director = org.bench_ids[Role.DIRECTOR]
    team = [pm for pm in org.pm_ids if org.raters.get(pm) == director][:40]
    coming = [row["id"] for row in class_rows if row["state"] is ClassState.OPEN]
    taken = {(row["class_id"], row["user_id"]) for row in enrolment_rows}
    for n, person in enumerate(team):
        class_id = coming[n % len(coming)] if coming else None
        if class_id is None or (class_id, person) in taken:
            continue
        enrolment_rows.append(
            {
                "class_id": class_id,
                "user_id": person,
                "state": EnrolmentState.PENDING_APPROVAL,
                "queued_at": now - timedelta(hours=n),
                "completed_at": None,
                "pre_approved": False,
                "created_at": now,
                "updated_at": now,
            }
        )


def _courses(rng, count: int) -> list[int]:
    competencies = [cid for area in competency_areas() for cid, _name in area.competencies]
    first = _next_id(Course)
    rows, links = [], []
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)]
        idnumber = f"LARGE-{n:04d}"
        names = {"en": f"{topic} in practice {n}", "zh_CN": f"{topic} 实践 {n}"}
        description = f"Hands-on {topic.lower()} for project managers, part {n}."
        rows.append(
            {
                "id": first + n,
                "idnumber": idnumber,
                "names": names,
                "descriptions": {"en": description},
                "mode": rng.choice(list(DeliveryMode)),
                "duration_hours": rng.choice((4, 8, 16)),
                "needs_approval": n % 5 == 0,
                "completion_share": 100,
                "is_retired": n % 50 == 49,
                "search_text": "\n".join([idnumber, *names.values(), description]).lower(),
                "version": 1,
            }
        )
        for cid in rng.sample(competencies, min(2, len(competencies))):
            links.append({"course_id": first + n, "competency_id": cid, "level": rng.randint(2, 4)})
    db.session.execute(insert(Course), rows)
    if links:
        db.session.execute(insert(CourseCompetency), links)
    return [row["id"] for row in rows if not row["is_retired"]]


def _rooms(now) -> list[int]:
    first = _next_id(Room)
    rows = [
        {
            "id": first + n,
            "name": f"Large room {n:02d}",
            "location": f"Floor {n % 5 + 1}",
            "capacity": 40,
            "is_retired": False,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for n in range(20)
    ]
    db.session.execute(insert(Room), rows)
    return [row["id"] for row in rows]

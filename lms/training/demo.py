"""Demo training (`flask --app lms seed-demo`): three courses Tom Becker teaches, two rooms, a
class next week with Priya Shah enrolled and a seat left, a full class with a waitlist, and a
class last month that Wang Wei completed (attendance and feedback), so every training page has
something to show."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..clock import from_site_time, site_today
from ..extensions import db
from .attendance import give_feedback, mark_attendance
from .classes import open_class, save_class
from .courses import save_course, save_room
from .enrolment import enrol
from .models import AttendanceStatus, ClassState, Course
from .registry import competency_areas

COURSES = [
    ("PM-101", {"en": "Planning and scheduling", "zh_CN": "计划与进度管理"}, 8),
    ("PM-201", {"en": "Stakeholder engagement", "zh_CN": "干系人参与"}, 6),
    ("PM-301", {"en": "Leading project teams", "zh_CN": "领导项目团队"}, 12),
]


def seed_demo_training() -> str:
    people = {
        u.email.split("@")[0]: u
        for u in db.session.scalars(select(User).where(User.email.like("%@academy.test")))
    }
    if "pmo" not in people or "trainer" not in people:
        return "demo training: no demo accounts (run seed-demo after seed)"
    if db.session.scalar(select(Course.id).where(Course.idnumber == COURSES[0][0])):
        return "demo training: present"
    pmo, tom = people["pmo"], people["trainer"]
    leaves = [cid for area in competency_areas() for cid, _name in area.competencies]
    courses = [
        save_course(
            None,
            actor=pmo,
            idnumber=code,
            names=names,
            duration_hours=hours,
            trainers=[tom],
            competencies={leaves[n * 3]: 3} if len(leaves) > n * 3 else {},
            descriptions={"en": "A practical class with cases from our own projects."},
            needs_approval=code == "PM-301",
        )
        for n, (code, names, hours) in enumerate(COURSES)
    ]
    big = save_room(
        None, actor=pmo, name="Shanghai 3F Training Room", location="Building A", capacity=20
    )
    small = save_room(
        None, actor=pmo, name="Beijing 5F Meeting Room", location="Tower 2", capacity=8
    )
    today = site_today()

    def day(offset: int, start: int, hours: int):
        begins = from_site_time(datetime.combine(today + timedelta(days=offset), time(start)))
        return (begins, begins + timedelta(hours=hours))

    soon = save_class(None, actor=pmo, course=courses[0], capacity=12, min_size=4, room=big,
                      trainers=[tom], sessions=[day(7, 9, 4), day(8, 9, 4)])  # fmt: skip
    full = save_class(None, actor=pmo, course=courses[1], capacity=2, room=small,
                      trainers=[tom], sessions=[day(14, 14, 3)])  # fmt: skip
    past = save_class(None, actor=pmo, course=courses[1], capacity=8, room=small,
                      trainers=[tom], sessions=[day(-30, 9, 3)])  # fmt: skip
    for each in (soon, full, past):
        open_class(each, actor=pmo)
    enrol(soon, actor=people["pm"])
    for who in ("wang.wei", "zhang.min", "chen.jie"):
        enrol(full, actor=people[who])
    seat = enrol(past, actor=people["wang.wei"])
    mark_attendance(
        past, actor=tom, marks=[(seat.id, past.sessions[0].id, AttendanceStatus.PRESENT)]
    )
    give_feedback(
        seat, actor=people["wang.wei"], rating=5, comment="Useful for my next steering meeting."
    )
    past.state = ClassState.COMPLETED
    db.session.flush()
    return "demo training: 3 courses, 2 rooms, 3 classes"

"""Demo accounts for a first look: one per role, in a small department tree (README lists them)."""

from __future__ import annotations

from sqlalchemy import delete, select

from .accounts.models import Department, User, UserRole
from .accounts.services import hash_password
from .extensions import db

DEMO_PASSWORD = "academy-demo"

# name, parent, director e-mail
DEMO_DEPARTMENTS = [
    ("Project Delivery Centre", None, "director@academy.test"),
    ("Software Projects", "Project Delivery Centre", "director@academy.test"),
    ("Infrastructure Projects", "Project Delivery Centre", "li.na@academy.test"),
    ("Project Management Office", None, "pmo@academy.test"),
    ("Human Resources", None, "hr@academy.test"),
]

# e-mail, name, job title, department, roles
DEMO_PEOPLE = [
    (
        "admin@academy.test",
        "Alex Admin",
        "System administrator",
        "Project Management Office",
        ["admin"],
    ),
    ("pmo@academy.test", "Paula Reyes", "Head of PMO", "Project Management Office", ["pmo"]),
    ("hr@academy.test", "Hannah Weber", "HR business partner", "Human Resources", ["hr"]),
    (
        "director@academy.test",
        "Daniel Osei",
        "Director of project delivery",
        "Project Delivery Centre",
        ["director"],
    ),
    ("pm@academy.test", "Priya Shah", "Project manager", "Software Projects", ["pm"]),
    ("trainer@academy.test", "Tom Becker", "PM trainer", "Project Management Office", ["trainer"]),
    (
        "li.na@academy.test",
        "Li Na",
        "Infrastructure delivery lead",
        "Infrastructure Projects",
        ["director", "pm"],
    ),
    ("wang.wei@academy.test", "Wang Wei", "Senior project manager", "Software Projects", ["pm"]),
    ("zhang.min@academy.test", "Zhang Min", "Project coordinator", "Software Projects", ["pm"]),
    (
        "maria.silva@academy.test",
        "Maria Silva",
        "Project manager",
        "Infrastructure Projects",
        ["pm"],
    ),
    (
        "james.okafor@academy.test",
        "James Okafor",
        "Programme manager",
        "Infrastructure Projects",
        ["pm"],
    ),
    ("chen.jie@academy.test", "Chen Jie", "PM candidate", "Software Projects", ["pm"]),
]


def seed_demo() -> dict[str, int]:
    """Create or refresh the demo departments and accounts; running it twice changes nothing."""
    departments = {d.name: d for d in db.session.scalars(select(Department))}
    created = {"departments": 0, "people": 0}
    for name, _parent, _director in DEMO_DEPARTMENTS:
        if name not in departments:
            departments[name] = Department(name=name)
            db.session.add(departments[name])
            created["departments"] += 1
    people = {
        u.email: u
        for u in db.session.scalars(select(User).where(User.email.like("%@academy.test")))
    }
    password_hash = None
    for email, name, title, department, roles in DEMO_PEOPLE:
        if email in people:
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        people[email] = User(
            email=email,
            name=name,
            job_title=title,
            department=departments[department],
            password_hash=password_hash,
            is_demo=True,
            role_rows=[UserRole(role=role) for role in roles],
        )
        db.session.add(people[email])
        created["people"] += 1
    for name, parent, director in DEMO_DEPARTMENTS:
        department = departments[name]
        if department.director is None:
            department.director = people[director]
        if parent and department.parent is None:
            department.parent = departments[parent]
    db.session.flush()
    return created


def remove_demo() -> int:
    """Deactivate-free removal of the demo accounts before a production start."""
    ids = list(db.session.scalars(select(User.id).where(User.is_demo.is_(True))))
    if ids:
        db.session.execute(
            Department.__table__.update()
            .where(Department.director_id.in_(ids))
            .values(director_id=None)
        )
        db.session.execute(delete(User).where(User.id.in_(ids)))
    return len(ids)

"""Demo accounts for a first look, and a large deterministic data set for benchmarks."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, insert, select, text

from .accounts.models import Department, User, UserRole
from .accounts.services import hash_password
from .audit.models import AuditEntry
from .db import utcnow
from .extensions import db
from .notifications.models import Notification
from .permissions import Role

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


@dataclass(frozen=True)
class Scale:
    factor: float

    @property
    def departments(self) -> int:
        return max(2, round(200 * self.factor))

    @property
    def people(self) -> int:
        return max(20, round(10_000 * self.factor))

    @property
    def bench_team(self) -> int:
        """People in the bench director's department: about 200 PMs at scale 1, 2 at 0.01."""
        return max(2, round(250 * self.factor))


BENCH_ACCOUNTS = {role: f"bench-{role}@large.test" for role in Role}
FIRST = ["Wei", "Min", "Jie", "Na", "Lei", "Anna", "Omar", "Sofia", "Ken", "Ravi", "Elena", "Tom"]
LAST = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Müller",
    "Garcia",
    "Okafor",
    "Sato",
    "Kumar",
    "Novak",
]
TITLES = ["Project manager", "Senior project manager", "Project coordinator", "Programme manager"]


def seed_large(factor: float, *, seed: int = 42) -> dict[str, int]:
    """A realistic, deterministic organisation of 10,000 x factor people in 200 x factor departments.

    Rows go in with multi-row INSERTs, so scale 1 takes seconds, not hours. The first
    `Scale.bench_team` people work in "Large bench team", directed by bench-director@large.test;
    PMs get career levels and ratings of the default framework (see _seed_competencies).
    """
    if db.session.scalar(
        select(func.count()).select_from(User).where(User.email.like("%@large.test"))
    ):
        return {"people": 0, "departments": 0}
    from competencies.careers.seed import seed_default_career_levels
    from competencies.framework.seed import seed_default_framework

    seed_default_framework()
    seed_default_career_levels()
    rng, scale, now = random.Random(seed), Scale(factor), utcnow()
    password_hash = hash_password(DEMO_PASSWORD)
    start = (db.session.scalar(select(func.max(Department.id))) or 0) + 1
    db.session.execute(
        insert(Department),
        [
            {
                "id": start + i,
                "name": f"Large dept {i:04d}",
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "parent_id": start + (i - 1) // 5 if i else None,
            }
            for i in range(scale.departments)
        ]
        + [
            {
                "id": start + scale.departments,
                "name": "Large bench team",
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "parent_id": start,
            }
        ],
    )
    bench_team = start + scale.departments
    first_user = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    people = []
    for n in range(scale.people):
        people.append(
            {
                "id": first_user + n,
                "email": f"person{n:05d}@large.test",
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                "job_title": rng.choice(TITLES),
                "department_id": bench_team
                if n < scale.bench_team
                else start + n % scale.departments,
                "password_hash": password_hash,
                "is_active": rng.random() > 0.03,
                "must_change_password": False,
                "is_demo": True,
                "session_version": 1,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    for offset, (role, email) in enumerate(BENCH_ACCOUNTS.items(), start=scale.people):
        people.append(
            {
                **people[0],
                "id": first_user + offset,
                "email": email,
                "is_active": True,
                "name": f"Bench {role}",
            }
        )
    db.session.execute(insert(User), people)
    roles = [
        {"user_id": p["id"], "role": "pm"} for p in people[: scale.people] if rng.random() < 0.8
    ]
    directors = [
        first_user + i * (scale.people // scale.departments) for i in range(scale.departments)
    ]
    roles += [{"user_id": uid, "role": "director"} for uid in directors]
    roles += [
        {"user_id": first_user + offset, "role": str(role)}
        for offset, role in enumerate(BENCH_ACCOUNTS, start=scale.people)
    ]
    db.session.execute(insert(UserRole), roles)
    bench_ids = {
        role: first_user + offset for offset, role in enumerate(BENCH_ACCOUNTS, scale.people)
    }
    directors.append(bench_ids[Role.DIRECTOR])
    for i, director in enumerate(directors):
        db.session.execute(
            Department.__table__.update()
            .where(Department.id == start + i)
            .values(director_id=director)
        )
    _seed_activity(rng, people, now)
    pms = [row["user_id"] for row in roles if row["role"] == "pm"]
    raters = {p["id"]: directors[p["department_id"] - start] for p in people}
    _seed_competencies(rng, pms, bench_ids, raters, now)
    _sync_sequences(Department, User)
    db.session.flush()
    return {"people": len(people), "departments": scale.departments + 1}


def _sync_sequences(*models) -> None:
    """Rows inserted with explicit ids leave PostgreSQL's sequences behind; move them on."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        )


def _seed_competencies(
    rng: random.Random, pms: list[int], bench: dict[Role, int], raters: dict[int, int], now
) -> None:
    """Career levels for ~70% of the PMs and 5-15 confirmed ratings (some with an older one
    beneath) plus a few self ratings for ~60%; bench-pm@large.test always gets both."""
    from competencies.careers.models import CareerAssignment, CareerLevel
    from competencies.framework.models import Competency, Framework, FrameworkState
    from competencies.profiles.models import Rating, RatingKind

    framework_id = db.session.scalar(
        select(Framework.id)
        .where(Framework.state == FrameworkState.PUBLISHED)
        .order_by(Framework.id.desc())
        .limit(1)
    )
    levels = list(
        db.session.scalars(
            select(CareerLevel.id)
            .where(CareerLevel.framework_id == framework_id)
            .order_by(CareerLevel.rank)
        )
    )
    competencies = db.session.execute(
        select(Competency.id, Competency.parent_id).where(Competency.framework_id == framework_id)
    ).all()
    parents = {parent for _id, parent in competencies}
    leaves = [cid for cid, parent in competencies if parent is not None and cid not in parents]
    assignments, ratings = [], []
    for user_id in pms:
        is_bench = user_id == bench[Role.PM]
        if levels and (is_bench or rng.random() < 0.7):
            rank = rng.randrange(len(levels))
            aim = levels[rank + 1] if rank + 1 < len(levels) and rng.random() < 0.6 else None
            assignments.append(
                {
                    "user_id": user_id,
                    "current_level_id": levels[rank],
                    "next_level_id": aim,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if leaves and (is_bench or rng.random() < 0.6):
            ratings += _person_ratings(rng, user_id, leaves, bench, raters, now)
    if assignments:
        db.session.execute(insert(CareerAssignment), assignments)
    first = (db.session.scalar(select(func.max(Rating.id))) or 0) + 1
    for offset, rating in enumerate(ratings):  # ids in list order: an older rating stays older
        rating["id"] = first + offset
        rating["kind"] = RatingKind(rating["kind"])
    if ratings:
        db.session.execute(insert(Rating), ratings)
    _sync_sequences(Rating)


def _person_ratings(
    rng: random.Random, user_id: int, leaves: list[int], bench, raters, now
) -> list[dict]:
    rows = []

    def rating(competency_id: int, level: int, kind: str, days_ago: int) -> dict:
        rater = {"self": user_id, "director": raters.get(user_id), "pmo": bench[Role.PMO]}[kind]
        if kind != "self" and rater == user_id:  # nobody confirms their own level
            kind, rater = "pmo", bench[Role.PMO]
        return {
            "user_id": user_id,
            "competency_id": competency_id,
            "level": max(0, min(4, level)),
            "kind": kind,
            "rated_by_id": rater,
            "rated_on": (now - timedelta(days=days_ago)).date(),
            "comment": "",
            "justification": "Benchmark data" if kind != "self" else "",
            "created_at": now - timedelta(days=days_ago),
        }

    for competency_id in rng.sample(leaves, rng.randint(5, min(15, len(leaves)))):
        level = rng.choices(range(5), weights=(1, 3, 4, 3, 1))[0]
        kind = rng.choice(("director", "pmo"))
        if rng.random() < 0.2:
            rows.append(rating(competency_id, level - 1, kind, rng.randrange(400, 700)))
        rows.append(rating(competency_id, level, kind, rng.randrange(1, 400)))
    for competency_id in rng.sample(leaves, rng.randint(0, 3)):
        rows.append(rating(competency_id, rng.randrange(1, 5), "self", rng.randrange(0, 30)))
    return rows


def _seed_activity(rng: random.Random, people: list[dict], now) -> None:
    notes, entries = [], []
    for person in people:
        for k in range(3):
            notes.append(
                {
                    "user_id": person["id"],
                    "kind": "account.welcome",
                    "link": None,
                    "params": {"site": "PMO Academy", "name": person["name"]},
                    "created_at": now - timedelta(days=k),
                    "read_at": now if k else None,
                }
            )
        entries.append(
            {
                "actor_id": people[-1]["id"],
                "action": "person.created",
                "object_type": "User",
                "object_id": person["id"],
                "object_label": person["email"],
                "changes": {"name": [None, person["name"]]},
                "created_at": now - timedelta(minutes=rng.randrange(100_000)),
            }
        )
    db.session.execute(insert(Notification), notes)
    db.session.execute(insert(AuditEntry), entries)

"""A large deterministic organisation for benchmarks: `flask --app lms seed-large --scale N`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, text

from .accounts.models import Department, User, UserRole
from .accounts.services import hash_password
from .audit.models import AuditEntry
from .cli import LARGE_SEEDERS, SEEDERS
from .db import utcnow
from .demo import DEMO_PASSWORD
from .extensions import db
from .notifications.models import Notification
from .permissions import Role


@dataclass(frozen=True)
class LargeOrg:
    """What other packages' large seeders build on: the people made, who confirms whose levels."""

    rng: random.Random
    now: datetime
    pm_ids: list[int]
    bench_ids: dict[Role, int]
    raters: dict[int, int]  # person id -> their department's director


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
BENCH_TEAM = "Large bench team"
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
    `Scale.bench_team` people work in BENCH_TEAM ("Large bench team"), directed by bench-director@large.test;
    then each of LARGE_SEEDERS adds its package's data (career levels and ratings, ...).
    """
    if db.session.scalar(
        select(func.count()).select_from(User).where(User.email.like("%@large.test"))
    ):
        return {"people": 0, "departments": 0}
    for seeder in SEEDERS:  # reference data (the default framework, ...) first
        seeder()
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
                "name": BENCH_TEAM,
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
    org = LargeOrg(
        rng=rng,
        now=now,
        pm_ids=[row["user_id"] for row in roles if row["role"] == "pm"],
        bench_ids=bench_ids,
        raters={p["id"]: directors[p["department_id"] - start] for p in people},
    )
    for seeder in LARGE_SEEDERS:
        seeder(org)
    sync_sequences(Department, User)
    db.session.flush()
    return {"people": len(people), "departments": scale.departments + 1}


def sync_sequences(*models) -> None:
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

"""Career levels and ratings for the benchmark's large organisation (lms.large.seed_large)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from lms.extensions import db
from lms.large import LargeOrg, sync_sequences
from lms.permissions import SYSTEM, Role

from ..careers.models import CareerAssignment, CareerLevel
from ..framework.models import Competency, Framework
from ..framework.queries import framework_in_use_id
from ..framework.services import new_version
from .models import Evidence, EvidenceKind, Rating, RatingKind
from .ratings import rebuild_current


def seed_large_competencies(org: LargeOrg) -> None:
    """Career levels for ~70% of the PMs and 5-15 confirmed ratings (some with an older one
    beneath) plus a few self ratings for ~60%; bench-pm@large.test always gets both, and a page
    and a half of evidence. PMO-CORE gets a draft of its next version (the editor's pages)."""
    rng, bench = org.rng, org.bench_ids
    framework_id = framework_in_use_id()
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
    for user_id in org.pm_ids:
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
                    "created_at": org.now,
                    "updated_at": org.now,
                }
            )
        if leaves and (is_bench or rng.random() < 0.6):
            ratings += _person_ratings(rng, user_id, leaves, bench, org.raters, org.now)
    if assignments:
        db.session.execute(insert(CareerAssignment), assignments)
    first = (db.session.scalar(select(func.max(Rating.id))) or 0) + 1
    for offset, rating in enumerate(ratings):  # ids in list order: an older rating stays older
        rating["id"] = first + offset
        rating["kind"] = RatingKind(rating["kind"])
    if ratings:
        db.session.execute(insert(Rating), ratings)
    sync_sequences(Rating)
    rebuild_current()
    _seed_evidence(org)
    published = db.session.get(Framework, framework_id)
    if published is not None:
        new_version(published, actor=SYSTEM, version_label="bench-next")


def _seed_evidence(org: LargeOrg) -> None:
    """Fifteen pieces of evidence for the bench PM (more than one page of the profile)."""
    pm = org.bench_ids[Role.PM]
    rows = [
        {
            "user_id": pm,
            "kind": EvidenceKind.NOTE if n % 3 else EvidenceKind.CERTIFICATION,
            "title": f"Bench evidence {n}",
            "details": {},
            "occurred_on": (org.now - timedelta(days=30 * n)).date(),
            "expires_on": (org.now + timedelta(days=40 * n)).date() if n % 3 == 0 else None,
            "added_by_id": pm,
            "created_at": org.now,
        }
        for n in range(15)
    ]
    db.session.execute(insert(Evidence), rows)


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

"""Lessons learned of the benchmark's large organisation (lms.large.seed_large): at scale 1,
5,000 lessons in project-management vocabulary (deterministic), nine in ten published (and
searchable; every tenth waits for validation), with one to three follow-up actions each; the
first is BENCH_LESSON, the bench PM's, a negative risk lesson like every seventh."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, insert, select

from lms.extensions import db
from lms.large import LargeOrg, sync_sequences
from lms.permissions import Role
from lms.search.models import SearchEntry
from lms.search.words import index_words

from ..forum.large import WORDS
from ..tags.models import Tag, TagGroup
from .models import FollowUp, FollowUpStatus, Lesson, LessonState, lesson_tags

BENCH_LESSON = "Bench lesson: book the test environment before the first sprint"
PROJECTS = ["ERP rollout", "Data centre move", "Mobile banking app", "Plant extension",
            "CRM migration", "Office relocation", "Research grant 7", "Product line X"]  # fmt: skip


def _text(rng, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def seed_large_lessons(org: LargeOrg) -> None:
    rng, now = org.rng, org.now
    total = max(50, round(5_000 * len(org.raters) / 10_000))
    tags = {g: list(db.session.scalars(select(Tag.id).where(Tag.group == g))) for g in TagGroup}
    risk = db.session.scalar(select(Tag.id).where(Tag.slug == "risk"))
    bench_pm = org.bench_ids[Role.PM]  # writes every 25th (the first: BENCH_LESSON)
    start, follow_id = _next_id(Lesson), _next_id(FollowUp)
    lessons, links, follow_ups, entries = [], [], [], []
    for n in range(total):
        lesson_id = start + n
        created = now - timedelta(days=rng.randrange(1, 900))
        state = LessonState.SUBMITTED if n % 10 == 5 else LessonState.PUBLISHED
        texts = {name: _text(rng, rng.randrange(15, 40)) for name in
                 ("what_happened", "effect", "root_cause", "warning_signs", "recommendation")}  # fmt: skip
        title = BENCH_LESSON if n == 0 else _text(rng, rng.randrange(4, 9))[:-1]
        applied = created + timedelta(days=30) if rng.random() < 0.3 else None
        lessons.append({
            "id": lesson_id, "title": title, "project": rng.choice(PROJECTS),
            "phase_id": rng.choice(tags[TagGroup.PHASE]) if tags[TagGroup.PHASE] else None,
            "area_id": risk if n % 7 == 0 else rng.choice(tags[TagGroup.AREA]),
            "is_positive": n % 7 != 0 and rng.random() < 0.4, "impact": rng.randrange(1, 6),
            "is_known_risk": rng.random() < 0.5, "state": state.value,
            "author_id": bench_pm if n % 25 == 0 else rng.choice(org.pm_ids), "return_reason": "", "applied_document": "",
            "published_at": created + timedelta(days=7) if state == LessonState.PUBLISHED else None,
            "applied_at": applied, "created_at": created, "updated_at": created, "version": 1,
            **texts, **{f"{k}_html": f"<p>{v}</p>" for k, v in texts.items()},
        })  # fmt: skip
        for tag_id in rng.sample(
            tags[TagGroup.PROJECT_TYPE], k=min(1, len(tags[TagGroup.PROJECT_TYPE]))
        ):
            links.append({"lesson_id": lesson_id, "tag_id": tag_id})
        for _ in range(rng.randrange(1, 4)):
            status = rng.choice(
                (FollowUpStatus.OPEN,) * 3 + (FollowUpStatus.DONE, FollowUpStatus.DROPPED)
            )
            follow_ups.append({
                "id": follow_id, "lesson_id": lesson_id, "title": _text(rng, 6),
                "owner_id": rng.choice(org.pm_ids), "status": status.value,
                "due_on": (created + timedelta(days=rng.randrange(10, 400))).date(),
                "done_at": applied if status == FollowUpStatus.DONE else None, "created_at": created,
            })  # fmt: skip
            follow_id += 1
        if state == LessonState.PUBLISHED:
            body = " ".join([lessons[-1]["project"], *texts.values()])
            entries.append({
                "kind": "lesson", "object_id": lesson_id, "parent_id": None, "number": None,
                "scope_id": lessons[-1]["phase_id"], "author_id": lessons[-1]["author_id"],
                "title": title, "body": body, "title_words": index_words(title),
                "body_words": index_words(body), "is_visible": True, "is_solved": False,
                "created_at": lessons[-1]["published_at"],
            })  # fmt: skip
    for batch in range(0, total, 1_000):
        db.session.execute(insert(Lesson), lessons[batch : batch + 1_000])
    for rows, table in ((links, lesson_tags), (follow_ups, FollowUp.__table__),
                        (entries, SearchEntry.__table__)):  # fmt: skip
        for batch in range(0, len(rows), 2_000):
            db.session.execute(insert(table), rows[batch : batch + 2_000])
    sync_sequences(Lesson, FollowUp, SearchEntry)

"""The forum of the benchmark's large organisation (lms.large.seed_large), so it can be compared
with other forums on equal terms: at scale 1, 20 categories, 20,000 topics and 200,000 posts of
about 60 words of project-management vocabulary each (deterministic), one topic of 1,000 posts
(BENCH_TOPIC), the bench PM's place in about a third of the topics, and up to two tags on most
topics."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from lms.extensions import db
from lms.large import LargeOrg, sync_sequences
from lms.permissions import Role
from lms.search.models import SearchEntry, label_words

from ..tags.models import Tag
from .models import Category, Level, Post, Topic, TopicReader, topic_tags

BENCH_TOPIC = "Bench topic: a thousand posts on risk reviews"
BENCH_CATEGORY = "large-forum-00"
WORDS = [
    "risk",
    "mitigation",
    "schedule",
    "baseline",
    "scope",
    "stakeholder",
    "sponsor",
    "budget",
    "variance",
    "milestone",
    "deliverable",
    "charter",
    "requirement",
    "estimate",
    "contingency",
    "reserve",
    "critical",
    "path",
    "dependency",
    "resource",
    "allocation",
    "quality",
    "assurance",
    "change",
    "request",
    "issue",
    "log",
    "lesson",
    "learned",
    "retrospective",
    "sprint",
    "backlog",
    "velocity",
    "earned",
    "value",
    "forecast",
    "procurement",
    "contract",
    "vendor",
    "escalation",
    "governance",
    "steering",
    "committee",
    "benefit",
    "realisation",
    "handover",
    "acceptance",
    "criteria",
    "workshop",
    "communication",
    "plan",
    "status",
    "report",
    "dashboard",
    "kickoff",
    "closure",
    "audit",
    "compliance",
    "threshold",
    "tolerance",
    "assumption",
    "constraint",
    "rollout",
    "pilot",
    "migration",
    "testing",
    "defect",
    "review",
    "approval",
]
TITLE_WORDS = WORDS[:40]


def _text(rng, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def seed_large_forum(org: LargeOrg) -> None:
    rng, now = org.rng, org.now
    factor = len(org.raters) / 10_000
    topic_total = max(50, round(20_000 * factor))
    post_total = max(500, round(200_000 * factor))
    authors = org.pm_ids
    bench_pm = org.bench_ids[Role.PM]
    category_start = _next_id(Category)
    db.session.execute(
        insert(Category),
        [
            {
                "id": category_start + n,
                "slug": f"large-forum-{n:02d}",
                "names": {"en": f"Large forum {n:02d}", "zh_CN": f"大型论坛 {n:02d}"},
                "descriptions": {"en": "Benchmark category."},
                "position": n,
                "is_read_only": n == 19,
                "topic_count": 0,
                "post_count": 0,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(20)
        ],
    )
    # One topic of 1,000 posts in the first category; the rest share the other posts.
    sizes = [1000] + [1] * (topic_total - 1)
    for _ in range(post_total - sum(sizes)):
        sizes[rng.randrange(1, topic_total)] += 1
    topic_start, post_id = _next_id(Topic), _next_id(Post)
    topics, posts, readers, entries, tagged = [], [], [], [], []
    tag_ids = list(db.session.scalars(select(Tag.id).order_by(Tag.id)))
    tag_rng = random.Random(20261203)  # its own, so the rest of the data stays as it was
    per_category = [0] * 20
    posts_per_category = [0] * 20
    for n, size in enumerate(sizes):
        topic_id = topic_start + n
        category = 0 if n == 0 else rng.randrange(20)
        if not (n % 211 == 0 and n > 0):  # a category counts the topics and posts it shows
            per_category[category] += 1
            posts_per_category[category] += size
        created = now - timedelta(days=rng.randrange(0, 730), minutes=rng.randrange(0, 1440))
        if n == 0:
            created = now - timedelta(days=3)
        span = max(1, min(20_000, int((now - created).total_seconds() // 60)))
        moments = sorted(created + timedelta(minutes=rng.randrange(span)) for _ in range(size - 1))
        moments = [created, *moments]
        writers = [rng.choice(authors) for _ in range(size)]
        title = BENCH_TOPIC if n == 0 else _title(rng)
        hidden = n % 211 == 0 and n > 0
        topic_tag_ids = sorted(
            set(tag_rng.sample(tag_ids, min(len(tag_ids), tag_rng.randrange(3))))
        )
        labels = label_words(topic_tag_ids)
        tagged += [{"topic_id": topic_id, "tag_id": tag_id} for tag_id in topic_tag_ids]
        for number, (moment, writer) in enumerate(zip(moments, writers, strict=True), 1):
            body = _text(rng, rng.randrange(45, 75))
            posts.append(
                {
                    "id": post_id,
                    "topic_id": topic_id,
                    "number": number,
                    "author_id": writer,
                    "body": body,
                    "html": f"<p>{body}</p>",
                    "reply_to_number": None,
                    "is_hidden": False,
                    "created_at": moment,
                    "updated_at": moment,
                }
            )
            entries.append(
                {
                    "kind": "post",
                    "object_id": post_id,
                    "parent_id": topic_id,
                    "number": number,
                    "scope_id": category_start + category,
                    "author_id": writer,
                    "title": title if number == 1 else "",
                    "body": body,
                    "title_words": title if number == 1 else "",
                    "body_words": body,
                    "is_visible": not hidden,
                    "is_solved": False,
                    "labels": labels,
                    "created_at": moment,
                }
            )
            post_id += 1
        topics.append(
            {
                "id": topic_id,
                "category_id": category_start + category,
                "title": title,
                "author_id": writers[0],
                "created_at": created,
                "last_posted_at": moments[-1],
                "last_poster_id": writers[-1],
                "post_count": size,
                "is_pinned": n in (1, 2),
                "is_locked": n % 97 == 0 and n > 0,
                "is_hidden": hidden,
            }
        )
        if n == 0 or rng.random() < 0.33:  # the bench PM follows a third of the topics
            # most of what someone follows they have read to the end; a quarter has news
            last_read = size if rng.random() < 0.75 else rng.randrange(1, size + 1)
            if n == 0:
                last_read = 500
            readers.append(
                {
                    "user_id": bench_pm,
                    "topic_id": topic_id,
                    "last_read": last_read,
                    "topic_posts": size,
                    "level": int(rng.choice((Level.TRACKING,) * 6 + (Level.WATCHING, Level.MUTED))),
                    "reason": "read",
                    "updated_at": now,
                }
            )
        if len(posts) >= 20_000:
            _flush(topics, posts, entries)
    _flush(topics, posts, entries)
    for start in range(0, len(readers), 5_000):
        db.session.execute(insert(TopicReader), readers[start : start + 5_000])
    for start in range(0, len(tagged), 5_000):
        db.session.execute(insert(topic_tags), tagged[start : start + 5_000])
    for n in range(20):
        db.session.execute(
            Category.__table__.update()
            .where(Category.id == category_start + n)
            .values(topic_count=per_category[n], post_count=posts_per_category[n])
        )
    sync_sequences(Category, Topic, Post, SearchEntry)


def _title(rng) -> str:
    words = [rng.choice(TITLE_WORDS) for _ in range(rng.randrange(4, 9))]
    return (" ".join(words)).capitalize() + rng.choice(("?", "", ": lessons", " in practice"))


def _flush(topics: list, posts: list, entries: list) -> None:
    """Write what was made so far: topics, their posts and the posts' search entries (the
    words are the vocabulary's, Latin only: as lms.search.words would index them)."""
    if topics:
        db.session.execute(insert(Topic), topics)
    for start in range(0, len(posts), 5_000):
        db.session.execute(insert(Post), posts[start : start + 5_000])
        db.session.execute(insert(SearchEntry), entries[start : start + 5_000])
    for made in (topics, posts, entries):
        made.clear()

"""The methodology library of the benchmark's large organisation (lms.large.seed_large): at
scale 1, 1,000 documents of five revisions each in project-management vocabulary
(deterministic). Eight in ten are published as 1.0 (revision 3) and 1.1 (revision 5); one in
ten was published as 1.0 and has revisions 4 and 5 in review; one in ten was never published.
Every tenth published document is past its review date; 200 suggestions wait for the PMO. The
first document is BENCH_DOCUMENT, owned by the bench PMO."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, insert, select, update

from lms.extensions import db
from lms.large import LargeOrg, sync_sequences
from lms.permissions import Role
from lms.search.models import SearchEntry
from lms.search.words import index_words

from ..forum.large import WORDS
from ..tags.models import Tag
from .models import (
    Document,
    DocumentKind,
    DocumentRevision,
    DocumentState,
    DocumentVersion,
    Suggestion,
    document_tags,
)

BENCH_DOCUMENT = "Bench document: the project risk management process"
REVISIONS = 5


def _text(rng, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _body(rng) -> str:
    """A few headed sections of a few lines each, as a method reads."""
    sections = []
    for n in range(1, rng.randrange(3, 6)):
        lines = [f"{k}. {_text(rng, rng.randrange(8, 16))}" for k in range(1, rng.randrange(3, 7))]
        sections.append(f"## Step {n}: {_text(rng, 3)[:-1]}\n\n" + "\n".join(lines))
    return "\n\n".join(sections)


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def seed_large_library(org: LargeOrg) -> None:
    rng, now = org.rng, org.now
    total = max(20, round(1_000 * len(org.raters) / 10_000))
    tag_ids = list(db.session.scalars(select(Tag.id)))
    pmo = org.bench_ids[Role.PMO]
    doc_id, rev_id, ver_id = (
        _next_id(Document),
        _next_id(DocumentRevision),
        _next_id(DocumentVersion),
    )
    kinds = list(DocumentKind)
    documents, revisions, versions, links, entries, published = [], [], [], [], [], []
    for n in range(total):
        created = now - timedelta(days=rng.randrange(60, 900))
        never, in_review = n % 10 == 9, n % 10 == 8
        body = _body(rng)
        title = BENCH_DOCUMENT if n == 0 else _text(rng, rng.randrange(3, 7))[:-1]
        texts = []
        for number in range(1, REVISIONS + 1):
            body = body + f"\n{number + 5}. {_text(rng, 10)}"
            texts.append(body)
            revisions.append({
                "id": rev_id + number - 1, "document_id": doc_id + n, "number": number,
                "title": title, "body": body, "body_html": f"<p>{body}</p>",
                "change_note": _text(rng, 4), "author_id": pmo, "restored_from": None,
                "created_at": created + timedelta(days=number),
            })  # fmt: skip
        state = (
            DocumentState.DRAFT
            if never
            else DocumentState.IN_REVIEW
            if in_review
            else DocumentState.PUBLISHED
        )
        shown = None
        if not never:
            for major_minor, number in (((1, 0), 3), ((1, 1), 5))[: 1 if in_review else 2]:
                versions.append({
                    "id": ver_id, "document_id": doc_id + n, "revision_id": rev_id + number - 1,
                    "major": major_minor[0], "minor": major_minor[1], "release_notes": _text(rng, 8),
                    "published_by_id": pmo, "published_at": created + timedelta(days=number),
                })  # fmt: skip
                shown = (ver_id, texts[number - 1], created + timedelta(days=number))
                ver_id += 1
            published.append({"id": doc_id + n, "published_version_id": shown[0]})
        documents.append({
            "id": doc_id + n, "title": title, "kind": kinds[n % len(kinds)].value,
            "state": state.value, "owner_id": pmo if n % 3 == 0 else rng.choice(org.pm_ids),
            "author_id": pmo, "revision_count": REVISIONS, "published_version_id": None,
            "review_by": (now - timedelta(days=5) if n % 10 == 1 else now + timedelta(days=200)).date(),
            "published_title": "" if never else title, "published_at": shown[2] if shown else None,
            "successor_id": None, "view_count": rng.randrange(0, 300),
            "created_at": created, "updated_at": created + timedelta(days=REVISIONS),
        })  # fmt: skip
        for tag_id in rng.sample(tag_ids, k=min(2, len(tag_ids))):
            links.append({"document_id": doc_id + n, "tag_id": tag_id})
        if shown:
            entries.append({
                "kind": "document", "object_id": doc_id + n, "parent_id": None, "number": None,
                "scope_id": None, "author_id": pmo, "title": title, "body": shown[1],
                "title_words": index_words(title), "body_words": index_words(shown[1]),
                "is_visible": True, "is_solved": False, "created_at": shown[2],
            })  # fmt: skip
        rev_id += REVISIONS
    suggestions = [
        {
            "document_id": doc_id + rng.randrange(total) if k % 4 else None,
            "base_revision": REVISIONS if k % 4 else None,
            "title": _text(rng, 5)[:-1],
            "body": _text(rng, 40),
            "reason": _text(rng, 12),
            "author_id": rng.choice(org.pm_ids),
            "state": "open",
            "decision_note": "",
            "created_at": now - timedelta(days=k % 60),
            "updated_at": now - timedelta(days=k % 60),
        }
        for k in range(max(4, total // 5))
    ]
    for rows, table in ((documents, Document.__table__), (revisions, DocumentRevision.__table__),
                        (versions, DocumentVersion.__table__), (links, document_tags),
                        (entries, SearchEntry.__table__), (suggestions, Suggestion.__table__)):  # fmt: skip
        for batch in range(0, len(rows), 1_000):
            db.session.execute(insert(table), rows[batch : batch + 1_000])
    if published:
        db.session.execute(update(Document), published)
    sync_sequences(Document, DocumentRevision, DocumentVersion, Suggestion, SearchEntry)

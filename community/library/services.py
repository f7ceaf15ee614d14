"""The rules of the methodology library's documents: writing (every save of the text is a new
revision, never an overwrite), restoring an old revision (as a new one), the workflow (submit,
approve one revision, send back, publish as a numbered version, retire with a successor) and
the search index of what readers see. Each service re-checks its predicate, flushes in the
caller's transaction, never commits.

Two editors saving at once: each save locks the document's row and compares the revision the
editor started from with the latest; the second is refused (ConflictError) and keeps their text.
A transition locks the row and reads the state again, so of two PMO users publishing at once
one wins and the other is told it already happened (one version, not two).
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, update

from lms.accounts.queries import active_people_with_role
from lms.audit.services import record, register_action
from lms.errors import ConflictError, ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import Role, ensure
from lms.search import services as search
from lms.web.markdown import plain_text, render_markdown

from ..tags import queries as tag_queries
from . import queries
from .models import (
    Document,
    DocumentKind,
    DocumentRevision,
    DocumentState,
    DocumentStep,
    DocumentVersion,
    ReviewDecision,
    document_competencies,
)
from .permissions import (
    can_edit_document,
    can_manage_library,
    can_review_documents,
)
from .workflow import TRANSITIONS

TITLE_MAX, BODY_MAX, NOTE_MAX = 200, 100_000, 300
ALREADY = {
    DocumentState.IN_REVIEW: N_("This document is already in review."),
    DocumentState.APPROVED: N_("Someone already approved this revision."),
    DocumentState.PUBLISHED: N_("Someone already published this revision."),
    DocumentState.RETIRED: N_("Someone already retired this document."),
    DocumentState.DRAFT: N_("This document is already back in draft."),
}
DECISIONS = {
    "submit": ReviewDecision.SUBMITTED,
    "approve": ReviewDecision.APPROVED,
    "send_back": ReviewDecision.CHANGES,
    "publish": ReviewDecision.PUBLISHED,
    "retire": ReviewDecision.RETIRED,
}

for _action, _label in {
    "document.saved": N_("Library document saved"),
    "document.restore": N_("Library document revision restored"),
    "document.submit": N_("Library document sent for review"),
    "document.approve": N_("Library document revision approved"),
    "document.send_back": N_("Library document sent back to draft"),
    "document.publish": N_("Library document published"),
    "document.retire": N_("Library document retired"),
}.items():
    register_action(_action, _label)
register_kind("library.review", N_("%(name)s sent “%(title)s” for review."))
register_kind("library.sent_back", N_("“%(title)s” came back from review: %(reason)s"))
register_kind("library.published", N_("“%(title)s” is published as version %(version)s."))


def save_document(document: Document | None, *, actor, base_revision: int | None = None, **fields):
    """A new document (the PMO's: members suggest one instead) or the document changed.
    `fields`: title, kind, body, change_note, owner_id (or owner_email), review_by, tag_ids,
    competency_ids, attachments (uploads), remove_file_ids.
    A changed title or text is a new revision (the document goes back to draft: an approval
    covers the revision it was given for); other fields change in place. `base_revision`: the
    revision the editor started from — if someone saved since, ConflictError, nothing saved.
    Raises ServiceError on the field at fault."""
    ensure(can_manage_library(actor) if document is None else can_edit_document(actor, document))
    title = checked_title(fields.get("title"))
    body = (fields.get("body") or "").strip()
    if len(body) > BODY_MAX:
        raise ServiceError(_("At most 100,000 characters."), field="body")
    if document is None:
        document = Document(
            title=title, author_id=actor.id, owner_id=actor.id, state=DocumentState.DRAFT
        )
        db.session.add(document)
    else:
        lock_document(document)
        if base_revision is not None and base_revision != document.revision_count:
            raise ConflictError(
                _(
                    "Someone saved revision %(number)s while you were editing. Your text is "
                    "still below: compare it with the history, then save again to make yours "
                    "the newest revision.",
                    number=document.revision_count,
                )
            )
    _set_details(document, fields)
    latest = queries.revision(document)
    files = _files_after(document, latest, actor, fields)
    before = [f.id for f in latest.files] if latest else []
    if latest is None or (latest.title, latest.body, before) != (
        title,
        body,
        [f.id for f in files],
    ):
        add_revision(document, actor, title, body, fields.get("change_note") or "", files=files)
    db.session.flush()
    record(actor, "document.saved", document, label=title)
    return document


def checked_title(value) -> str:
    title = " ".join((value or "").split())
    if not 3 <= len(title) <= TITLE_MAX:
        raise ServiceError(_("A title has 3 to 200 characters."), field="title")
    return title


def _set_details(document: Document, fields: dict) -> None:
    kind = fields.get("kind") or document.kind or DocumentKind.GUIDELINE
    try:
        document.kind = DocumentKind(kind)
    except ValueError:
        raise ServiceError(_("Choose one of the list."), field="kind") from None
    if fields.get("owner_id"):
        document.owner_id = fields["owner_id"]
    if fields.get("owner_email"):
        from lms.accounts.services import find_user_by_email

        owner = find_user_by_email(fields["owner_email"])
        if owner is None or not owner.is_active:
            raise ServiceError(_("Nobody active has this e-mail address."), field="owner_email")
        document.owner_id = owner.id
    review_by = fields.get("review_by")
    if review_by is not None and not isinstance(review_by, date):
        raise ServiceError(_("Enter a date."), field="review_by")
    if "review_by" in fields:
        document.review_by = review_by
    if "tag_ids" in fields:
        document.tags = tag_queries.by_ids(fields.get("tag_ids"))
    if "competency_ids" in fields:
        _set_competencies(document, fields.get("competency_ids") or [])


def _files_after(document: Document, latest, actor, fields: dict) -> list:
    """The files the next revision has: the latest's, less those removed (`remove_file_ids`),
    with each upload (`attachments`) added or, under an existing file's name, replacing it
    (the replaced file stays with the earlier revisions)."""
    from .files import keep_file

    removed = set(fields.get("remove_file_ids") or ())
    files = [f for f in (latest.files if latest else []) if f.id not in removed]
    for upload in fields.get("attachments") or ():
        if not getattr(upload, "filename", ""):
            continue
        db.session.flush()
        kept = keep_file(document, upload, actor=actor)
        files = [f for f in files if f.file_name != kept.file_name] + [kept]
    return sorted(files, key=lambda f: f.file_name)


def add_revision(
    document: Document,
    actor,
    title: str,
    body: str,
    note: str,
    restored_from: int | None = None,
    files: list | None = None,
) -> DocumentRevision:
    """The document's next revision (back to draft if it was further on). `files`: what it
    has, by default the latest revision's."""
    if files is None:
        latest = queries.revision(document)
        files = list(latest.files) if latest else []
    document.revision_count = (document.revision_count or 0) + 1
    document.title = title
    if document.state in (DocumentState.IN_REVIEW, DocumentState.APPROVED, DocumentState.PUBLISHED):
        document.state = DocumentState.DRAFT
    db.session.flush()
    revision = DocumentRevision(
        document_id=document.id,
        number=document.revision_count,
        title=title,
        body=body,
        body_html=render_markdown(body) if body else "",
        change_note=" ".join(note.split())[:NOTE_MAX],
        author_id=getattr(actor, "id", None),
        restored_from=restored_from,
        files=files,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def _set_competencies(document: Document, competency_ids: list[int]) -> None:
    """The competencies the document helps develop (replacing the earlier choice)."""
    db.session.flush()
    db.session.execute(
        delete(document_competencies).where(document_competencies.c.document_id == document.id)
    )
    chosen = sorted({int(i) for i in competency_ids})
    if chosen:
        db.session.execute(
            insert(document_competencies),
            [{"document_id": document.id, "competency_id": i} for i in chosen],
        )


def lock_document(document: Document) -> None:
    db.session.flush()
    db.session.refresh(document, ["state", "revision_count"], with_for_update=True)


def restore_document_revision(document: Document, number: int, *, actor) -> DocumentRevision:
    """An old revision's text saved again as the newest revision (nothing is overwritten)."""
    ensure(can_edit_document(actor, document))
    lock_document(document)
    old = db.session.scalar(
        select(DocumentRevision).where(
            DocumentRevision.document_id == document.id, DocumentRevision.number == number
        )
    )
    if old is None:
        raise ServiceError(_("There is no such revision."))
    if number == document.revision_count:
        raise ServiceError(_("This is already the newest revision."))
    note = _("Restored revision %(number)s", number=number)
    revision = add_revision(
        document, actor, old.title, old.body, note, restored_from=number, files=list(old.files)
    )
    record(actor, "document.restore", document, label=document.title)
    return revision


def _move(document: Document, transition: str, actor, reason: str = "") -> None:
    """Lock the document, read its state again, move it and keep the step (for its latest
    revision). Raises ServiceError when the transition does not go from the state it is in."""
    lock_document(document)
    sources, target = TRANSITIONS[transition]
    if document.state not in sources:
        if document.state == target:
            raise ServiceError(_(ALREADY[target]))
        raise ServiceError(
            _(
                "A document that is %(state)s cannot be changed this way.",
                state=document.state.label,
            )
        )
    document.state = target
    db.session.add(
        DocumentStep(
            document_id=document.id,
            revision_number=document.revision_count,
            decision=DECISIONS[transition],
            actor_id=getattr(actor, "id", None),
            reason=reason,
        )
    )
    db.session.flush()
    record(actor, f"document.{transition}", document, label=document.title)


def submit_document(document: Document, *, actor) -> Document:
    """The owner (or the PMO) asks the PMO to review the latest revision."""
    ensure(can_edit_document(actor, document))
    _move(document, "submit", actor)
    if getattr(actor, "id", None) is None:
        return document  # the site itself (a seeder): nobody to tell
    for reviewer in active_people_with_role(Role.PMO):
        if reviewer.id != actor.id:
            notify(
                reviewer,
                "library.review",
                link=link_to("library.detail", document_id=document.id),
                name=actor.name,
                title=document.title,
            )
    return document


def _ensure_reviewer(actor) -> None:
    ensure(can_review_documents(actor), _("Only the PMO reviews and publishes documents."))


def approve_document(document: Document, *, actor) -> Document:
    """The PMO approves the latest revision (only that one: a later save needs a new review)."""
    _ensure_reviewer(actor)
    _move(document, "approve", actor)
    return document


def send_back_document(document: Document, *, actor, reason: str) -> Document:
    """The PMO sends the document back to draft, saying what to change (the owner is told)."""
    _ensure_reviewer(actor)
    reason = " ".join((reason or "").split())[:1000]
    if not reason:
        raise ServiceError(_("Say what should change."), field="reason")
    _move(document, "send_back", actor, reason)
    if document.owner is not None and document.owner_id != actor.id:
        notify(
            document.owner,
            "library.sent_back",
            link=link_to("library.detail", document_id=document.id),
            title=document.title,
            reason=reason,
        )
    return document


def publish_document(
    document: Document, *, actor, major: bool, release_notes: str = ""
) -> DocumentVersion:
    """The PMO publishes the approved revision as the next version: 1.0 first, then the next
    major (x+1.0) or minor (x.y+1) number. Readers see it at once; it is what search finds."""
    _ensure_reviewer(actor)
    _move(document, "publish", actor)
    last = db.session.execute(
        select(DocumentVersion.major, DocumentVersion.minor)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.major.desc(), DocumentVersion.minor.desc())
        .limit(1)
    ).first()
    if last is None:
        number = (1, 0)
    else:
        number = (last.major + 1, 0) if major else (last.major, last.minor + 1)
    revision = queries.revision(document)
    version = DocumentVersion(
        document_id=document.id,
        revision_id=revision.id,
        major=number[0],
        minor=number[1],
        release_notes=(release_notes or "").strip()[:5000],
        published_by_id=actor.id,
    )
    db.session.add(version)
    db.session.flush()
    document.published_version_id = version.id
    document.published_title = revision.title
    document.published_at = version.published_at
    db.session.flush()
    index_document(document, revision)
    _apply_source_lesson(document, actor, version)
    for person in {document.owner, document.author} - {None}:
        if person.id != actor.id:
            notify(
                person,
                "library.published",
                link=link_to("library.detail", document_id=document.id),
                title=revision.title,
                version=version.label,
            )
    return version


def _apply_source_lesson(document: Document, actor, version: DocumentVersion) -> None:
    """A lesson promoted into this document counts as applied once the document is published."""
    if document.source_lesson_id is None:
        return
    from ..lessons import services as lessons
    from ..lessons.models import Lesson

    lesson = db.session.get(Lesson, document.source_lesson_id)
    if lesson is not None and lesson.applied_at is None:
        name = f"{document.published_title} {version.label} (/library/{document.id})"
        lessons.mark_applied(lesson, actor=actor, document=name)


def promote_lesson(lesson, *, actor) -> Document:
    """The PMO turns a published lesson learned into a draft library document: its title, its
    recommendation and what happened, with the lesson's author credited and a link back; the
    author may read the draft. The lesson counts as applied once the document is published."""
    from ..lessons.models import LessonState

    ensure(can_manage_library(actor))
    if lesson.state != LessonState.PUBLISHED:
        raise ServiceError(_("Only a published lesson can go into the library."))
    author = lesson.author.name if lesson.author else _("a former member")
    link = link_to("lessons.detail", lesson_id=lesson.id)
    body = "\n\n".join(
        part
        for part in (
            f"## {_('Recommendation')}\n\n{lesson.recommendation}",
            f"## {_('What happened')}\n\n{lesson.what_happened}" if lesson.what_happened else "",
            _(
                "From the lesson learned [%(title)s](%(link)s) by %(name)s.",
                title=lesson.title,
                link=link,
                name=author,
            ),
        )
        if part
    )
    document = save_document(
        None,
        actor=actor,
        title=lesson.title,
        kind=DocumentKind.GUIDELINE,
        body=body,
        change_note=_("From a lesson learned"),
        tag_ids=[tag.id for tag in lesson.tags],
    )
    document.source_lesson_id = lesson.id
    document.author_id = lesson.author_id or document.author_id
    db.session.flush()
    return document


def retire_document(document: Document, *, actor, successor_id: int | None = None) -> Document:
    """The PMO retires the document; it stays readable and findable, with a banner pointing to
    its successor (a published document, not itself)."""
    _ensure_reviewer(actor)
    if successor_id:
        successor = db.session.get(Document, successor_id)
        if successor is None or successor.id == document.id or not successor.is_published:
            raise ServiceError(
                _("Choose a published document as the successor."), field="successor_id"
            )
        document.successor_id = successor.id
    _move(document, "retire", actor)
    return document


def index_document(document: Document, revision: DocumentRevision) -> None:
    """What search finds of a document: its published revision (and its tags)."""
    texts = [plain_text(revision.body_html), *(f.text for f in revision.files if f.text)]
    search.index(
        "document",
        document.id,
        title=revision.title,
        body="\n".join(texts),
        tag_ids=[tag.id for tag in document.tags],
        created_at=document.published_at,
    )


def count_view(document: Document, *, download: bool = False) -> None:
    """One more reading of the document, or with `download` one more download of a file or of
    a project document made from it (an UPDATE: two readers at once both count)."""
    column = Document.download_count if download else Document.view_count
    db.session.execute(
        update(Document)
        .where(Document.id == document.id)
        .values({column: func.coalesce(column, 0) + 1})
        .execution_options(synchronize_session=False)
    )

"""Readers' "was this useful?" on a document's published version: yes or no, and a comment
that becomes a follow-up item for the document's owner (told at once) until the owner or the
PMO marks it handled. One answer per reader and version: answering again changes it."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.audit.services import record, register_action
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import ensure

from .models import Document, DocumentFeedback
from .permissions import can_edit_document, can_read_document

register_action("document.feedback", N_("Library document feedback handled"))
register_kind("library.feedback", N_("%(name)s commented on “%(title)s”: %(comment)s"))


def give_document_feedback(
    document: Document, *, actor, is_useful: bool, comment: str = ""
) -> DocumentFeedback:
    ensure(can_read_document(actor, document))
    if document.published_version is None:
        raise ServiceError(_("Only a published document takes feedback."))
    comment = (comment or "").strip()[:2000]
    label = document.published_version.label
    feedback = db.session.scalar(
        select(DocumentFeedback).where(
            DocumentFeedback.document_id == document.id,
            DocumentFeedback.user_id == actor.id,
            DocumentFeedback.version_label == label,
        )
    )
    if feedback is None:
        feedback = DocumentFeedback(document_id=document.id, user_id=actor.id, version_label=label)
        db.session.add(feedback)
    told = comment and comment != feedback.comment
    feedback.is_useful, feedback.comment = bool(is_useful), comment
    feedback.handled_at = None if comment else feedback.handled_at
    db.session.flush()
    owner = document.owner
    if told and owner is not None and owner.id != actor.id and owner.is_active:
        notify(
            owner,
            "library.feedback",
            link=link_to("library.detail", document_id=document.id, _anchor="feedback"),
            name=actor.name,
            title=document.published_title,
            comment=comment[:200],
        )
    return feedback


def handle_document_feedback(feedback: DocumentFeedback, *, actor) -> DocumentFeedback:
    """The owner (or the PMO) marks a comment handled: it leaves their follow-up list."""
    document = db.session.get(Document, feedback.document_id)
    ensure(document is not None and can_edit_document(actor, document))
    if feedback.handled_at is None:
        feedback.handled_at, feedback.handled_by_id = utcnow(), actor.id
        db.session.flush()
        record(actor, "document.feedback", document, label=document.published_title)
    return feedback


def feedback_summary(document: Document) -> dict:
    """How many readers found the document useful or not (every version), and the open
    comments (follow-up items), oldest first."""
    counts = dict(
        db.session.execute(
            select(DocumentFeedback.is_useful, func.count())
            .where(DocumentFeedback.document_id == document.id)
            .group_by(DocumentFeedback.is_useful)
        ).all()
    )
    open_items = list(
        db.session.scalars(
            select(DocumentFeedback)
            .where(
                DocumentFeedback.document_id == document.id,
                DocumentFeedback.comment != "",
                DocumentFeedback.handled_at.is_(None),
            )
            .order_by(DocumentFeedback.created_at)
            .limit(50)
        )
    )
    return {"useful": counts.get(True, 0), "not_useful": counts.get(False, 0), "open": open_items}


def open_feedback_count() -> int:
    """Comments not handled yet over the whole library (the PMO's review figures)."""
    return db.session.scalar(
        select(func.count())
        .select_from(DocumentFeedback)
        .where(DocumentFeedback.comment != "", DocumentFeedback.handled_at.is_(None))
    )


def owns_documents(user) -> bool:
    """Whether the user owns a library document (their home page then lists its feedback)."""
    user_id = getattr(user, "id", None)
    if user_id is None:
        return False
    return (
        db.session.scalar(select(Document.id).where(Document.owner_id == user_id).limit(1))
        is not None
    )


def open_feedback_of(owner, limit: int = 5) -> list:
    """Comments to follow up on the owner's documents, oldest first: (document id, title,
    comment, when)."""
    return db.session.execute(
        select(
            Document.id,
            Document.published_title,
            DocumentFeedback.comment,
            DocumentFeedback.created_at,
        )
        .join(Document, Document.id == DocumentFeedback.document_id)
        .where(
            Document.owner_id == owner.id,
            DocumentFeedback.comment != "",
            DocumentFeedback.handled_at.is_(None),
        )
        .order_by(DocumentFeedback.created_at)
        .limit(limit)
    ).all()

"""Members' suggestions for the library: a new document or a change to one goes to the PMO's
review queue with a comment thread; the PMO accepts it (a new revision of the document, or a
new draft document the suggester may read) or declines it with a reason, and the suggester is
told either way. Deciding locks the suggestion's row: of two PMO users deciding at once, one
decides and the other is told it is already decided."""

from __future__ import annotations

from flask_babel import gettext as _

from lms.audit.services import record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import ensure
from lms.web.markdown import render_markdown

from .models import Document, DocumentState, Suggestion, SuggestionComment, SuggestionState
from .permissions import (
    can_comment_on_suggestion,
    can_read_document,
    can_review_documents,
    can_suggest_document,
)
from .services import BODY_MAX, add_revision, checked_title, lock_document

for _action, _label in {
    "suggestion.made": N_("Library suggestion made"),
    "suggestion.accept": N_("Library suggestion accepted"),
    "suggestion.decline": N_("Library suggestion declined"),
}.items():
    register_action(_action, _label)
register_kind("library.suggested", N_("%(name)s suggested a change to “%(title)s”."))
register_kind("library.accepted", N_("Your suggestion “%(title)s” was accepted."))
register_kind("library.declined", N_("Your suggestion “%(title)s” was declined: %(reason)s"))
register_kind("library.comment", N_("%(name)s commented on the suggestion “%(title)s”."))


def suggest(
    document: Document | None, *, actor, title: str, body: str, reason: str = ""
) -> Suggestion:
    """A member proposes a new document (`document` None) or a changed text for one they can
    read; the document's owner is told, and the suggestion waits in the PMO's queue."""
    ensure(can_suggest_document(actor))
    if document is not None:
        ensure(can_read_document(actor, document))
    title = checked_title(title)
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write the text you propose."), field="body")
    if len(body) > BODY_MAX:
        raise ServiceError(_("At most 100,000 characters."), field="body")
    suggestion = Suggestion(
        document_id=document.id if document else None,
        base_revision=document.revision_count if document else None,
        title=title,
        body=body,
        reason=(reason or "").strip()[:5000],
        author_id=actor.id,
    )
    db.session.add(suggestion)
    db.session.flush()
    if document is not None and document.owner is not None and document.owner_id != actor.id:
        notify(
            document.owner,
            "library.suggested",
            link=link_to("library_suggestions.detail", suggestion_id=suggestion.id),
            name=actor.name,
            title=document.title,
        )
    record(actor, "suggestion.made", suggestion, label=title)
    return suggestion


def comment_on_suggestion(suggestion: Suggestion, *, actor, body: str) -> SuggestionComment:
    ensure(can_comment_on_suggestion(actor, suggestion))
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write a comment."), field="body")
    if len(body) > 10_000:
        raise ServiceError(_("At most 10,000 characters."), field="body")
    comment = SuggestionComment(
        suggestion_id=suggestion.id, author_id=actor.id, body=body, body_html=render_markdown(body)
    )
    db.session.add(comment)
    db.session.flush()
    people = {suggestion.author} if suggestion.author_id != actor.id else set()
    for person in people - {None}:
        notify(
            person,
            "library.comment",
            link=link_to("library_suggestions.detail", suggestion_id=suggestion.id),
            name=actor.name,
            title=suggestion.title,
        )
    return comment


def _decide(suggestion: Suggestion, actor) -> None:
    ensure(can_review_documents(actor), _("Only the PMO decides on suggestions."))
    db.session.flush()
    db.session.refresh(suggestion, ["state"], with_for_update=True)
    if suggestion.state != SuggestionState.OPEN:
        raise ServiceError(_("Someone already decided on this suggestion."))
    suggestion.decided_by_id = actor.id


def accept_suggestion(suggestion: Suggestion, *, actor, note: str = "") -> Document:
    """The suggestion becomes the document's newest revision (back in draft, to be reviewed
    and published as usual), or a new draft document; the suggester is told."""
    _decide(suggestion, actor)
    document = suggestion.document
    change_note = _(
        "Suggested by %(name)s", name=suggestion.author.name if suggestion.author else "—"
    )
    if document is None:
        document = Document(
            title=suggestion.title,
            author_id=suggestion.author_id,
            owner_id=actor.id,
            state=DocumentState.DRAFT,
        )
        db.session.add(document)
        db.session.flush()
    else:
        lock_document(document)
    revision = add_revision(document, actor, suggestion.title, suggestion.body, change_note)
    suggestion.state = SuggestionState.ACCEPTED
    suggestion.document_id = document.id
    suggestion.revision_number = revision.number
    suggestion.decision_note = (note or "").strip()[:2000]
    db.session.flush()
    _tell(suggestion, "library.accepted")
    record(actor, "suggestion.accept", suggestion, label=suggestion.title)
    return document


def decline_suggestion(suggestion: Suggestion, *, actor, note: str) -> Suggestion:
    """The PMO declines, saying why (the suggester is told)."""
    _decide(suggestion, actor)
    note = " ".join((note or "").split())[:2000]
    if not note:
        raise ServiceError(_("Say why the suggestion is declined."), field="note")
    suggestion.state = SuggestionState.DECLINED
    suggestion.decision_note = note
    db.session.flush()
    _tell(suggestion, "library.declined", reason=note)
    record(actor, "suggestion.decline", suggestion, label=suggestion.title)
    return suggestion


def _tell(suggestion: Suggestion, kind: str, **params) -> None:
    if suggestion.author is not None and suggestion.author.is_active:
        notify(
            suggestion.author,
            kind,
            link=link_to("library_suggestions.detail", suggestion_id=suggestion.id),
            title=suggestion.title,
            **params,
        )

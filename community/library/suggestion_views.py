"""Suggestion pages: a member proposes a new document or a change (?document=<id>), the
suggestion's page with its comment thread, the PMO's accept and decline, my suggestions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.i18n import gettext as _
from lms.permissions import require
from lms.web.forms import flash_errors, save_form

from . import queries, suggestions
from .diff import revision_diff
from .forms import CommentForm, DecisionForm, SuggestionForm
from .permissions import can_read_library, can_review_documents, can_suggest_document

bp = Blueprint("library_suggestions", __name__, url_prefix="/library/suggestions")


@bp.before_request
@login_required
def _signed_in() -> None:
    require(can_read_library(current_user))


@bp.route("/new", methods=["GET", "POST"])
def new():
    require(can_suggest_document(current_user))
    document_id = request.args.get("document", type=int)
    document = queries.get_document_or_404(document_id, current_user) if document_id else None
    form = SuggestionForm()
    if request.method == "GET" and document is not None:
        shown = queries.published_revision(document) or queries.revision(document)
        form.title.data, form.body.data = shown.title, shown.body
    saved, result = save_form(
        form,
        lambda: suggestions.suggest(
            document,
            actor=current_user,
            title=form.title.data,
            body=form.body.data,
            reason=form.reason.data,
        ),
    )
    if saved:
        flash(_("Thank you: the PMO will review your suggestion."), "success")
        return redirect(url_for("library_suggestions.detail", suggestion_id=result.id))
    status = 422 if form.errors else 200
    return render_template(
        "community/library/suggestion_form.html", form=form, document=document
    ), status


@bp.route("/mine")
def mine():
    return render_template(
        "community/library/suggestions_mine.html", suggestions=queries.suggestions_of(current_user)
    )


@bp.route("/<int:suggestion_id>")
def detail(suggestion_id: int, comment_form: CommentForm | None = None):
    suggestion = queries.get_suggestion_or_404(suggestion_id, current_user)
    base = None
    if suggestion.document is not None and suggestion.base_revision:
        base = queries.revision(suggestion.document, suggestion.base_revision)
    rows = revision_diff(base, suggestion) if base else []
    return render_template(
        "community/library/suggestion.html",
        suggestion=suggestion,
        rows=rows,
        comment_form=comment_form or CommentForm(formdata=None),
        decision_form=DecisionForm(formdata=None),
        may_decide=can_review_documents(current_user),
    )


@bp.route("/<int:suggestion_id>/comment", methods=["POST"])
def comment(suggestion_id: int):
    suggestion = queries.get_suggestion_or_404(suggestion_id, current_user)
    form = CommentForm()
    saved, _result = save_form(
        form,
        lambda: suggestions.comment_on_suggestion(
            suggestion, actor=current_user, body=form.body.data
        ),
    )
    if saved:
        return redirect(
            url_for("library_suggestions.detail", suggestion_id=suggestion.id, _anchor="comments")
        )
    return detail(suggestion_id, comment_form=form), 422


def _decide(suggestion_id: int, service, message: str):
    """The PMO's decision: (the suggestion, what the service returned, or None if refused)."""
    require(can_review_documents(current_user))
    suggestion = queries.get_suggestion_or_404(suggestion_id, current_user)
    form = DecisionForm()
    saved, result = save_form(
        form, lambda: service(suggestion, actor=current_user, note=form.note.data)
    )
    if saved:
        flash(message, "success")
    else:
        flash_errors(form)
    return suggestion, result


@bp.route("/<int:suggestion_id>/accept", methods=["POST"])
def accept(suggestion_id: int):
    suggestion, document = _decide(
        suggestion_id, suggestions.accept_suggestion, _("Accepted as a new revision.")
    )
    if document is None:
        return redirect(url_for("library_suggestions.detail", suggestion_id=suggestion.id))
    return redirect(
        url_for("library.detail", document_id=document.id, revision=document.revision_count)
    )


@bp.route("/<int:suggestion_id>/decline", methods=["POST"])
def decline(suggestion_id: int):
    suggestion, _result = _decide(
        suggestion_id, suggestions.decline_suggestion, _("Suggestion declined.")
    )
    return redirect(url_for("library_suggestions.detail", suggestion_id=suggestion.id))

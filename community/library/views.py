"""Methodology library pages: browsing and searching, a document (its published version, or
for its writers the draft), the editor, the history with diffs and restore, what changed since
a version, the workflow buttons and the PMO's review queue."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from competencies.framework.queries import competency_areas_in_use
from lms.clock import site_today
from lms.db import committing
from lms.i18n import gettext as _
from lms.permissions import require
from lms.search import queries as search_queries
from lms.web.forms import ConfirmForm, flash_errors, run_action, save_form
from lms.web.pagination import paginate

from ..tags import queries as tag_queries
from . import feedback as library_feedback
from . import queries, reading, services
from .diff import changed_lines, revision_diff
from .forms import (
    DocumentForm,
    FeedbackForm,
    PublishForm,
    RetireForm,
    SendBackForm,
)
from .models import DocumentKind
from .permissions import (
    can_edit_document,
    can_manage_library,
    can_read_drafts_of,
    can_read_library,
    can_review_documents,
    can_suggest_document,
)

bp = Blueprint("library", __name__, url_prefix="/library")


@bp.before_request
@login_required
def _signed_in() -> None:
    require(can_read_library(current_user))


def _filters() -> queries.DocumentFilters:
    by_slug = {tag.slug: tag for tag in tag_queries.all_tags()}
    try:
        kind = DocumentKind(request.args.get("kind", ""))
    except ValueError:
        kind = None
    return queries.DocumentFilters(
        kind=kind,
        tag=by_slug.get(request.args.get("tag", "")),
        competency_id=request.args.get("competency", type=int),
    )


@bp.route("/")
def index():
    chosen = _filters()
    typed = request.args.get("q", "")[:200].strip()
    number = request.args.get("page", 1, type=int)
    found = {}
    if typed:
        page = search_queries.search(typed, search_queries.Filters(kind="document"), number, 20)
        found = queries.by_ids([hit.object_id for hit in page.items])
    else:
        page = queries.published_page(chosen, number)
    return render_template(
        "community/library/index.html",
        page=page,
        found=found,
        q=typed,
        chosen=chosen,
        kinds=list(DocumentKind),
        grouped=tag_queries.grouped(),
        areas=competency_areas_in_use(),
        today=site_today(),
        may_write=can_manage_library(current_user),
        may_suggest=can_suggest_document(current_user),
    )


@bp.route("/drafts")
def drafts():
    return render_template(
        "community/library/drafts.html",
        page=paginate(queries.drafts_visible_to(current_user), per_page=queries.PER_PAGE),
    )


def _document_fields(form: DocumentForm) -> dict:
    return {
        "title": form.title.data,
        "kind": form.kind.data,
        "body": form.body.data,
        "change_note": form.change_note.data,
        "review_by": form.review_by.data,
        "owner_email": form.owner_email.data,
        "tag_ids": form.tag_ids.data,
        "competency_ids": form.competency_ids.data,
        "attachments": request.files.getlist(form.attachments.name),
        "remove_file_ids": form.remove_file_ids.data,
    }


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
def edit(document_id: int | None = None):
    """The editor. A save made on an older revision than the latest is refused and the text
    typed stays in the form; saving again then makes it the newest revision."""
    document = queries.get_document_or_404(document_id, current_user) if document_id else None
    require(
        can_edit_document(current_user, document) if document else can_manage_library(current_user)
    )
    form = DocumentForm(formdata=request.form if request.method == "POST" else None)
    latest = queries.revision(document) if document is not None else None
    form.remove_file_ids.choices = [(f.id, f.file_name) for f in (latest.files if latest else [])]
    if request.method == "GET" and document is not None:
        _fill(form, document, latest)
    saved, result = save_form(
        form,
        lambda: services.save_document(
            document,
            actor=current_user,
            base_revision=form.base_revision.data,
            **_document_fields(form),
        ),
    )
    if saved:
        flash(_("Document saved."), "success")
        return redirect(url_for("library.detail", document_id=result.id))
    if document is not None and form.base_revision.data != document.revision_count:
        # told of the newer revision, saving again is deliberate: it then goes through
        form.base_revision.raw_data, form.base_revision.data = [], document.revision_count
    status = 422 if form.errors or form.form_errors else 200
    return render_template("community/library/form.html", form=form, document=document), status


def _fill(form: DocumentForm, document, latest) -> None:
    form.title.data = document.title
    form.kind.data = str(document.kind)
    form.body.data = latest.body if latest else ""
    form.review_by.data = document.review_by
    form.owner_email.data = document.owner.email if document.owner else ""
    form.tag_ids.data = [tag.id for tag in document.tags]
    form.competency_ids.data = queries.competency_ids_of(document)
    form.base_revision.data = document.revision_count


@bp.route("/<int:document_id>")
def detail(document_id: int):
    """Readers see the published version; the document's writers may ask for any revision
    (?revision=n) and see the draft of one never published."""
    document = queries.get_document_or_404(document_id, current_user)
    writer = can_read_drafts_of(current_user, document)
    asked = request.args.get("revision", type=int) if writer else None
    if asked is not None:
        shown = queries.get_revision_or_404(document, asked)
    else:
        shown = queries.published_revision(document) or (
            queries.revision(document) if writer else None
        )
    _count_view(document)
    may_review = can_review_documents(current_user)
    read = reading.read_majors(current_user, document) if document.is_published else set()
    return render_template(
        "community/library/detail.html",
        document=document,
        shown=shown,
        writer=writer,
        versions=queries.versions(document),
        steps=queries.steps(document) if writer else [],
        form=ConfirmForm(),
        send_back_form=SendBackForm(formdata=None) if may_review else None,
        publish_form=PublishForm(formdata=None) if may_review else None,
        today=site_today(),
        may_review=may_review,
        read=read,
        feedback_form=FeedbackForm(formdata=None) if document.is_published else None,
        feedback=library_feedback.feedback_summary(document) if writer else None,
    )


SEEN = 50  # documents a session remembers having counted


def _count_view(document) -> None:
    """One view per reader's session and document (reloading a page is no new reader): the
    session remembers the last SEEN documents it counted."""
    seen = session.get("library_seen", [])
    if document.id in seen:
        return
    with committing():
        services.count_view(document)
    session["library_seen"] = [*seen[-(SEEN - 1) :], document.id]


def _retire_form(document) -> RetireForm:
    form = RetireForm(formdata=None)  # shown, not posted: the POST builds its own
    form.successor_id.choices = [(0, _("No successor"))] + queries.published_choices(document.id)
    return form


@bp.route("/<int:document_id>/history")
def history(document_id: int):
    document = queries.get_document_or_404(document_id, current_user)
    require(can_read_drafts_of(current_user, document))
    return render_template(
        "community/library/history.html",
        document=document,
        revisions=queries.history(document),
        form=ConfirmForm(),
        may_edit=can_edit_document(current_user, document),
    )


@bp.route("/<int:document_id>/diff")
def diff(document_id: int):
    """Two revisions compared (?old=a&new=b; by default the latest against the one before)."""
    document = queries.get_document_or_404(document_id, current_user)
    require(can_read_drafts_of(current_user, document))
    new_number = request.args.get("new", document.revision_count, type=int)
    old_number = request.args.get("old", max(new_number - 1, 1), type=int)
    old = queries.get_revision_or_404(document, old_number)
    new = queries.get_revision_or_404(document, new_number)
    return _compare(document, old, new, None)


@bp.route("/<int:document_id>/changes")
def changes(document_id: int):
    """What changed in the published version since an older version (?since=1.0), for a
    reader who used that one."""
    document = queries.get_document_or_404(document_id, current_user)
    versions = queries.versions(document)
    require(bool(versions), hide=True)
    since = next((v for v in versions if v.label == request.args.get("since")), versions[-1])
    return _compare(document, since.revision, queries.published_revision(document), since)


def _compare(document, old, new, since):
    rows = revision_diff(old, new)
    return render_template(
        "community/library/diff.html",
        document=document,
        old=old,
        new=new,
        since=since,
        rows=rows,
        changed=changed_lines(rows),
        versions=queries.versions(document),
    )


@bp.route("/<int:document_id>/restore/<int:number>", methods=["POST"])
def restore(document_id: int, number: int):
    document = queries.get_document_or_404(document_id, current_user)
    require(can_edit_document(current_user, document))
    run_action(
        lambda target, actor: services.restore_document_revision(target, number, actor=actor),
        document,
        _("Revision %(number)s restored as the newest revision.", number=number),
    )
    return redirect(
        url_for("library.detail", document_id=document.id, revision=document.revision_count)
    )


def _transition(document_id: int, allowed, service, message: str):
    document = queries.get_document_or_404(document_id, current_user)
    require(allowed(document))
    run_action(service, document, message)
    return redirect(url_for("library.detail", document_id=document.id))


@bp.route("/<int:document_id>/submit", methods=["POST"])
def submit(document_id: int):
    return _transition(
        document_id,
        lambda d: can_edit_document(current_user, d),
        services.submit_document,
        _("Sent to the PMO for review."),
    )


@bp.route("/<int:document_id>/approve", methods=["POST"])
def approve(document_id: int):
    return _transition(
        document_id,
        lambda d: can_review_documents(current_user),
        services.approve_document,
        _("Revision approved."),
    )


@bp.route("/<int:document_id>/send-back", methods=["POST"])
def send_back(document_id: int):
    return _with_form(
        document_id,
        SendBackForm,
        lambda d, f: services.send_back_document(d, actor=current_user, reason=f.reason.data),
        _("Sent back to draft."),
    )


@bp.route("/<int:document_id>/publish", methods=["POST"])
def publish(document_id: int):
    return _with_form(
        document_id,
        PublishForm,
        lambda d, f: services.publish_document(
            d, actor=current_user, major=f.level.data == "major", release_notes=f.release_notes.data
        ),
        _("Published."),
    )


@bp.route("/<int:document_id>/retire", methods=["GET", "POST"])
def retire(document_id: int):
    """The PMO retires the document, naming its successor (chosen on a page of its own: the
    list of published documents is long)."""
    if request.method == "GET":
        require(can_review_documents(current_user))
        document = queries.get_document_or_404(document_id, current_user)
        return render_template(
            "community/library/choose.html",
            document=document,
            form=_retire_form(document),
            heading=_("Retire “%(title)s”", title=document.title),
            lead=_("Readers see it as retired, pointing to its successor; it stays in search."),
            action=url_for("library.retire", document_id=document.id),
            danger=True,
        )
    return _with_form(
        document_id,
        RetireForm,
        lambda d, f: services.retire_document(
            d, actor=current_user, successor_id=f.successor_id.data
        ),
        _("Retired."),
        prepare=lambda d, f: setattr(f.successor_id, "choices", queries.published_choices(d.id)),
    )


def _with_form(document_id: int, form_class, service, message: str, prepare=None):
    """The PMO's decisions that take a form (a reason, a version level, a successor)."""
    require(can_review_documents(current_user))
    document = queries.get_document_or_404(document_id, current_user)
    form = form_class()
    if prepare is not None:
        prepare(document, form)
    saved, _result = save_form(form, lambda: service(document, form))
    if saved:
        flash(message, "success")
    else:
        flash_errors(form)
    return redirect(url_for("library.detail", document_id=document.id))


@bp.route("/review")
def review():
    """The PMO's queue: documents to review or publish, members' suggestions, documents past
    their review date."""
    require(can_review_documents(current_user))
    return render_template(
        "community/library/review.html",
        documents=paginate(queries.review_queue(), per_page=queries.PER_PAGE),
        suggestions=queries.open_suggestions(),
        overdue=queries.past_review_items(site_today()),
    )

"""Using the library's documents: starting a project document from a template, saying you read
a document, putting it on your development plan, "was this useful?" and its follow-up, the
PMO's lesson-to-document promotion and course materials."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from competencies.framework.queries import competency_names_by_id
from competencies.plans.permissions import can_edit_plan, can_plan_own_development
from competencies.plans.queries import current_plan_of
from lms.db import committing
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import gettext as _
from lms.permissions import require
from lms.training.models import Course
from lms.web.downloads import as_attachment
from lms.web.forms import flash_errors, run_action, save_form

from ..lessons.queries import get_lesson_or_404
from . import feedback as library_feedback
from . import generate, queries, reading, services
from .forms import CourseMaterialForm, FeedbackForm, PlanGoalForm, StartForm
from .models import DocumentFeedback, DocumentKind
from .permissions import (
    can_edit_document,
    can_manage_library,
    can_read_library,
    can_review_documents,
)

bp = Blueprint("library_use", __name__, url_prefix="/library")


@bp.before_request
@login_required
def _signed_in() -> None:
    require(can_read_library(current_user))


@bp.route("/<int:document_id>/read", methods=["POST"])
def read(document_id: int):
    """The reader says they read the published version (their plan's "read" activity is done)."""
    document = queries.get_document_or_404(document_id, current_user)
    run_action(
        reading.acknowledge_reading,
        document,
        lambda new: (
            _("Noted: you read version %(version)s.", version=document.published_version.label)
            if new
            else None
        ),
    )
    return redirect(url_for("library.detail", document_id=document.id))


@bp.route("/<int:document_id>/plan", methods=["GET", "POST"])
def plan(document_id: int):
    """Put the document on the reader's development plan, under the goal they choose."""
    document = queries.get_document_or_404(document_id, current_user)
    require(document.is_published and can_plan_own_development(current_user))
    current = current_plan_of(current_user)
    goals = (
        list(current.goals) if current is not None and can_edit_plan(current_user, current) else []
    )
    form = PlanGoalForm()
    names = competency_names_by_id([g.competency_id for g in goals])
    form.goal_id.choices = [(g.id, names.get(g.competency_id, "?")) for g in goals]
    chosen = next((g for g in goals if g.id == form.goal_id.data), None)
    saved, _result = save_form(
        form, lambda: reading.add_to_plan(document, chosen, actor=current_user) if chosen else None
    )
    if saved and chosen is not None:
        flash(_("Added to your development plan."), "success")
        return redirect(url_for("plans.detail", plan_id=current.id))
    return render_template(
        "community/library/plan.html", document=document, form=form, plan=current, goals=goals
    ), 422 if form.errors else 200


@bp.route("/<int:document_id>/start", methods=["GET", "POST"])
def start(document_id: int):
    """Start a project document from a published template: a short form, then a download."""
    document = queries.get_document_or_404(document_id, current_user)
    require(document.kind == DocumentKind.TEMPLATE and document.is_published, hide=True)
    form = StartForm()
    if request.method == "GET":
        form.project_manager.data = current_user.name
        form.department.data = current_user.department.name if current_user.department else ""
    if form.validate_on_submit():
        try:
            made = generate.start_from_template(
                document, actor=current_user, fields=form.data, file_format=form.file_format.data
            )
        except ServiceError as refused:
            form.form_errors.append(refused.message)
        else:
            with committing():
                services.count_view(document, download=True)
            return _sent(made)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("community/library/start.html", document=document, form=form), status


def _sent(made):
    response = make_response(made.data)
    response.headers["Content-Type"] = made.content_type
    as_attachment(response, made.file_name)
    return response


@bp.route("/<int:document_id>/feedback", methods=["POST"])
def feedback(document_id: int):
    document = queries.get_document_or_404(document_id, current_user)
    form = FeedbackForm()
    saved, _result = save_form(
        form,
        lambda: library_feedback.give_document_feedback(
            document,
            actor=current_user,
            is_useful=form.is_useful.data == "yes",
            comment=form.comment.data,
        ),
    )
    if saved:
        flash(_("Thank you for your feedback."), "success")
    else:
        flash_errors(form)
    return redirect(url_for("library.detail", document_id=document.id, _anchor="feedback"))


@bp.route("/feedback/<int:feedback_id>/handled", methods=["POST"])
def feedback_handled(feedback_id: int):
    item = db.session.get(DocumentFeedback, feedback_id) or abort(404)
    document = queries.get_document_or_404(item.document_id, current_user)
    require(can_edit_document(current_user, document))
    run_action(library_feedback.handle_document_feedback, item, _("Marked as handled."))
    return redirect(url_for("library.detail", document_id=document.id, _anchor="feedback"))


@bp.route("/from-lesson/<int:lesson_id>", methods=["POST"])
def from_lesson(lesson_id: int):
    """The PMO promotes a published lesson learned into a draft document, then edits it."""
    require(can_manage_library(current_user))
    lesson = get_lesson_or_404(lesson_id, current_user)
    made = run_action(
        services.promote_lesson, lesson, _("A draft document was made from the lesson.")
    )
    if made is None:
        return redirect(url_for("lessons.detail", lesson_id=lesson.id))
    return redirect(url_for("library.edit", document_id=made.id))


@bp.route("/<int:document_id>/material", methods=["GET", "POST"])
def material(document_id: int):
    """The PMO lists the published document among a course's materials (the course chosen on
    a page of its own)."""
    require(can_review_documents(current_user))
    document = queries.get_document_or_404(document_id, current_user)
    require(document.is_published, hide=True)
    form = material_form()
    if request.method == "GET":
        return render_template(
            "community/library/choose.html",
            document=document,
            form=form,
            heading=_("List “%(title)s” as course material", title=document.published_title),
            lead=_(
                "The course page links to the document, which always shows its published version."
            ),
            action=url_for("library_use.material", document_id=document.id),
            danger=False,
        )
    course = db.session.get(Course, form.course_id.data) if form.validate_on_submit() else None
    if course is None:
        flash_errors(form)
        return redirect(url_for("library.detail", document_id=document.id))
    run_action(
        lambda target, actor: reading.add_course_material(target, course, actor=actor),
        document,
        lambda added: _("Listed in “%(course)s”.", course=course.name) if added else None,
    )
    return redirect(url_for("library.detail", document_id=document.id))


def material_form(**options) -> CourseMaterialForm:
    form = CourseMaterialForm(**options)
    courses = db.session.scalars(select(Course).order_by(Course.idnumber).limit(500))
    form.course_id.choices = [(c.id, f"{c.idnumber} · {c.name}") for c in courses]
    return form

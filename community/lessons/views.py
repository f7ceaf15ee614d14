"""Lessons learned pages: the published list (filters and search), my lessons, the PMO's
validation queue, a lesson with its follow-ups and history, the lesson form, the workflow
buttons and the follow-up actions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.clock import site_today
from lms.errors import wants_fragment
from lms.i18n import gettext as _
from lms.permissions import require
from lms.web.forms import ConfirmForm, flash_errors, run_action, save_form
from lms.web.pagination import paginate

from ..club.permissions import can_see_club
from ..tags import queries as tag_queries
from ..tags.models import TagGroup
from . import queries, services
from .forms import AppliedForm, FollowUpForm, FollowUpStatusForm, LessonForm, ReturnForm
from .models import TEXTS
from .permissions import (
    can_add_follow_up,
    can_edit_lesson,
    can_log_lesson,
    can_review_lessons,
    can_submit_lesson,
    can_update_follow_up,
)

bp = Blueprint("lessons", __name__, url_prefix="/club/lessons")


@bp.before_request
@login_required
def _signed_in() -> None:
    require(can_see_club(current_user))


def _filters(grouped) -> queries.LessonFilters:
    by_slug = {t.slug: t for _group, tags in grouped for t in tags}

    def pick(name: str, group: TagGroup | None = None):
        tag = by_slug.get(request.args.get(name, ""))
        return tag if tag is not None and (group is None or tag.group == group) else None

    kind = request.args.get("kind", "")
    return queries.LessonFilters(
        phase=pick("phase", TagGroup.PHASE),
        area=pick("area", TagGroup.AREA),
        tag=pick("tag"),
        positive={"positive": True, "negative": False}.get(kind),
        project=request.args.get("project", "")[:100].strip(),
    )


@bp.route("/")
def index():
    grouped = tag_queries.grouped()
    chosen = _filters(grouped)
    typed = request.args.get("q", "")[:200].strip()
    number = request.args.get("page", 1, type=int)
    if typed:
        page, found = queries.found_page(typed, chosen, number)
    else:
        page, found = queries.published_page(chosen, number), {}
    return render_template(
        "community/lessons/index.html",
        page=page,
        found=found,
        q=typed,
        grouped=grouped,
        chosen=chosen,
        kind=request.args.get("kind", ""),
        may_log=can_log_lesson(current_user),
    )


@bp.route("/mine")
def mine():
    return render_template(
        "community/lessons/mine.html",
        page=paginate(queries.mine(current_user), per_page=queries.PER_PAGE),
        may_log=can_log_lesson(current_user),
    )


@bp.route("/queue")
def queue():
    require(can_review_lessons(current_user))
    return render_template(
        "community/lessons/queue.html",
        page=paginate(queries.waiting(), per_page=queries.PER_PAGE),
    )


def _lesson_fields(form: LessonForm) -> dict:
    return {
        "title": form.title.data,
        "project": form.project.data,
        "phase_id": form.phase_id.data,
        "area_id": form.area_id.data,
        "is_positive": form.is_positive.data == "yes",
        "impact": form.impact.data,
        "is_known_risk": form.is_known_risk.data,
        "tag_ids": form.tag_ids.data,
        **{name: form[name].data for name in TEXTS},
    }


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:lesson_id>/edit", methods=["GET", "POST"])
def edit(lesson_id: int | None = None):
    lesson = queries.get_lesson_or_404(lesson_id, current_user) if lesson_id else None
    require(can_edit_lesson(current_user, lesson) if lesson else can_log_lesson(current_user))
    form = LessonForm(obj=lesson if request.method == "GET" else None)
    if request.method == "GET" and lesson is not None:
        form.is_positive.data = "yes" if lesson.is_positive else "no"
        form.tag_ids.data = [t.id for t in lesson.tags]
    saved, result = save_form(
        form,
        lambda: services.save_lesson(lesson, actor=current_user, **_lesson_fields(form)),
        version_of=lesson,
    )
    if saved:
        return redirect(url_for("lessons.detail", lesson_id=result.id))
    status = 422 if form.errors else 200
    return render_template("community/lessons/form.html", form=form, lesson=lesson), status


@bp.route("/<int:lesson_id>")
def detail(lesson_id: int, follow_up_form: FollowUpForm | None = None):
    """The lesson's page; asked by the owner picker as it is typed (htmx), only the people it
    offers."""
    lesson = queries.get_lesson_or_404(lesson_id, current_user)
    follow_up_form = follow_up_form or FollowUpForm(formdata=None)
    people = _owner_choices(lesson, follow_up_form)
    if wants_fragment() and "owner_email" in request.args:
        return render_template("community/lessons/_owner_choices.html", people=people)
    return render_template(
        "community/lessons/detail.html",
        lesson=lesson,
        form=ConfirmForm(),
        return_form=ReturnForm(formdata=None),
        applied_form=AppliedForm(formdata=None),
        follow_up_form=follow_up_form,
        people=people,
        status_form=FollowUpStatusForm(formdata=None),
        may_update=queries.may_update(current_user, lesson.follow_ups),
        today=site_today(),
    )


def _owner_choices(lesson, form: FollowUpForm) -> list:
    """The people the follow-up form's owner picker offers: those matching what is typed (as
    it is typed, or a name just refused), else the lesson's own; none for a reader who adds no
    follow-ups."""
    if not can_add_follow_up(current_user, lesson):
        return []
    form.look_up_at(url_for("lessons.detail", lesson_id=lesson.id))
    typed = request.args.get("owner_email") or form.owner_email.data or ""
    return queries.owner_choices(lesson, current_user, typed)


def _transition(lesson, service, message: str):
    run_action(service, lesson, message)
    return redirect(url_for("lessons.detail", lesson_id=lesson.id))


@bp.route("/<int:lesson_id>/submit", methods=["POST"])
def submit(lesson_id: int):
    lesson = queries.get_lesson_or_404(lesson_id, current_user)
    require(can_submit_lesson(current_user, lesson))
    return _transition(lesson, services.submit_lesson, _("Lesson sent to the PMO."))


@bp.route("/<int:lesson_id>/validate", methods=["POST"])
def validate(lesson_id: int):
    require(can_review_lessons(current_user))
    lesson = queries.get_lesson_or_404(lesson_id, current_user)
    return _transition(lesson, services.validate_lesson, _("Lesson validated."))


@bp.route("/<int:lesson_id>/publish", methods=["POST"])
def publish(lesson_id: int):
    require(can_review_lessons(current_user))
    lesson = queries.get_lesson_or_404(lesson_id, current_user)
    return _transition(lesson, services.publish_lesson, _("Lesson published in the club."))


@bp.route("/<int:lesson_id>/unpublish", methods=["POST"])
def unpublish(lesson_id: int):
    require(can_review_lessons(current_user))
    lesson = queries.get_lesson_or_404(lesson_id, current_user)
    return _transition(lesson, services.unpublish_lesson, _("Lesson taken back."))


def _review_with_text(lesson_id: int, form_class, service, field: str, message: str):
    """The PMO's actions that take a text (return with a reason, link to the methodology):
    load the lesson, check, run `service(lesson, actor=..., <field>=the text)`, flash, back
    to the lesson; a refusal of the field is flashed there."""
    require(can_review_lessons(current_user))
    lesson = queries.get_lesson_or_404(lesson_id, current_user)
    form = form_class()
    saved, _result = save_form(
        form, lambda: service(lesson, actor=current_user, **{field: form[field].data})
    )
    if saved:
        flash(message, "success")
    else:
        flash_errors(form)
    return redirect(url_for("lessons.detail", lesson_id=lesson.id))


@bp.route("/<int:lesson_id>/return", methods=["POST"])
def send_back(lesson_id: int):
    return _review_with_text(
        lesson_id, ReturnForm, services.return_lesson, "reason", _("Lesson returned to its author.")
    )


@bp.route("/<int:lesson_id>/applied", methods=["POST"])
def applied(lesson_id: int):
    return _review_with_text(
        lesson_id,
        AppliedForm,
        services.mark_applied,
        "document",
        _("Lesson linked to the methodology."),
    )


@bp.route("/<int:lesson_id>/follow-ups", methods=["POST"])
def add_follow_up(lesson_id: int):
    lesson = queries.get_lesson_or_404(lesson_id, current_user)
    require(can_add_follow_up(current_user, lesson))
    form = FollowUpForm()
    saved, _result = save_form(
        form,
        lambda: services.add_follow_up(
            lesson,
            actor=current_user,
            title=form.title.data,
            owner=form.owner_email.data,
            due_on=form.due_on.data,
        ),
    )
    if saved:
        flash(_("Action added."), "success")
        return redirect(url_for("lessons.detail", lesson_id=lesson.id, _anchor="follow-ups"))
    return detail(lesson_id, follow_up_form=form), 422


@bp.route("/follow-ups/<int:follow_up_id>/status", methods=["POST"])
def follow_up_status(follow_up_id: int):
    follow_up = queries.get_follow_up_or_404(follow_up_id, current_user)
    require(can_update_follow_up(current_user, follow_up))
    form = FollowUpStatusForm()
    saved, _result = save_form(
        form,
        lambda: services.set_follow_up_status(
            follow_up, actor=current_user, status=form.status.data
        ),
    )
    if saved:
        flash(_("Action updated."), "success")
    else:
        flash_errors(form)
    return redirect(url_for("lessons.detail", lesson_id=follow_up.lesson_id, _anchor="follow-ups"))

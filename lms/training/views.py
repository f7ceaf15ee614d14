"""Catalogue pages: search and filter courses (everyone), a course with its classes, and the
PMO's course and room editors."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ..i18n import gettext as _
from ..i18n import localized
from ..permissions import require
from ..web.forms import CachedChoices, fill_texts, form_texts, save_form
from . import class_lists, queries
from .courses import save_course, save_room
from .forms import CourseForm, RoomForm
from .labels import MODES
from .models import Course, DeliveryMode
from .permissions import can_manage_training
from .registry import area_of, competency_areas, competency_levels, competency_names

bp = Blueprint("training", __name__)


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


def _page() -> int:
    return request.args.get("page", 1, type=int)


def _filters() -> queries.CatalogueFilters:
    competency_id = request.args.get("competency", type=int)
    area = area_of(request.args.get("area", type=int))
    mode = request.args.get("mode", "")
    if competency_id:
        ids = (competency_id,)
    else:
        ids = tuple(cid for cid, _name in area.competencies) if area else ()
    return queries.CatalogueFilters(
        search=request.args.get("q", "")[:100],
        competency_ids=ids,
        mode=DeliveryMode(mode) if mode in set(DeliveryMode) else None,
        show_retired=can_manage_training(current_user) and request.args.get("retired") == "1",
        competency_id=competency_id,
        area_id=area.id if area else None,
    )


@bp.route("/courses/")
def catalogue():
    filters = _filters()
    page = queries.catalogue(filters, _page(), current_app.config["PER_PAGE"])
    ids = {c.competency_id for course in page.items for c in course.competencies}
    return render_template(
        "training/catalogue.html",
        page=page,
        filters=filters,
        areas=competency_areas(),
        modes=MODES,
        names=competency_names(ids),
        next_classes=queries.next_classes([course.id for course in page.items]),
    )


@bp.route("/courses/<int:course_id>")
def course(course_id: int):
    found = queries.get_course_or_404(course_id, current_user)
    facts = queries.course_facts(course_id)
    all_states = request.args.get("all") == "1"
    classes = class_lists.classes_of_course(
        found, _page(), current_app.config["PER_PAGE"], all_states=all_states
    )
    return render_template(
        "training/course.html",
        course=found,
        facts=facts,
        classes=classes,
        all_states=all_states,
        seats=queries.seats_of([c.class_id for c in classes.items]),
        trainers=class_lists.trainer_names([c.class_id for c in classes.items]),
        names=competency_names(c.competency_id for c in facts.competencies),
        levels=dict(competency_levels()),
        modes=MODES,
    )


@bp.route("/courses/new", methods=["GET", "POST"])
@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
def edit_course(course_id: int | None = None):
    require(can_manage_training(current_user))
    found = queries.get_course_or_404(course_id, current_user) if course_id else None
    form = CourseForm()
    if request.method == "GET":
        _fill_course(form, found)
    _course_choices(form, found)
    saved, result = save_form(form, lambda: _save_course(form, found), version_of=found)
    if saved:
        flash(_("Course saved."), "success")
        return redirect(url_for("training.course", course_id=result.id))
    return render_template(
        "training/course_form.html", form=form, course=found
    ), 422 if form.errors else 200


def _fill_course(form: CourseForm, course: Course | None) -> None:
    if course is not None:
        form.version.data = course.version
        form.idnumber.data, form.mode.data = course.idnumber, str(course.mode)
        fill_texts(form, "name", course.names)
        fill_texts(form, "description", course.descriptions)
        form.duration_hours.data = course.duration_hours
        form.needs_approval.data, form.is_retired.data = course.needs_approval, course.is_retired
        form.completion_share.data = course.completion_share
        form.prerequisites.data, form.trainers.data = queries.linked_ids(course.id)
        for link in course.competencies:
            form.competencies.append_entry(
                {"competency_id": link.competency_id, "level": link.level}
            )
        for material in course.materials:
            form.materials.append_entry({"title": material.title, "url": material.url})
    for _blank in range(2):  # room for more
        form.competencies.append_entry({"competency_id": 0})
        form.materials.append_entry({})


def _course_choices(form: CourseForm, course: Course | None) -> None:
    competencies, levels = _competency_choices(competency_areas(), competency_levels())
    for entry in form.competencies:
        entry.form.competency_id.choices = competencies
        entry.form.level.choices = levels
    form.prerequisites.choices = _cached(
        tuple(
            (cid, f"{idnumber} · {localized(names)}")
            for cid, idnumber, names in queries.courses_in_order()
            if course is None or cid != course.id
        )
    )
    form.trainers.choices = _cached(tuple(queries.trainers_to_choose()))


@lru_cache(maxsize=16)
def _competency_choices(areas, levels) -> tuple[CachedChoices, CachedChoices]:
    """Reference data (the same tuples until it changes): each select rendered once."""
    competencies = CachedChoices(
        [SelectChoice(0, "—")]
        + [
            SelectChoice(cid, name, optgroup=area.name)
            for area in areas
            for cid, name in area.competencies
        ]
    )
    return competencies, CachedChoices(
        SelectChoice(value, f"{value} · {name}") for value, name in levels
    )


@lru_cache(maxsize=64)
def _cached(choices: tuple) -> CachedChoices:
    """The same choices as the last request that had them: the rendered checkboxes too."""
    return CachedChoices(SelectChoice(value, label) for value, label in choices)


def _save_course(form: CourseForm, course: Course | None) -> Course:
    return save_course(
        course,
        actor=current_user,
        idnumber=form.idnumber.data,
        names={k: v.strip() for k, v in form_texts(form, "name").items() if v.strip()},
        descriptions={
            k: v.strip() for k, v in form_texts(form, "description").items() if v.strip()
        },
        mode=DeliveryMode(form.mode.data),
        duration_hours=float(form.duration_hours.data),
        needs_approval=form.needs_approval.data,
        completion_share=form.completion_share.data,
        competencies={
            e.form.competency_id.data: e.form.level.data
            for e in form.competencies
            if e.form.competency_id.data
        },
        prerequisites=queries.courses_by_id(form.prerequisites.data or []),
        trainers=queries.people_by_id(form.trainers.data or []),
        materials=[
            (e.form.title.data or e.form.url.data, e.form.url.data)
            for e in form.materials
            if (e.form.url.data or "").strip()
        ],
        is_retired=form.is_retired.data,
    )


@bp.route("/rooms/")
def rooms():
    require(can_manage_training(current_user))
    page = queries.rooms(_page(), current_app.config["PER_PAGE"])
    return render_template("training/rooms.html", page=page)


@bp.route("/rooms/new", methods=["GET", "POST"])
@bp.route("/rooms/<int:room_id>/edit", methods=["GET", "POST"])
def edit_room(room_id: int | None = None):
    require(can_manage_training(current_user))
    room = queries.get_room_or_404(room_id) if room_id else None
    form = RoomForm(obj=room if request.method == "GET" else None)
    saved, _result = save_form(
        form,
        lambda: save_room(
            room,
            actor=current_user,
            name=form.name.data,
            location=form.location.data or "",
            capacity=form.capacity.data,
            is_retired=form.is_retired.data,
        ),
        version_of=room,
    )
    if saved:
        flash(_("Room saved."), "success")
        return redirect(url_for("training.rooms"))
    return render_template("training/room_form.html", form=form, room=room), (
        422 if form.errors else 200
    )

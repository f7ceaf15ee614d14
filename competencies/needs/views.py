"""The training-needs page (the PMO): the ranked courses with their figures, filtered by
department and career level and exported as CSV or XLSX; a course's PMs in need, counted by
department and career level; scheduling a class for them."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.accounts.queries import department_choices
from lms.i18n import gettext as _
from lms.i18n import locale_code
from lms.kept import kept
from lms.permissions import require
from lms.training import queries as training_queries
from lms.training.class_form import prepare_class_form, save_class_form
from lms.training.forms import ClassForm
from lms.web.export import FORMATS, export_response
from lms.web.forms import save_form
from lms.web.pagination import CountedPage, last_page_for

from ..careers.queries import career_level_names
from ..reports import gaps, queries
from ..reports.views import department_ids_in_scope
from .analysis import RULE, training_needs
from .permissions import can_analyse_training_needs
from .scheduling import nominate_listed

bp = Blueprint("training_needs", __name__, url_prefix="/training/needs")


@bp.before_request
@login_required
def _signed_in() -> None:
    require(can_analyse_training_needs(current_user))


def _analysis():
    competencies = gaps.load_competencies()
    filters = queries.Filters(
        department_ids=department_ids_in_scope(None, request.args.get("department", type=int)),
        career_level_id=request.args.get("level", type=int),
    )
    levels = career_level_names(competencies.framework_id) if competencies.framework_id else []
    needs = kept(
        ("training_needs", filters, locale_code()),
        current_app.config.get("TRAINING_NEEDS_SECONDS", 60),
        lambda: training_needs(filters, competencies),
        fresh=request.args.get("fresh") == "1",
    )
    return needs, levels


@bp.route("/")
def index():
    needs, levels = _analysis()
    fmt = request.args.get("format")
    if fmt is not None:
        if fmt not in FORMATS:
            abort(400)
        return export_response(_export(needs.rows), "training-needs", fmt)
    per_page, page = current_app.config["PER_PAGE"], request.args.get("page", 1, type=int)
    page = last_page_for(page, len(needs.rows), per_page)
    shown = needs.rows.iloc[(page - 1) * per_page : page * per_page]
    return render_template(
        "competencies/needs/index.html",
        needs=needs,
        page=CountedPage(list(shown.itertuples()), len(needs.rows), page, per_page),
        rule=_(RULE),
        levels=levels,
        departments=department_choices(),
        chosen={"department": request.args.get("department", type=int),
                "level": request.args.get("level", type=int)},
    )  # fmt: skip


def _export(rows):
    return rows.drop(columns=["course_id"]).rename(
        columns={
            "code": _("Id number"),
            "name": _("Course"),
            "needed": _("Need it"),
            "in_plans": _("In plans"),
            "completed": _("Completed"),
            "enrolled": _("Enrolled"),
            "unmet": _("Still need it"),
            "free_seats": _("Free seats"),
            "score": _("Rank score"),
        }
    )


def _row(needs, course_id: int):
    found = needs.rows[needs.rows.course_id == course_id]
    if found.empty:
        abort(404)
    return found.iloc[0]


@bp.route("/<int:course_id>")
def course(course_id: int):
    needs, levels = _analysis()
    row, listed = _row(needs, course_id), needs.listed(course_id)
    per_page, page = current_app.config["PER_PAGE"], request.args.get("page", 1, type=int)
    page = last_page_for(page, len(listed), per_page)
    shown = queries.people_details(listed[(page - 1) * per_page : page * per_page])
    level_names = {level.id: level.name for level in levels}
    departments = dict(department_choices())
    return render_template(
        "competencies/needs/course.html",
        row=row,
        people=CountedPage(shown, len(listed), page, per_page),
        level_names=level_names,
        by_department=_named(
            needs.counts(course_id, "departments"), departments, _("No department")
        ),
        by_level=_named(needs.counts(course_id, "levels"), level_names, _("No career level")),
    )


TOP = 8  # the largest groups by name; the rest as one line


def _named(counts, names: dict, none: str) -> list[tuple[str, int]]:
    """The TOP largest groups named (NaN: `none`), then "Others" with the rest summed."""
    named = [(none if key != key else names.get(int(key), none), n) for key, n in counts[:TOP]]
    rest = sum(n for _key, n in counts[TOP:])
    return named + ([(_("Others"), rest)] if rest else [])


@bp.route("/<int:course_id>/schedule", methods=["GET", "POST"])
def schedule(course_id: int):
    needs, _levels = _analysis()
    row, listed = _row(needs, course_id), needs.listed(course_id)
    course = training_queries.get_course_or_404(course_id, current_user)
    form = prepare_class_form(ClassForm(), None, course)
    if request.method == "GET":
        form.capacity.data = max(len(listed), 1)

    def save():
        created = save_class_form(form, None, course, actor=current_user)
        return created, nominate_listed(created, actor=current_user, user_ids=listed)

    saved, result = save_form(form, save)
    if saved:
        created, count = result
        flash(_("Class scheduled and open; %(count)s people put forward.", count=count), "success")
        return redirect(url_for("training.training_class", class_id=created.id))
    return render_template(
        "competencies/needs/schedule.html", form=form, course=course, row=row, listed=len(listed)
    ), 422 if form.errors else 200

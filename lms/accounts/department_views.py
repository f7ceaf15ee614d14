"""Administration of departments: list, create, edit, delete an empty one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ..errors import ServiceError
from ..permissions import require
from ..web.forms import ConfirmForm, run_action, save_form
from ..web.pagination import paginate
from . import queries, services
from .forms import DepartmentForm
from .permissions import can_edit_people, can_view_people

bp = Blueprint("departments", __name__, url_prefix="/departments")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


@bp.route("/")
def index():
    require(can_view_people(current_user))
    search = request.args.get("q", "")
    page = paginate(*queries.departments_query(search))
    counts = queries.headcounts([department.id for department in page.items])
    return render_template(
        "accounts/departments.html", page=page, counts=counts, search=search, confirm=ConfirmForm()
    )


def _department_form(department=None) -> DepartmentForm:
    form = DepartmentForm(obj=department)
    form.parent_id.choices = [SelectChoice(0, _("None (top level)"))] + [
        SelectChoice(id_, name)
        for id_, name in queries.department_choices()
        if department is None or id_ != department.id
    ]
    if request.method == "GET" and department is not None:
        form.parent_id.data = department.parent_id or 0
        form.director_email.data = department.director.email if department.director else ""
    return form


def _director(form: DepartmentForm):
    if not form.director_email.data:
        return None
    director = services.find_user_by_email(form.director_email.data)
    if director is None:
        raise ServiceError(_("No person with this e-mail address."), field="director_email")
    return director


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:department_id>/edit", methods=["GET", "POST"])
def edit(department_id: int | None = None):
    require(can_edit_people(current_user))
    department = queries.get_department_or_404(department_id) if department_id else None
    form = _department_form(department)
    saved, result = save_form(
        form, lambda: _save_department(form, department), version_of=department
    )
    if saved:
        flash(_("Saved department %(name)s.", name=result.name), "success")
        return redirect(url_for("departments.index"))
    return render_template("accounts/department_form.html", form=form, department=department), (
        422 if form.errors else 200
    )


def _save_department(form: DepartmentForm, department):
    fields = {
        "name": form.name.data,
        "director": _director(form),
        "parent": queries.find_department(form.parent_id.data),
    }
    if department is None:
        return services.create_department(actor=current_user, **fields)
    return services.update_department(department, actor=current_user, **fields)


@bp.route("/<int:department_id>/delete", methods=["POST"])
def delete(department_id: int):
    require(can_edit_people(current_user))
    department = queries.get_department_or_404(department_id)
    run_action(services.delete_department, department, _("Department deleted."))
    return redirect(url_for("departments.index"))

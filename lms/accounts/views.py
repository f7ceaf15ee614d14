"""Administration of people: list, create, edit, roles, deactivate, password reset."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ..errors import ImportRefused
from ..permissions import Role, require
from ..web.forms import ConfirmForm, run_action, run_import, save_form
from ..web.pagination import paginate
from . import importers, login_throttle, queries, services
from .forms import ImportPeopleForm, PersonForm
from .permissions import (
    can_assign_roles,
    can_edit_people,
    can_manage_accounts,
    can_view_people,
)

bp = Blueprint("accounts", __name__)


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


@bp.route("/people/")
def people():
    require(can_view_people(current_user))
    filters = {
        "search": request.args.get("q", ""),
        "department_id": request.args.get("department", type=int),
        "role": request.args.get("role", ""),
        "status": request.args.get("status", "active"),
    }
    page = paginate(queries.people_query(**filters))
    return render_template(
        "accounts/people.html", page=page, filters=filters, departments=queries.department_choices()
    )


@bp.route("/people/<int:user_id>")
def person(user_id: int):
    require(can_view_people(current_user))
    return render_template(
        "accounts/person.html", person=queries.get_user_or_404(user_id), confirm=ConfirmForm()
    )


def _person_form(user=None) -> PersonForm:
    form = PersonForm(obj=user)
    form.department_id.choices = [SelectChoice(0, _("No department"))] + [
        SelectChoice(id_, name) for id_, name in queries.department_choices()
    ]
    if request.method == "GET" and user is not None:
        form.roles.data = [str(role) for role in user.roles]
        form.department_id.data = user.department_id or 0
    if not can_assign_roles(current_user):
        del form.roles
    return form


def _save_person(form: PersonForm, user):
    fields = {
        "email": form.email.data,
        "name": form.name.data,
        "job_title": form.job_title.data or "",
        "department_id": form.department_id.data or None,
    }
    if user is None:
        user = services.create_person(actor=current_user, **fields)
    else:
        services.update_person(user, actor=current_user, **fields)
    if "roles" in form:
        services.set_roles(user, {Role(r) for r in form.roles.data}, actor=current_user)
    return user


@bp.route("/people/new", methods=["GET", "POST"])
@bp.route("/people/<int:user_id>/edit", methods=["GET", "POST"])
def edit_person(user_id: int | None = None):
    require(can_edit_people(current_user))
    user = queries.get_user_or_404(user_id) if user_id else None
    form = _person_form(user)
    saved, result = save_form(form, lambda: _save_person(form, user), version_of=user)
    if saved:
        flash(_("Saved %(name)s.", name=result.name), "success")
        return redirect(url_for("accounts.person", user_id=result.id))
    return render_template("accounts/person_form.html", form=form, person=user), (
        422 if form.errors else 200
    )


def _account_action(user_id: int, action, message: str):
    require(can_manage_accounts(current_user))
    user = queries.get_user_or_404(user_id)
    run_action(action, user, lambda result: message % {"name": user.name, "password": result})
    return redirect(url_for("accounts.person", user_id=user.id))


@bp.route("/people/<int:user_id>/deactivate", methods=["POST"])
def deactivate(user_id: int):
    return _account_action(
        user_id,
        services.deactivate_person,
        _("%(name)s can no longer log in. Their history stays."),
    )


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
def reactivate(user_id: int):
    return _account_action(user_id, services.reactivate_person, _("%(name)s can log in again."))


@bp.route("/people/<int:user_id>/reset-password", methods=["POST"])
def reset_password(user_id: int):
    return _account_action(
        user_id,
        services.reset_password,
        _(
            "Temporary password for %(name)s: %(password)s — hand it over privately; "
            "it must be changed at the next login."
        ),
    )


@bp.route("/people/<int:user_id>/unlock-login", methods=["POST"])
def unlock_login(user_id: int):
    require(can_manage_accounts(current_user))
    user = queries.get_user_or_404(user_id)
    run_action(
        login_throttle.unlock_login,
        user,
        lambda lifted: (
            _("The log-in lock on %(name)s is lifted.", name=user.name)
            if lifted
            else _("Log-ins for %(name)s were not locked.", name=user.name)
        ),
    )
    return redirect(url_for("accounts.person", user_id=user.id))


def _import(form: ImportPeopleForm):
    result = importers.import_people(
        form.file.data.read(),
        actor=current_user,
        initial_password=form.initial_password.data or None,
    )
    if result.errors:  # every row is checked first; one bad row and nothing is written
        raise ImportRefused(_("Nothing was imported."), result.errors)
    return result


@bp.route("/people/import", methods=["GET", "POST"])
def import_people():
    """Validate the whole file, then import it in one transaction (or show every bad row)."""
    require(can_edit_people(current_user))
    form = ImportPeopleForm()
    result, problems = run_import(form, _import)
    template = (
        "accounts/_import_result.html"
        if request.headers.get("HX-Request")
        else "accounts/import.html"
    )
    status = 422 if form.errors or problems else 200
    return render_template(template, form=form, result=result, problems=problems), status

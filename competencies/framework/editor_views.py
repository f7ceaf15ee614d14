"""The PMO's framework editor: a draft's content, publish / archive / new version, file import,
CSV export and what changed since the previous version. Reading stays in views.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lms.errors import ServiceError
from lms.outcomes import sentence
from lms.permissions import require
from lms.web.downloads import attachment
from lms.web.forms import (
    ConfirmForm,
    attach_error,
    fill_texts,
    form_texts,
    run_action,
    run_import,
    save_form,
)

from . import queries, services
from .files import csv_format
from .files.exchange import export_name, framework_data
from .forms import (
    FrameworkForm,
    ImportFrameworkForm,
    NewVersionForm,
)
from .models import Framework
from .permissions import can_manage_frameworks

bp = Blueprint("framework_editor", __name__, url_prefix="/frameworks")


@bp.before_request
@login_required
def _pmo_only() -> None:
    """The PMO owns the framework (PRODUCT.md), administrators may step in; others get 403."""
    require(can_manage_frameworks(current_user))


# --- Loading and form helpers -------------------------------------------------------------


def load_editable(framework_id: int) -> Framework:
    return queries.get_framework_or_404(framework_id, current_user)


def not_editable(framework: Framework):
    flash(_("Only a draft can be edited: create a new version to change this one."), "warning")
    return redirect(url_for("framework_editor.edit", framework_id=framework.id))


# --- The framework ------------------------------------------------------------------------


@bp.route("/<int:framework_id>/edit", methods=["GET", "POST"])
def edit(framework_id: int):
    framework = queries.get_framework_outline_or_404(framework_id, current_user)
    form = FrameworkForm()
    if request.method == "GET":
        fill_texts(form, "name", framework.names)
        fill_texts(form, "description", framework.descriptions)
        form.version.data = framework.version
    saved = save_form(
        form,
        lambda: services.update_framework(
            framework,
            actor=current_user,
            names=form_texts(form, "name"),
            descriptions=form_texts(form, "description"),
        ),
        version_of=framework,
    )[0]
    if saved:
        flash(_("Saved."), "success")
        return redirect(url_for(".edit", framework_id=framework_id))
    return _render_editor(framework, form)


def _render_editor(framework: Framework, form: FrameworkForm):
    return render_template(
        "competencies/framework/edit_framework.html",
        framework=framework,
        tree=queries.tree(framework),
        parents={c.parent_id for c in framework.competencies},
        form=form,
        confirm=ConfirmForm(),
    ), 422 if form.errors else 200


@bp.route("/<int:framework_id>/publish", methods=["POST"])
def publish(framework_id: int):
    framework = load_editable(framework_id)
    label = framework.version_label
    follow_ups = run_action(
        services.publish_framework,
        framework,
        _("Version %(version)s is published.", version=label),
    )
    if follow_ups:
        flash(" ".join(map(sentence, follow_ups)), "info")
    return redirect(url_for("frameworks.detail", framework_id=framework_id))


@bp.route("/<int:framework_id>/archive", methods=["POST"])
def archive(framework_id: int):
    framework = load_editable(framework_id)
    label = framework.version_label
    run_action(
        services.archive_framework,
        framework,
        _("Version %(version)s is archived.", version=label),
    )
    return redirect(url_for("frameworks.detail", framework_id=framework_id))


@bp.route("/<int:framework_id>/new-version", methods=["GET", "POST"])
def new_version(framework_id: int):
    framework = load_editable(framework_id)
    if request.method == "GET" and framework.is_editable:
        return not_editable(framework)
    form = NewVersionForm()
    if request.method == "GET":
        form.version_label.data = services.next_version_label(framework)
    saved, copy = save_form(
        form,
        lambda: services.new_version(
            framework, actor=current_user, version_label=form.version_label.data
        ),
    )
    if saved:
        flash(_("The new version is a draft: change it, then publish it."), "success")
        return redirect(url_for(".edit", framework_id=copy.id))
    return render_template(
        "competencies/framework/new_version.html", framework=framework, form=form
    ), 422 if form.errors else 200


@bp.route("/<int:framework_id>/export.csv")
def export_csv(framework_id: int):
    framework = load_editable(framework_id)
    body = csv_format.dump(framework_data(framework)).encode("utf-8-sig")  # Excel reads the BOM
    return attachment(body, export_name(framework, "csv"), "text/csv")


@bp.route("/import", methods=["GET", "POST"])
def import_file():
    """Check the whole file first: every problem is listed and nothing is imported, or all is."""
    form = ImportFrameworkForm()
    framework, problems = run_import(
        form,
        lambda form: services.import_framework(
            form.file.data.filename, form.file.data.read(), actor=current_user
        ),
    )
    if framework is not None:
        flash(_("Imported as a draft: check it, then publish it."), "success")
        return redirect(url_for("frameworks.detail", framework_id=framework.id))
    if problems:
        message = ngettext(
            "Nothing was imported: %(num)s problem.",
            "Nothing was imported: %(num)s problems.",
            len(problems),
        )
        attach_error(form, ServiceError(message, "file"))
    return render_template(
        "competencies/framework/import.html", form=form, problems=problems
    ), 422 if form.errors else 200

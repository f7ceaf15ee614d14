"""The PMO's framework editor: a draft's content, publish / archive / new version, file import,
CSV export and what changed since the previous version. Reading stays in views.py."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.db import check_version, committing
from lms.errors import ServiceError
from lms.i18n import localized
from lms.permissions import require
from lms.web.forms import ConfirmForm, attach_error

from . import csv_format, queries, services
from .diff import diff_versions
from .exchange import LANGUAGES, framework_data, load_framework
from .forms import (
    LANGUAGE_LABELS,
    TRIANGLE_LABELS,
    FrameworkForm,
    ImportFrameworkForm,
    NewVersionForm,
    ScaleLevelForm,
    competency_form_class,
    descriptor_field,
)
from .models import Competency, Framework, ScaleLevel
from .permissions import can_manage_frameworks

bp = Blueprint("framework_editor", __name__, url_prefix="/frameworks")


@bp.before_request
@login_required
def _pmo_only() -> None:
    """The PMO owns the framework (PRODUCT.md), administrators may step in; others get 403."""
    require(can_manage_frameworks(current_user))


# --- Loading and form helpers -------------------------------------------------------------


def _framework(framework_id: int) -> Framework:
    return queries.get_framework_or_404(framework_id, current_user)


def _competency(framework: Framework, competency_id: int) -> Competency:
    found = next((c for c in framework.competencies if c.id == competency_id), None)
    return found if found is not None else abort(404)


def _level(framework: Framework, scale_level_id: int) -> ScaleLevel:
    found = next((level for level in framework.levels if level.id == scale_level_id), None)
    return found if found is not None else abort(404)


def _not_editable(framework: Framework):
    flash(_("Only a draft can be edited: create a new version to change this one."), "warning")
    return redirect(url_for(".edit", framework_id=framework.id))


def _texts(form, name: str) -> dict[str, str]:
    return {lang: form[f"{name}_{lang}"].data or "" for lang in LANGUAGES}


def _fill(form, name: str, texts: dict[str, str]) -> None:
    for lang in LANGUAGES:
        form[f"{name}_{lang}"].data = texts.get(lang, "")


def _below(framework: Framework, competency: Competency) -> set[int]:
    """The competency and everything inside it: places it cannot move into."""
    children: dict[int | None, list[int]] = {}
    for c in framework.competencies:
        children.setdefault(c.parent_id, []).append(c.id)
    ids, stack = set(), [competency.id]
    while stack:
        node = stack.pop()
        ids.add(node)
        stack.extend(children.get(node, []))
    return ids


def _competency_form(framework: Framework, competency: Competency | None):
    form = competency_form_class(framework.levels)()
    tree = queries.tree(framework)
    barred = _below(framework, competency) if competency else set()
    form.parent_id.choices = [SelectChoice(0, _("Top level"))] + [
        SelectChoice(c.id, "\u2003" * depth + f"{c.name} ({c.idnumber})")
        for c, depth in tree
        if c.id not in barred
    ]
    form.related_ids.choices = [
        SelectChoice(c.id, f"{c.name} ({c.idnumber})") for c, _depth in tree if c is not competency
    ]
    if request.method == "GET":
        _fill_competency(form, framework, competency)
    return form


def _fill_competency(form, framework: Framework, competency: Competency | None) -> None:
    if competency is None:
        form.parent_id.data = request.args.get("parent", 0, type=int)
        return
    form.idnumber.data, form.parent_id.data = competency.idnumber, competency.parent_id or 0
    _fill(form, "name", competency.names)
    _fill(form, "description", competency.descriptions)
    form.talent_triangle.data = str(competency.talent_triangle or "")
    form.programme_only.data = competency.is_programme_only
    form.related_ids.data = [other.id for other in competency.related]
    for level in framework.levels:
        texts = competency.descriptors.get(str(level.value), {})
        for lang in LANGUAGES:
            form[descriptor_field(level.value, lang)].data = texts.get(lang, "")


def _competency_values(form, framework: Framework) -> dict:
    by_id = {c.id: c for c in framework.competencies}
    return {
        "idnumber": form.idnumber.data,
        "parent": by_id.get(form.parent_id.data),
        "names": _texts(form, "name"),
        "descriptions": _texts(form, "description"),
        "talent_triangle": form.talent_triangle.data or None,
        "programme_only": form.programme_only.data,
        "descriptors": {
            str(level.value): {
                lang: form[descriptor_field(level.value, lang)].data or "" for lang in LANGUAGES
            }
            for level in framework.levels
        },
        "related": [by_id[i] for i in form.related_ids.data or [] if i in by_id],
    }


def _render_competency(framework: Framework, competency: Competency | None, form):
    return render_template(
        "competencies/framework/edit_competency.html",
        framework=framework,
        competency=competency,
        form=form,
        languages=LANGUAGE_LABELS,
        descriptor_field=descriptor_field,
    ), 422 if form.errors else 200


def _action(service, target, message: str) -> None:
    """Run a one-button action; a refusal (or a repeat) is explained and changes nothing."""
    if not ConfirmForm().validate_on_submit():
        return
    try:
        with committing():
            service(target, actor=current_user)
    except ServiceError as error:
        flash(error.message, "warning")
    else:
        flash(message, "success")


# --- The framework ------------------------------------------------------------------------


@bp.route("/<int:framework_id>/edit", methods=["GET", "POST"])
def edit(framework_id: int):
    framework = _framework(framework_id)
    form = FrameworkForm()
    if request.method == "GET":
        _fill(form, "name", framework.names)
        _fill(form, "description", framework.descriptions)
        form.version.data = framework.version
    elif form.validate_on_submit():
        try:
            with committing():
                check_version(framework, form.version.data)
                services.update_framework(
                    framework,
                    actor=current_user,
                    names=_texts(form, "name"),
                    descriptions=_texts(form, "description"),
                )
        except ServiceError as error:
            attach_error(form, error)
        else:
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
    framework = _framework(framework_id)
    label = framework.version_label
    _action(
        services.publish_framework,
        framework,
        _("Version %(version)s is published.", version=label),
    )
    return redirect(url_for("frameworks.detail", framework_id=framework_id))


@bp.route("/<int:framework_id>/archive", methods=["POST"])
def archive(framework_id: int):
    framework = _framework(framework_id)
    label = framework.version_label
    _action(
        services.archive_framework,
        framework,
        _("Version %(version)s is archived.", version=label),
    )
    return redirect(url_for("frameworks.detail", framework_id=framework_id))


@bp.route("/<int:framework_id>/new-version", methods=["GET", "POST"])
def new_version(framework_id: int):
    framework = _framework(framework_id)
    if request.method == "GET" and framework.is_editable:
        return _not_editable(framework)
    form = NewVersionForm()
    if request.method == "GET":
        form.version_label.data = services.next_version_label(framework)
    elif form.validate_on_submit():
        try:
            with committing():
                copy = services.new_version(
                    framework, actor=current_user, version_label=form.version_label.data
                )
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(_("The new version is a draft: change it, then publish it."), "success")
            return redirect(url_for(".edit", framework_id=copy.id))
    return render_template(
        "competencies/framework/new_version.html", framework=framework, form=form
    ), 422 if form.errors else 200


@bp.route("/<int:framework_id>/changes")
def changes(framework_id: int):
    framework = _framework(framework_id)
    previous = load_framework(framework.previous_id) if framework.previous_id else None
    result = (
        diff_versions(framework_data(previous), framework_data(framework)) if previous else None
    )
    return render_template(
        "competencies/framework/changes.html",
        framework=framework,
        previous=previous,
        diff=result,
        localized=localized,
        languages=LANGUAGE_LABELS,
        triangle={str(side): label for side, label in TRIANGLE_LABELS.items()},
    )


@bp.route("/<int:framework_id>/export.csv")
def export_csv(framework_id: int):
    framework = _framework(framework_id)
    body = csv_format.dump(framework_data(framework)).encode("utf-8-sig")  # Excel reads the BOM
    filename = f"{framework.idnumber}-{framework.version_label}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/import", methods=["GET", "POST"])
def import_file():
    """Check the whole file first: every problem is listed and nothing is imported, or all is."""
    form, problems = ImportFrameworkForm(), []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            with committing():
                framework = services.import_framework(
                    upload.filename, upload.read(), actor=current_user
                )
        except ServiceError as error:
            problems = getattr(error, "problems", [])
            message = ngettext(
                "Nothing was imported: %(num)s problem.",
                "Nothing was imported: %(num)s problems.",
                len(problems),
            )
            attach_error(form, ServiceError(message if problems else error.message, "file"))
        else:
            flash(_("Imported as a draft: check it, then publish it."), "success")
            return redirect(url_for("frameworks.detail", framework_id=framework.id))
    return render_template(
        "competencies/framework/import.html", form=form, problems=problems
    ), 422 if form.errors else 200


# --- Scale levels and competencies --------------------------------------------------------


@bp.route("/<int:framework_id>/levels/<int:scale_level_id>/edit", methods=["GET", "POST"])
def edit_level(framework_id: int, scale_level_id: int):
    framework = _framework(framework_id)
    level = _level(framework, scale_level_id)
    if request.method == "GET" and not framework.is_editable:
        return _not_editable(framework)
    form = ScaleLevelForm()
    if request.method == "GET":
        _fill(form, "name", level.names)
        _fill(form, "description", level.descriptions)
        form.is_proficient.data = level.is_proficient
    elif form.validate_on_submit():
        try:
            with committing():
                services.update_scale_level(
                    level,
                    actor=current_user,
                    names=_texts(form, "name"),
                    descriptions=_texts(form, "description"),
                    is_proficient=form.is_proficient.data,
                )
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for(".edit", framework_id=framework_id, _anchor="scale"))
    template = "competencies/framework/edit_level.html"
    status = 422 if form.errors else 200
    return render_template(template, framework=framework, level=level, form=form), status


@bp.route("/<int:framework_id>/competencies/new", methods=["GET", "POST"])
def new_competency(framework_id: int):
    framework = _framework(framework_id)
    if request.method == "GET" and not framework.is_editable:
        return _not_editable(framework)
    form = _competency_form(framework, None)
    if form.validate_on_submit():
        try:
            with committing():
                competency = services.add_competency(
                    framework, actor=current_user, **_competency_values(form, framework)
                )
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(_("Added %(name)s.", name=competency.name), "success")
            anchor = f"c-{competency.idnumber}"
            return redirect(url_for(".edit", framework_id=framework_id, _anchor=anchor))
    return _render_competency(framework, None, form)


@bp.route("/<int:framework_id>/competencies/<int:competency_id>/edit", methods=["GET", "POST"])
def edit_competency(framework_id: int, competency_id: int):
    framework = _framework(framework_id)
    competency = _competency(framework, competency_id)
    if request.method == "GET" and not framework.is_editable:
        return _not_editable(framework)
    form = _competency_form(framework, competency)
    if form.validate_on_submit():
        try:
            with committing():
                services.update_competency(
                    competency, actor=current_user, **_competency_values(form, framework)
                )
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(_("Saved."), "success")
            anchor = f"c-{competency.idnumber}"
            return redirect(url_for(".edit", framework_id=framework_id, _anchor=anchor))
    return _render_competency(framework, competency, form)


def _competency_action(framework_id: int, competency_id: int, service, message: str):
    competency = _competency(_framework(framework_id), competency_id)
    _action(service, competency, message % {"name": competency.name})
    return redirect(url_for(".edit", framework_id=framework_id, _anchor="competencies"))


@bp.route("/<int:framework_id>/competencies/<int:competency_id>/delete", methods=["POST"])
def delete_competency(framework_id: int, competency_id: int):
    return _competency_action(
        framework_id, competency_id, services.delete_competency, _("Deleted %(name)s.")
    )


@bp.route("/<int:framework_id>/competencies/<int:competency_id>/retire", methods=["POST"])
def retire_competency(framework_id: int, competency_id: int):
    return _competency_action(
        framework_id,
        competency_id,
        services.retire_competency,
        _("%(name)s is retired: it stays in the history but is no longer assessed."),
    )


@bp.route("/<int:framework_id>/competencies/<int:competency_id>/unretire", methods=["POST"])
def unretire_competency(framework_id: int, competency_id: int):
    return _competency_action(
        framework_id,
        competency_id,
        services.unretire_competency,
        _("%(name)s is in use again."),
    )

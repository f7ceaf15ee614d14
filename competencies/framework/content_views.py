"""The framework editor's pages for a draft's content: its scale levels and competencies. The
framework-wide pages (publish, versions, import, export) are editor_views'."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.i18n import CONTENT_LANGUAGES as LANGUAGES
from lms.permissions import require
from lms.trees import subtree_keys
from lms.web.forms import fill_texts, form_texts, run_action, save_form

from . import editing, queries
from .editor_views import load_editable, not_editable
from .forms import LANGUAGE_LABELS, ScaleLevelForm, competency_form_class, descriptor_field
from .models import Competency, Framework
from .permissions import can_manage_frameworks

bp = Blueprint("framework_content", __name__, url_prefix="/frameworks")


@bp.before_request
@login_required
def _pmo_only() -> None:
    """The PMO owns the framework (PRODUCT.md), administrators may step in; others get 403."""
    require(can_manage_frameworks(current_user))


def _competency_form(framework: Framework, competency: Competency | None):
    form = competency_form_class(framework.levels)()
    tree = queries.tree(framework)
    barred = subtree_keys(framework.competencies, competency.id) if competency else set()
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
    form.version.data = competency.version
    fill_texts(form, "name", competency.names)
    fill_texts(form, "description", competency.descriptions)
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
        "names": form_texts(form, "name"),
        "descriptions": form_texts(form, "description"),
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


# --- Scale levels and competencies --------------------------------------------------------


@bp.route("/<int:framework_id>/levels/<int:scale_level_id>/edit", methods=["GET", "POST"])
def edit_level(framework_id: int, scale_level_id: int):
    framework = queries.get_framework_outline_or_404(framework_id, current_user)
    level = queries.get_level_or_404(framework, scale_level_id)
    if request.method == "GET" and not framework.is_editable:
        return not_editable(framework)
    form = ScaleLevelForm()
    if request.method == "GET":
        fill_texts(form, "name", level.names)
        fill_texts(form, "description", level.descriptions)
        form.is_proficient.data = level.is_proficient
        form.version.data = level.version
    saved = save_form(
        form,
        lambda: editing.update_scale_level(
            level,
            actor=current_user,
            names=form_texts(form, "name"),
            descriptions=form_texts(form, "description"),
            is_proficient=form.is_proficient.data,
        ),
        version_of=level,
    )[0]
    if saved:
        flash(_("Saved."), "success")
        return redirect(
            url_for("framework_editor.edit", framework_id=framework_id, _anchor="scale")
        )
    template = "competencies/framework/edit_level.html"
    status = 422 if form.errors else 200
    return render_template(template, framework=framework, level=level, form=form), status


@bp.route("/<int:framework_id>/competencies/new", methods=["GET", "POST"])
def new_competency(framework_id: int):
    framework = queries.get_framework_outline_or_404(framework_id, current_user)
    if request.method == "GET" and not framework.is_editable:
        return not_editable(framework)
    form = _competency_form(framework, None)
    saved, competency = save_form(
        form,
        lambda: editing.add_competency(
            framework, actor=current_user, **_competency_values(form, framework)
        ),
    )
    if saved:
        flash(_("Added %(name)s.", name=competency.name), "success")
        anchor = f"c-{competency.idnumber}"
        return redirect(url_for("framework_editor.edit", framework_id=framework_id, _anchor=anchor))
    return _render_competency(framework, None, form)


@bp.route("/<int:framework_id>/competencies/<int:competency_id>/edit", methods=["GET", "POST"])
def edit_competency(framework_id: int, competency_id: int):
    framework = load_editable(framework_id)  # the competency's texts and relations: all of it
    competency = queries.get_competency_or_404(framework, competency_id)
    if request.method == "GET" and not framework.is_editable:
        return not_editable(framework)
    form = _competency_form(framework, competency)
    saved = save_form(
        form,
        lambda: editing.update_competency(
            competency, actor=current_user, **_competency_values(form, framework)
        ),
        version_of=competency,
    )[0]
    if saved:
        flash(_("Saved."), "success")
        anchor = f"c-{competency.idnumber}"
        return redirect(url_for("framework_editor.edit", framework_id=framework_id, _anchor=anchor))
    return _render_competency(framework, competency, form)


def _competency_action(framework_id: int, competency_id: int, service, message: str):
    competency = queries.get_competency_or_404(load_editable(framework_id), competency_id)
    run_action(service, competency, message % {"name": competency.name})
    return redirect(
        url_for("framework_editor.edit", framework_id=framework_id, _anchor="competencies")
    )


@bp.route("/<int:framework_id>/competencies/<int:competency_id>/delete", methods=["POST"])
def delete_competency(framework_id: int, competency_id: int):
    return _competency_action(
        framework_id, competency_id, editing.delete_competency, _("Deleted %(name)s.")
    )


@bp.route("/<int:framework_id>/competencies/<int:competency_id>/retire", methods=["POST"])
def retire_competency(framework_id: int, competency_id: int):
    return _competency_action(
        framework_id,
        competency_id,
        editing.retire_competency,
        _("%(name)s is retired: it stays in the history but is no longer assessed."),
    )


@bp.route("/<int:framework_id>/competencies/<int:competency_id>/unretire", methods=["POST"])
def unretire_competency(framework_id: int, competency_id: int):
    return _competency_action(
        framework_id,
        competency_id,
        editing.unretire_competency,
        _("%(name)s is in use again."),
    )

"""Career levels: everyone reads what each level expects; the PMO defines levels and targets."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.permissions import require
from lms.web.forms import form_texts, save_form

from ..framework.queries import framework_in_use_id
from ..framework.snapshots import framework_snapshot
from .forms import career_level_form
from .models import CareerLevel
from .permissions import can_manage_career_levels
from .queries import count_untargeted, get_career_level_or_404, levels_with_targets
from .services import save_career_level

bp = Blueprint("careers", __name__, url_prefix="/career-levels")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


@bp.route("/")
def index():
    framework_id = framework_in_use_id()
    framework = framework_snapshot(framework_id) if framework_id is not None else None
    if framework is None:
        return render_template("competencies/careers/index.html", framework=None, levels=[])
    levels = levels_with_targets(framework)
    targets = {
        (t.career_level_id, t.competency_id): t.level for level in levels for t in level.targets
    }
    return render_template(
        "competencies/careers/index.html",
        framework=framework,
        levels=levels,
        areas=framework.assessed_by_area(),
        targets=targets,
        untargeted=count_untargeted(
            framework.assessed_competencies, [level.id for level in levels], targets
        ),
    )


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:level_id>/edit", methods=["GET", "POST"])
def edit(level_id: int | None = None):
    require(can_manage_career_levels(current_user))
    level, framework = _level_and_framework(level_id)
    if framework is None:
        flash(
            _("Publish a competency framework first: career levels set targets in it."), "warning"
        )
        return redirect(url_for("careers.index"))
    competencies = framework.assessed_competencies
    form = career_level_form(framework, competencies, level, request.method == "POST")
    saved, result = save_form(
        form, lambda: _save(form, level, framework, competencies), version_of=level
    )
    if saved:
        flash(_("Career level %(name)s saved.", name=result.name), "success")
        return redirect(url_for("careers.index"))
    return render_template(
        "competencies/careers/edit.html",
        form=form,
        level=level,
        competencies=competencies,
        framework=framework,
    ), 422 if form.errors else 200


def _level_and_framework(level_id: int | None) -> tuple[CareerLevel | None, object | None]:
    """The level being edited (404 if unknown) and its framework's snapshot; a new level joins
    the framework in use."""
    level = get_career_level_or_404(level_id) if level_id else None
    framework_id = level.framework_id if level else framework_in_use_id()
    return level, framework_snapshot(framework_id) if framework_id is not None else None


def _save(form, level: CareerLevel | None, framework, competencies) -> CareerLevel:
    return save_career_level(
        level,
        actor=current_user,
        framework=framework,
        idnumber=form.idnumber.data,
        rank=form.rank.data,
        names=form_texts(form, "name"),
        targets={c.id: form[f"target_{c.id}"].data for c in competencies},
    )

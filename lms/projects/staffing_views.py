"""Staffing a key project: the PMO's ranking of the PMs who could run it and the decision."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..clock import site_today
from ..i18n import gettext as _
from ..outcomes import sentence
from ..permissions import require
from ..web.forms import save_form
from . import queries
from .forms import StaffingForm
from .permissions import can_staff_project
from .staffing import assign_pm, decisions, staffing
from .views import bp


@bp.route("/<int:project_id>/staffing", methods=["GET", "POST"])
def staffing_page(project_id: int):
    project = queries.get_project_or_404(project_id, current_user)
    require(can_staff_project(current_user, project))
    ranking = staffing(project, site_today())
    by_id = {c.fit.person_id: c for c in ranking.candidates}
    form = StaffingForm(version=project.version)
    form.person.choices = [SelectChoice(pid, c.fit.name) for pid, c in by_id.items()]
    saved, result = save_form(
        form,
        lambda: assign_pm(
            project,
            actor=current_user,
            person_id=form.person.data,
            reason=form.reason.data,
            add_to_plan=form.add_to_plan.data,
            grounds=by_id.get(form.person.data),
        ),
        version_of=project,
    )
    if saved:
        decision, outcomes = result
        flash(_("%(name)s now runs %(code)s.", name=decision.person.name, code=project.code),
              "success")  # fmt: skip
        for outcome in outcomes:
            flash(sentence(outcome), "info")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template(
        "projects/staffing.html",
        project=project,
        ranking=ranking,
        form=form,
        decisions=decisions(project),
    ), 422 if form.errors else 200

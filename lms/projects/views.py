"""Project pages: the list each person may see, a project with its plan against its actuals,
the project form, baselines (the plan and each re-plan), the actuals grid and milestones."""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from ..accounts.queries import department_choices
from ..clock import site_today
from ..i18n import gettext as _
from ..permissions import require
from ..web.forms import ConfirmForm, flash_errors, save_form
from ..web.pagination import paginate
from . import grid, queries
from .actuals import record_periods
from .closing import LessonEntry, close_project, summary_draft
from .forms import (
    ActualsForm,
    BaselineForm,
    CloseForm,
    MilestoneForm,
    ProjectForm,
    ReachedForm,
)
from .labels import STATUSES
from .models import COMPLEXITY_FACTORS, EffortRole, Project, ProjectStatus
from .permissions import can_run_project, can_see_projects, can_start_project
from .progress import progress
from .services import add_milestone, reach_milestone, save_project, set_baseline
from .workflow import next_states

bp = Blueprint("projects", __name__, url_prefix="/projects")
PERIODS_LISTED = 6  # the project page's table (half a year of months); the chart shows all


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


def _filters() -> queries.ProjectFilters:
    status = request.args.get("status", "")
    return queries.ProjectFilters(
        search=request.args.get("q", "")[:100],
        status=ProjectStatus(status) if status in set(ProjectStatus) else None,
        department_id=request.args.get("department", type=int),
        mine=request.args.get("mine") == "1",
    )


@bp.route("/")
def index():
    require(can_see_projects(current_user))
    filters = _filters()
    listed, count = queries.project_list(current_user, filters)
    page = paginate(listed, count=count)
    return render_template(
        "projects/index.html",
        page=page,
        filters=filters,
        standings=queries.standings(page.items),
        statuses=STATUSES,
        departments=department_choices(),
    )


@bp.route("/<int:project_id>")
def detail(project_id: int):
    project = queries.get_project_or_404(project_id, current_user)
    records = queries.records_of(project, efforts=False)
    points = progress(project, records)
    every = request.args.get("periods") == "all"
    return render_template(
        "projects/detail.html",
        project=project,
        standing=queries.standings([project])[project.id],
        points=points,
        table=points if every else points[-PERIODS_LISTED:],  # newest last, as the chart
        chart=_chart(points),
        milestone_form=MilestoneForm(),
        confirm=ConfirmForm(),
    )


def _chart(points) -> Markup | None:
    """The S-curve: planned (original and current baseline), earned and actual, cumulative."""
    if not points or points[0].money is None:
        return None
    money = [p.money for p in points]
    return Markup.escape(json.dumps({
        "labels": [p.record.period_start.isoformat()[:7] for p in points],
        "series": {
            _("Planned (original baseline)"): [round(p.original_pv, 2) for p in points],
            _("Planned (current baseline)"): [round(m.pv, 2) for m in money],
            _("Earned"): [round(m.ev, 2) for m in money],
            _("Actual cost"): [round(m.ac, 2) for m in money],
        },
    }))  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
def edit(project_id: int | None = None):
    project = queries.get_project_or_404(project_id, current_user) if project_id else None
    require(can_run_project(current_user, project) if project else can_start_project(current_user))
    form = ProjectForm()
    if request.method == "GET":
        _fill(form, project)
    form.department_id.choices = [SelectChoice(i, name) for i, name in department_choices()]
    current = project.status if project else ProjectStatus.PROPOSED
    form.status.choices = [
        SelectChoice(s, STATUSES[s]) for s in next_states(ProjectStatus(current))
    ]
    saved, result = save_form(form, lambda: _save(form, project), version_of=project)
    if saved:
        flash(_("Project saved."), "success")
        return redirect(url_for("projects.detail", project_id=result.id))
    return render_template(
        "projects/form.html", form=form, project=project, factors=COMPLEXITY_FACTORS
    ), 422 if form.errors else 200


def _fill(form: ProjectForm, project: Project | None) -> None:
    if project is None:
        form.pm_email.data = current_user.email
        form.department_id.data = current_user.department_id
        return
    form.process(obj=project)
    form.pm_email.data, form.version.data = project.pm.email, project.version
    for factor in COMPLEXITY_FACTORS:
        value = getattr(project, factor)
        form[factor].data = str(value) if value else ""


def _save(form: ProjectForm, project: Project | None) -> Project:
    texts = ("code", "name", "objectives", "pm_email", "pm_role", "sponsor")
    return save_project(
        project,
        actor=current_user,
        **{name: form[name].data or "" for name in texts},
        department_id=form.department_id.data,
        status=ProjectStatus(form.status.data),
        period_kind=form.period_kind.data,
        team_size=form.team_size.data,
        is_key=form.is_key.data,
        complexity={f: int(form[f].data) if form[f].data else None for f in COMPLEXITY_FACTORS},
    )


@bp.route("/<int:project_id>/baseline", methods=["GET", "POST"])
def baseline(project_id: int):
    project = queries.get_project_or_404(project_id, current_user)
    require(can_run_project(current_user, project))
    current = project.baselines[-1] if project.baselines else None
    form = BaselineForm(obj=current) if request.method == "GET" else BaselineForm()
    if request.method == "GET" and current is not None:
        form.name.data = ""
        for effort in current.efforts:
            form[f"days_{effort.role}"].data = effort.person_days
    saved, _result = save_form(form, lambda: _set_baseline(form, project))
    if saved:
        flash(_("Baseline saved."), "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template(
        "projects/baseline.html", form=form, project=project, current=current, roles=EffortRole
    ), 422 if form.errors else 200


def _set_baseline(form: BaselineForm, project: Project):
    return set_baseline(
        project,
        actor=current_user,
        name=form.name.data or "",
        reason=form.reason.data or "",
        start_on=form.start_on.data,
        end_on=form.end_on.data,
        budget=form.budget.data,
        efforts={role: form[f"days_{role}"].data for role in EffortRole},
    )


@bp.route("/<int:project_id>/actuals", methods=["GET", "POST"])
def actuals(project_id: int):
    project = queries.get_project_or_404(project_id, current_user)
    require(can_run_project(current_user, project))
    every = request.args.get("all") == "1"
    first = queries.first_record_start(project)
    periods, earlier = grid.grid_periods(project, first, site_today(), every=every)
    since = periods[0] if periods else None
    records = {r.period_start: r for r in queries.records_of(project, since=since)}
    locked = queries.locked_months(periods[0].replace(day=1), periods[-1]) if periods else set()
    form = ActualsForm()
    if request.method == "GET":
        grid.fill(form, periods, records, locked)
    saved, result = save_form(
        form,
        lambda: record_periods(project, actor=current_user, entries=grid.entries(form, records)),
    )
    if saved:
        flash(_("Actuals saved for %(count)s periods.", count=len(result)), "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template(
        "projects/actuals.html",
        form=form,
        project=project,
        rows=grid.rows(form, project, periods, records),
        earlier=earlier,
        roles=EffortRole,
    ), 422 if form.errors else 200


@bp.route("/<int:project_id>/close", methods=["GET", "POST"])
def close(project_id: int):
    project = queries.get_project_or_404(project_id, current_user)
    require(can_run_project(current_user, project))
    form = CloseForm()
    if request.method == "GET":
        standing = queries.standings([project])[project.id]
        form.summary.data = summary_draft(project, standing, site_today())
    saved, _result = save_form(
        form,
        lambda: close_project(
            project, actor=current_user, summary=form.summary.data, lessons=_lessons(form)
        ),
    )
    if saved:
        flash(_("The project is closed; its actuals are frozen."), "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template(
        "projects/close.html", form=form, project=project
    ), 422 if form.errors else 200


def _lessons(form: CloseForm) -> list[LessonEntry]:
    return [
        LessonEntry(
            title=form[f"lesson{n}_title"].data or "",
            what_happened=form[f"lesson{n}_what_happened"].data or "",
            recommendation=form[f"lesson{n}_recommendation"].data or "",
            is_positive=form[f"lesson{n}_is_positive"].data,
        )
        for n in (1, 2)
    ]


@bp.route("/<int:project_id>/milestones", methods=["POST"])
def new_milestone(project_id: int):
    project = queries.get_project_or_404(project_id, current_user)
    require(can_run_project(current_user, project))
    form = MilestoneForm()
    saved, _result = save_form(
        form,
        lambda: add_milestone(
            project, actor=current_user, title=form.title.data, due_on=form.due_on.data
        ),
    )
    flash(_("Milestone added."), "success") if saved else flash_errors(form)
    return redirect(url_for("projects.detail", project_id=project.id, _anchor="milestones"))


@bp.route("/milestones/<int:milestone_id>/reached", methods=["POST"])
def reached(milestone_id: int):
    milestone = queries.get_milestone_or_404(milestone_id, current_user)
    require(can_run_project(current_user, milestone.project))
    form = ReachedForm()
    done_on: date | None = form.done_on.data if form.done_on.data else None
    saved, _result = save_form(
        form, lambda: reach_milestone(milestone, actor=current_user, done_on=done_on)
    )
    flash(_("Milestone updated."), "success") if saved else flash_errors(form)
    return redirect(
        url_for("projects.detail", project_id=milestone.project_id, _anchor="milestones")
    )

"""Plan lists: the approvers' "waiting for me" queue, a director's team plans, HR's and the PMO's
organisation overview (with CSV/XLSX export), the PMO's plan templates and approvers' deputies."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from lms.accounts.queries import department_tree
from lms.accounts.services import find_user_by_email
from lms.clock import site_today
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import gettext as _
from lms.permissions import require
from lms.web.export import FORMATS, export_response
from lms.web.forms import run_action, save_form
from lms.web.pagination import CountedPage, last_page_for

from ..careers.queries import career_levels, get_career_level_or_404
from ..framework.queries import framework_in_use_id
from ..framework.snapshots import framework_snapshot
from . import queries
from .deputies import name_deputy, remove_deputy
from .forms import DeputyForm, TemplateForm
from .labels import plan_labels
from .models import ActivityKind, PlanDeputy
from .overview import STATES, overview_figures
from .permissions import (
    can_delegate_approvals,
    can_manage_plan_templates,
    can_remove_deputy,
    can_see_plan_queue,
    can_view_plan_overview,
    can_view_team_plans,
)
from .templates import save_template, template_for, templates_by_level
from .views import bp


def _overdue_after() -> int:
    return current_app.config.get("PLAN_APPROVAL_OVERDUE_DAYS", 5)


@bp.route("/waiting")
def waiting():
    require(can_see_plan_queue(current_user))
    page = queries.waiting_for(
        current_user, request.args.get("page", 1, type=int), current_app.config["PER_PAGE"]
    )
    return render_template(
        "competencies/plans/waiting.html",
        page=page,
        today=site_today(),
        overdue_after=_overdue_after(),
    )


@bp.route("/team")
def team():
    require(can_view_team_plans(current_user))
    tree = department_tree()
    mine = tree.directed_by(current_user.id)
    department_id = request.args.get("department", type=int)
    state = request.args.get("state")
    state = state if state in STATES else None
    overdue = request.args.get("overdue") == "1"
    page = queries.team_plans(
        current_user,
        department_id=department_id,
        state=state,
        overdue=overdue,
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template(
        "competencies/plans/team.html",
        page=page,
        departments=[(d, name) for d, name in tree.by_name if d in mine],
        filters={"department": department_id, "state": state, "overdue": overdue},
        states=STATES,
        today=site_today(),
    )


@bp.route("/overview")
def overview():
    require(can_view_plan_overview(current_user))
    figures = overview_figures(fresh=request.args.get("fresh") == "1")
    fmt = request.args.get("format")
    if fmt is not None:
        if fmt not in FORMATS:
            abort(400)
        frame = figures.by_department().reset_index()
        return export_response(frame, "development-plans-by-department", fmt)
    per_page = current_app.config["PER_PAGE"]
    page = request.args.get("page", 1, type=int)
    total = len(figures.missing)
    page = last_page_for(page, total, per_page)
    missing = CountedPage(
        figures.missing[(page - 1) * per_page : page * per_page], total, page, per_page
    )
    return render_template(
        "competencies/plans/overview.html",
        missing=missing,
        figures=figures,
        states=STATES,
        state_labels={state: plan_labels.state(state) for state in STATES},
    )


@bp.route("/templates")
def templates():
    require(can_manage_plan_templates(current_user))
    levels = career_levels(framework_in_use_id())
    return render_template(
        "competencies/plans/templates.html",
        levels=levels,
        templates=templates_by_level([level.id for level in levels]),
    )


@bp.route("/templates/<int:level_id>", methods=["GET", "POST"])
def edit_template(level_id: int):
    require(can_manage_plan_templates(current_user))
    level = get_career_level_or_404(level_id)
    template = template_for(level.id)
    framework = framework_snapshot(level.framework_id)
    form = TemplateForm()
    if request.method == "GET":
        _fill(form, template)
    competencies = [SelectChoice(0, _("Any goal"))] + [
        SelectChoice(c.id, c.name) for c in framework.assessed_competencies
    ]
    for entry in form.activities:
        entry.form.competency_id.choices = competencies
    saved, _result = save_form(form, lambda: _save_template(form, level), version_of=template)
    if saved:
        flash(_("Template saved."), "success")
        return redirect(url_for("plans.templates"))
    return render_template(
        "competencies/plans/template_form.html", form=form, level=level
    ), 422 if form.errors else 200


def _fill(form: TemplateForm, template) -> None:
    form.goal_count.data = template.goal_count if template else 3
    if template is not None:
        form.version.data = template.version
        for lang in ("en", "zh_CN"):
            form[f"summary_{lang}"].data = template.summaries.get(lang, "")
            form[f"measure_{lang}"].data = template.measures.get(lang, "")
    items = template.activities if template else []
    for item in items:
        form.activities.append_entry(
            {
                "kind": str(item.kind),
                "title_en": item.titles.get("en", ""),
                "title_zh_CN": item.titles.get("zh_CN", ""),
                "competency_id": item.competency_id or 0,
            }
        )
    for _blank in range(2):  # room for new suggestions
        form.activities.append_entry({"competency_id": 0})


def _save_template(form: TemplateForm, level):
    texts = lambda name: {  # noqa: E731
        lang: (form[f"{name}_{lang}"].data or "").strip()
        for lang in ("en", "zh_CN")
        if (form[f"{name}_{lang}"].data or "").strip()
    }
    return save_template(
        level,
        actor=current_user,
        summaries=texts("summary"),
        measures=texts("measure"),
        goal_count=form.goal_count.data,
        activities=[
            (
                ActivityKind(entry.form.kind.data),
                {
                    lang: (entry.form[f"title_{lang}"].data or "").strip()
                    for lang in ("en", "zh_CN")
                    if (entry.form[f"title_{lang}"].data or "").strip()
                },
                entry.form.competency_id.data or None,
            )
            for entry in form.activities
        ],
    )


@bp.route("/deputies", methods=["GET", "POST"])
def deputies():
    require(can_delegate_approvals(current_user))
    form = DeputyForm()
    saved, _result = save_form(form, lambda: _name(form))
    if saved:
        flash(_("Deputy named."), "success")
        return redirect(url_for("plans.deputies"))
    delegations = db.session.scalars(
        db.select(PlanDeputy)
        .where(PlanDeputy.principal_id == current_user.id)
        .order_by(PlanDeputy.starts_on.desc())
    ).all()
    return render_template(
        "competencies/plans/deputies.html", form=form, delegations=delegations, today=site_today()
    ), 422 if form.errors else 200


def _name(form: DeputyForm):
    deputy = find_user_by_email(form.deputy.data)
    if deputy is None:
        raise ServiceError(_("Nobody here has this e-mail address."), field="deputy")
    return name_deputy(
        current_user,
        actor=current_user,
        deputy_id=deputy.id,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
    )


@bp.route("/deputies/<int:deputy_id>/delete", methods=["POST"])
def delete_deputy(deputy_id: int):
    delegation = db.session.get(PlanDeputy, deputy_id)
    require(delegation is not None and can_remove_deputy(current_user, delegation), hide=True)
    run_action(remove_deputy, delegation, _("Deputy removed."))
    return redirect(url_for("plans.deputies"))

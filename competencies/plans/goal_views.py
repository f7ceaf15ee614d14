"""Editing a plan's goals and activities (the PM), and recording an activity's progress."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from lms.accounts.services import find_user_by_email
from lms.errors import ServiceError
from lms.i18n import gettext as _
from lms.permissions import require
from lms.web.forms import run_action, save_form

from ..framework.snapshots import framework_snapshot
from . import content, queries
from .forms import ActivityForm, GoalForm, ProgressForm
from .models import ActivityKind, ActivityStatus
from .permissions import can_edit_plan
from .views import bp


def _editable(plan_id: int):
    plan = queries.get_plan_or_404(plan_id, current_user)
    require(can_edit_plan(current_user, plan))
    return plan


def _back(plan, anchor: str | None = None):
    return redirect(url_for("plans.detail", plan_id=plan.id, _anchor=anchor))


def _goal_choices(form: GoalForm, plan) -> None:
    framework_id = _framework_id(plan)
    framework = framework_snapshot(framework_id) if framework_id is not None else None
    competencies = framework.assessed_competencies if framework else []
    form.competency_id.choices = [SelectChoice(c.id, c.name) for c in competencies]
    levels = framework.levels if framework else []
    form.target_level.choices = [
        (lvl.value, f"{lvl.value} · {lvl.name}") for lvl in levels if lvl.value
    ]


def _framework_id(plan):
    from lms.extensions import db

    from ..careers.models import CareerLevel
    from ..framework.queries import framework_in_use_id

    level = db.session.get(CareerLevel, plan.aim_level_id) if plan.aim_level_id else None
    return level.framework_id if level else framework_in_use_id()


@bp.route("/<int:plan_id>/goals/new", methods=["GET", "POST"])
@bp.route("/<int:plan_id>/goals/<int:goal_id>/edit", methods=["GET", "POST"])
def edit_goal(plan_id: int, goal_id: int | None = None):
    plan = _editable(plan_id)
    goal = queries.get_goal_or_404(plan, goal_id) if goal_id else None
    form = GoalForm(obj=goal if request.method == "GET" else None)
    _goal_choices(form, plan)
    if request.method == "GET":
        form.version.data = plan.version
        if goal is None:
            form.due_on.data = plan.period_end
    values = lambda: dict(  # noqa: E731
        competency_id=form.competency_id.data,
        target_level=form.target_level.data,
        due_on=form.due_on.data,
        success_measure=form.success_measure.data,
    )
    save = (
        (lambda: content.update_goal(goal, actor=current_user, **values()))
        if goal
        else (lambda: content.add_goal(plan, actor=current_user, **values()))
    )
    saved, _result = save_form(form, save, version_of=plan)
    if saved:
        flash(_("Goal saved."), "success")
        return _back(plan, "goals")
    return render_template(
        "competencies/plans/goal_form.html", form=form, plan=plan, goal=goal
    ), 422 if form.errors else 200


@bp.route("/<int:plan_id>/goals/<int:goal_id>/delete", methods=["POST"])
def delete_goal(plan_id: int, goal_id: int):
    plan = _editable(plan_id)
    goal = queries.get_goal_or_404(plan, goal_id)
    run_action(content.remove_goal, goal, _("Goal removed."))
    return _back(plan, "goals")


def _mentor_id(form: ActivityForm):
    if not form.mentor.data:
        return None
    mentor = find_user_by_email(form.mentor.data)
    if mentor is None:
        raise ServiceError(_("Nobody here has this e-mail address."), field="mentor")
    return mentor.id


@bp.route("/<int:plan_id>/goals/<int:goal_id>/activities/new", methods=["GET", "POST"])
@bp.route("/<int:plan_id>/activities/<int:activity_id>/edit", methods=["GET", "POST"])
def edit_activity(plan_id: int, goal_id: int | None = None, activity_id: int | None = None):
    plan = _editable(plan_id)
    activity = queries.get_activity_or_404(plan, activity_id) if activity_id else None
    goal = activity.goal if activity else queries.get_goal_or_404(plan, goal_id)
    form = ActivityForm(obj=activity if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = plan.version
        if activity is not None:
            form.kind.data = str(activity.kind)
            form.mentor.data = activity.mentor.email if activity.mentor else ""

    def values() -> dict:
        return dict(
            kind=ActivityKind(form.kind.data),
            title=form.title.data,
            mentor_id=_mentor_id(form),
            due_on=form.due_on.data,
        )

    save = (
        (lambda: content.update_activity(activity, actor=current_user, **values()))
        if activity
        else (lambda: content.add_activity(goal, actor=current_user, **values()))
    )
    saved, _result = save_form(form, save, version_of=plan)
    if saved:
        flash(_("Activity saved."), "success")
        return _back(plan, f"goal-{goal.id}")
    return render_template(
        "competencies/plans/activity_form.html", form=form, plan=plan, goal=goal, activity=activity
    ), 422 if form.errors else 200


@bp.route("/<int:plan_id>/activities/<int:activity_id>/delete", methods=["POST"])
def delete_activity(plan_id: int, activity_id: int):
    plan = _editable(plan_id)
    activity = queries.get_activity_or_404(plan, activity_id)
    run_action(content.remove_activity, activity, _("Activity removed."))
    return _back(plan, "goals")


@bp.route("/<int:plan_id>/activities/<int:activity_id>/progress", methods=["POST"])
def progress(plan_id: int, activity_id: int):
    plan = _editable(plan_id)
    activity = queries.get_activity_or_404(plan, activity_id)
    form = ProgressForm(prefix=f"a{activity.id}")
    saved, _result = save_form(
        form,
        lambda: content.record_progress(
            activity,
            actor=current_user,
            status=ActivityStatus(form.status.data),
            notes=form.notes.data,
        ),
    )
    if saved:
        flash(_("Progress saved."), "success")
    else:
        flash(
            " ".join(e for errors in form.errors.values() for e in errors) or _("Nothing saved."),
            "warning",
        )
    return _back(plan, f"activity-{activity.id}")

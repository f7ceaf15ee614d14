"""Development plan pages: the PM's plans and a new plan, one plan (and its print view and
frozen revisions), and the transitions on it (submit, decide, comment, complete, cancel)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.clock import site_today
from lms.i18n import gettext as _
from lms.permissions import require
from lms.web.forms import run_action, save_form

from ..careers.queries import career_levels
from ..framework.queries import framework_in_use_id
from . import queries
from .forms import CancelForm, DecideForm, StartPlanForm
from .models import NoteKind
from .notes import add_note
from .page import note_form, plan_page
from .permissions import can_close_plan, can_decide_plan, can_plan_own_development
from .reads import plan_view_or_404
from .services import close_plan, decide_plan, submit_plan
from .templates import start_from_template

bp = Blueprint("plans", __name__, url_prefix="/plans")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


@bp.route("/")
def index():
    require(can_plan_own_development(current_user))
    return render_template(
        "competencies/plans/index.html", plans=queries.plans_of(current_user), today=site_today()
    )


def _next_period(today: date) -> tuple[date, date]:
    """The calendar year; from October on, the coming one (plans are agreed before it starts)."""
    year = today.year + 1 if today.month >= 10 else today.year
    return date(year, 1, 1), date(year, 12, 31)


@bp.route("/new", methods=["GET", "POST"])
def new():
    require(can_plan_own_development(current_user))
    form = StartPlanForm()
    levels = career_levels(framework_in_use_id())
    form.aim_level_id.choices = [SelectChoice(level.id, level.name) for level in levels]
    if request.method == "GET":
        form.period_start.data, form.period_end.data = _next_period(site_today())
        aim = _aim_of(current_user)
        form.aim_level_id.data = aim.id if aim else (levels[0].id if levels else None)
    if not levels:
        flash(_("The PMO has not set up career levels yet: a plan aims at one."), "warning")
        return redirect(url_for("plans.index"))
    saved, plan = save_form(form, lambda: _start(form, levels))
    if saved:
        flash(_("Your plan is started: check the goals, then submit it."), "success")
        return redirect(url_for("plans.detail", plan_id=plan.id))
    return render_template("competencies/plans/new.html", form=form), 422 if form.errors else 200


def _aim_of(person):
    from ..careers.queries import assignment_of

    assignment = assignment_of(person)
    return assignment.aim if assignment else None


def _start(form, levels):
    level = next((lvl for lvl in levels if lvl.id == form.aim_level_id.data), levels[0])
    return start_from_template(
        current_user,
        actor=current_user,
        period_start=form.period_start.data,
        period_end=form.period_end.data,
        level=level,
    )


@bp.route("/<int:plan_id>")
def detail(plan_id: int):
    return render_template("competencies/plans/detail.html", page=_page(plan_id))


def _page(plan_id: int):
    return plan_page(plan_view_or_404(plan_id, current_user), current_user)


@bp.route("/<int:plan_id>/print")
def print_view(plan_id: int):
    return render_template("competencies/plans/print.html", page=_page(plan_id))


@bp.route("/<int:plan_id>/revisions/<int:number>")
def revision(plan_id: int, number: int):
    plan = plan_view_or_404(plan_id, current_user)
    found = next((r for r in plan.revisions if r.number == number), None)
    require(found is not None, hide=True)
    return render_template("competencies/plans/revision.html", plan=plan, revision=found)


@bp.route("/<int:plan_id>/submit", methods=["POST"])
def submit(plan_id: int):
    plan = queries.get_plan_or_404(plan_id, current_user)
    run_action(submit_plan, plan, _("Submitted: your director and HR are told."))
    return redirect(url_for("plans.detail", plan_id=plan.id))


@bp.route("/<int:plan_id>/decide", methods=["POST"])
def decide(plan_id: int):
    plan = queries.get_plan_or_404(plan_id, current_user)
    require(can_decide_plan(current_user, plan))
    form = DecideForm()
    saved, _result = save_form(
        form,
        lambda: decide_plan(
            plan, actor=current_user, decision=form.chosen, comment=form.comment.data or ""
        ),
        version_of=plan,
    )
    if saved:
        flash(_("Your decision is recorded."), "success")
        return redirect(url_for("plans.detail", plan_id=plan.id))
    page = _page(plan_id)
    page.decide_form = form  # the comment stays as written
    return render_template("competencies/plans/detail.html", page=page), 422


@bp.route("/<int:plan_id>/notes", methods=["POST"])
def note(plan_id: int):
    plan = queries.get_plan_or_404(plan_id, current_user)
    chosen = request.form.get("kind", "")
    kind = NoteKind(chosen) if chosen in set(NoteKind) else NoteKind.COMMENT
    form = note_form(kind)
    saved, _result = save_form(
        form, lambda: add_note(plan, actor=current_user, body=form.body.data, kind=kind)
    )
    if saved:
        return redirect(url_for("plans.detail", plan_id=plan.id, _anchor="conversation"))
    page = _page(plan_id)
    page.note_forms[kind] = form
    return render_template("competencies/plans/detail.html", page=page), 422


@bp.route("/<int:plan_id>/complete", methods=["POST"])
def complete(plan_id: int):
    plan = queries.get_plan_or_404(plan_id, current_user)
    run_action(
        lambda target, actor: close_plan(target, actor=actor, completed=True),
        plan,
        _("The plan is completed."),
    )
    return redirect(url_for("plans.detail", plan_id=plan.id))


@bp.route("/<int:plan_id>/cancel", methods=["POST"])
def cancel(plan_id: int):
    plan = queries.get_plan_or_404(plan_id, current_user)
    require(can_close_plan(current_user, plan))
    form = CancelForm()
    saved, _result = save_form(
        form,
        lambda: close_plan(plan, actor=current_user, completed=False, reason=form.reason.data),
    )
    if saved:
        flash(_("The plan is cancelled."), "success")
    else:
        flash(_("Say why the plan is cancelled."), "warning")
    return redirect(url_for("plans.detail", plan_id=plan.id))

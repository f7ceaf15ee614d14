"""Report pages: the team matrix (directors, HR, PMO) and the organisation heatmap (HR, PMO),
each also as a CSV or XLSX download of the whole filtered table (?format=csv|xlsx)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from lms.accounts.queries import department_choices, department_subtree_ids
from lms.permissions import require
from lms.web.export import FORMATS, export_response

from ..careers.queries import career_level_names
from . import gaps, matrix, queries
from .heatmap import DEFAULT_METRIC, METRICS, heatmap_table, organisation_heatmap
from .permissions import can_view_every_department, can_view_heatmap, can_view_team_matrix

bp = Blueprint("competency_reports", __name__, url_prefix="/competencies")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


def _scope() -> frozenset[int] | None:
    """The departments the viewer may report on: None for every one (HR, PMO)."""
    if can_view_every_department(current_user):
        return None
    return queries.directed_department_ids(current_user)


def department_ids_in_scope(scope: frozenset[int] | None, department_id: int | None):
    """The chosen department and those below it; 404 outside the viewer's scope."""
    if department_id is None:
        return scope
    if scope is not None and department_id not in scope:
        abort(404)
    subtree = frozenset(department_subtree_ids([department_id]))
    if not subtree:
        abort(404)
    return subtree


def _context(*, own_team: bool) -> dict:
    """Filters and the choices of the filter form, shared by both reports."""
    scope, department_id = _scope(), request.args.get("department", type=int)
    competencies = gaps.load_competencies()
    filters = queries.Filters(
        department_ids=department_ids_in_scope(scope, department_id),
        career_level_id=request.args.get("level", type=int),
        area_id=request.args.get("area", type=int),
        exclude_user_id=current_user.id if own_team and scope is not None else None,
    )
    return {
        "filters": filters,
        "competencies": competencies,
        "levels": (
            career_level_names(competencies.framework_id) if competencies.framework_id else []
        ),
        "departments": [(i, n) for i, n in department_choices() if scope is None or i in scope],
        "department_id": department_id,
        "scope": scope,
    }


def _export_format() -> str | None:
    fmt = request.args.get("format")
    if fmt is not None and fmt not in FORMATS:
        abort(400)
    return fmt


@bp.route("/team")
def team():
    require(can_view_team_matrix(current_user))
    fmt, context = _export_format(), _context(own_team=True)
    args = (context["filters"], context["competencies"], context["levels"])
    sort = request.args.get("sort") if request.args.get("sort") in matrix.SORTS else "name"
    if fmt:
        return export_response(matrix.team_table(*args, sort=sort), "team-matrix", fmt)
    report = matrix.team_matrix(*args, page=request.args.get("page", 1, type=int), sort=sort)
    return render_template("competencies/reports/team.html", report=report, sort=sort, **context)


@bp.route("/heatmap")
def heatmap():
    require(can_view_heatmap(current_user))
    fmt, context = _export_format(), _context(own_team=False)
    metric = request.args.get("metric", DEFAULT_METRIC)
    report = organisation_heatmap(context["filters"], context["competencies"], metric)
    if fmt:
        return export_response(heatmap_table(report), f"competency-heatmap-{report.metric}", fmt)
    return render_template(
        "competencies/reports/heatmap.html", report=report, metrics=METRICS, **context
    )

"""Project report pages: the portfolio (by department, with the RAG spread and the projects most
over plan), effort by role over time, and the PMO's organisation figures; each exports as CSV
(the rows) or XLSX (grouped, with subtotals)."""

from __future__ import annotations

import json
from datetime import timedelta

import pandas as pd
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from markupsafe import Markup

from ..clock import site_today
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import require
from ..projects.labels import EFFORT_ROLES, RAGS, STATUSES
from ..projects.models import Project, ProjectStatus
from ..projects.queries import thresholds
from ..web.export import grouped_export_response
from .organisation import effort_by_role, organisation_report
from .permissions import can_view_organisation_report, can_view_project_reports, report_scope
from .portfolio import most_behind, portfolio, rag_counts, totals

bp = Blueprint("project_reports", __name__, url_prefix="/reports/projects")
MOST_OVER = 15


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every report needs a signed-in person; each view checks its own predicate."""


def _scope():
    scope = report_scope(current_user)
    department = request.args.get("department", type=int)
    if department:
        from ..accounts.queries import department_tree

        scope = scope.where(
            Project.department_id.in_(sorted(department_tree().subtree([department])))
        )
    status = request.args.get("status", "")
    if status in set(ProjectStatus):
        scope = scope.where(Project.status == status)
    return scope


@bp.route("/")
def portfolio_report():
    require(can_view_project_reports(current_user))
    frame = portfolio(_scope(), site_today(), thresholds())
    if request.args.get("format") in {"csv", "xlsx"}:
        return _export(frame, request.args["format"])
    return render_template(
        "reports/portfolio.html",
        whole=totals(frame).iloc[0] if len(frame) else None,
        departments=totals(frame, "department").to_dict("records"),
        over=most_behind(frame, MOST_OVER),
        rag_chart=_rag_chart(rag_counts(frame) if len(frame) else {}),
        statuses=STATUSES,
        count=len(frame),
    )


def _rag_chart(counts: dict) -> Markup:
    labels = {**{str(k): str(v) for k, v in RAGS.items()}, "none": _("No record yet")}
    return Markup.escape(json.dumps({
        "labels": [labels[k] for k in counts], "values": list(counts.values()),
        "colours": ["#198754", "#ffc107", "#dc3545", "#adb5bd"][: len(counts)],
    }))  # fmt: skip


EXPORTED = {
    "department": N_("Department"), "code": N_("Code"), "name": N_("Project"), "pm": N_("Project manager"),
    "status": N_("Status"), "complexity": N_("Complexity"), "start_on": N_("Start"), "end_on": N_("Finish"),
    "as_of": N_("At"), "percent": N_("Percent complete"), "bac": N_("BAC"), "pv": N_("PV"), "ev": N_("EV"),
    "ac": N_("AC"), "sv": N_("SV"), "cv": N_("CV"), "spi": N_("SPI"), "spi_t": N_("SPI(t)"), "cpi": N_("CPI"),
    "eac": N_("EAC"), "vac": N_("VAC"), "bac_days": N_("Planned person-days"),
    "ac_days": N_("Actual person-days"), "rag": N_("Computed RAG"),
}  # fmt: skip


def _export(frame: pd.DataFrame, fmt: str):
    """Per project, grouped by department with each department's subtotal (and a total)."""
    columns = {key: _(label) for key, label in EXPORTED.items()}
    shown = frame.reindex(columns=list(EXPORTED)).copy()
    shown["status"] = shown["status"].map(lambda s: str(STATUSES[ProjectStatus(s)]))
    shown["rag"] = shown["rag"].map(lambda r: str(RAGS[r]) if r else "")
    shown = shown.rename(columns=columns)

    def subtotal(rows: pd.DataFrame) -> dict:
        raw = totals(frame.loc[rows.index]).iloc[0]
        return {columns[k]: raw[k] for k in ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi",
                                             "eac", "vac", "bac_days", "ac_days")}  # fmt: skip

    return grouped_export_response(
        shown,
        f"project-portfolio-{site_today().isoformat()}",
        fmt,
        group=columns["department"],
        subtotal=subtotal,
        total_label=lambda key: _("%(group)s subtotal", group=key) if key else _("Total"),
    )


@bp.route("/effort")
def effort():
    require(can_view_project_reports(current_user))
    since = (site_today().replace(day=1) - timedelta(days=335)).replace(day=1)
    table = effort_by_role(_scope(), since)
    names = {str(role): str(label) for role, label in EFFORT_ROLES.items()}
    if request.args.get("format") in {"csv", "xlsx"}:
        from ..web.export import export_response

        shown = table.rename(columns=names).reset_index().rename(columns={"month": _("Month")})
        return export_response(shown, f"effort-by-role-{since.isoformat()}", request.args["format"])
    chart = Markup.escape(json.dumps({
        "labels": list(table.index),
        "series": {names[c]: [round(v, 1) for v in table[c]] for c in table.columns},
    }))  # fmt: skip
    return render_template(
        "reports/effort.html", table=table, names=names, chart=chart, since=since
    )


@bp.route("/organisation")
def organisation():
    require(can_view_organisation_report(current_user))
    report = organisation_report(_scope(), site_today(), thresholds())
    chart = Markup.escape(json.dumps({
        "labels": list(report.by_month["month"]),
        "series": {_("Person-days"): [round(v, 1) for v in report.by_month["effort_days"]]},
    }))  # fmt: skip
    return render_template(
        "reports/organisation.html",
        report=report,
        chart=chart,
        rag_chart=_rag_chart(report.rags),
    )

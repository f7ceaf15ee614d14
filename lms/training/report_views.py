"""Training report pages: attendance and completion by course or department with charts, hours
per PM in a year, each exported as CSV or XLSX; feedback summaries (trainers: their classes)."""

from __future__ import annotations

import json

from flask import abort, current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup, escape

from ..accounts.queries import department_choices, department_subtree_ids
from ..clock import site_today
from ..i18n import gettext as _
from ..i18n import locale_code
from ..kept import kept
from ..permissions import Role, has_any_role, require
from ..web.export import FORMATS, export_response
from ..web.pagination import CountedPage, last_page_for
from .permissions import can_view_feedback, can_view_training_reports
from .reports import feedback_summary, training_report
from .views import _page, bp

TABS = ("course", "department", "hours")


def _columns() -> dict[str, str]:
    return {
        "course": _("Course"),
        "department": _("Department"),
        "seated": _("Seated"),
        "attended": _("Attended"),
        "completed": _("Completed"),
        "completion": _("Completion (%)"),
        "no_show": _("No-show rate (%)"),
        "rating": _("Feedback (1-5)"),
        "ratings": _("Ratings"),
        "name": _("Project manager"),
        "hours": _("Hours"),
    }


@bp.route("/training/reports")
def reports():
    require(can_view_training_reports(current_user))
    tab = request.args.get("tab") if request.args.get("tab") in TABS else "course"
    year = request.args.get("year", site_today().year, type=int)
    if not 2000 <= year <= 2100:
        abort(404)
    department_id = request.args.get("department", type=int)
    departments = frozenset(department_subtree_ids([department_id])) if department_id else None
    report = kept(
        ("training_report", year, departments, locale_code()),
        current_app.config.get("TRAINING_NEEDS_SECONDS", 60),
        lambda: training_report(year, departments),
        fresh=request.args.get("fresh") == "1",
    )
    table = report.hours[["name", "department", "hours"]] if tab == "hours" else report.by(tab)
    fmt = request.args.get("format")
    if fmt is not None:
        if fmt not in FORMATS:
            abort(400)
        return export_response(table.rename(columns=_columns()), f"training-{tab}-{year}", fmt)
    per_page = current_app.config["PER_PAGE"]
    page = last_page_for(_page(), len(table), per_page)
    shown = table.iloc[(page - 1) * per_page : page * per_page]
    rows = [{k: _number(v) for k, v in r.items()} for r in shown.to_dict("records")]
    return render_template(
        "training/reports.html",
        tab=tab,
        year=year,
        years=list(range(site_today().year + 1, site_today().year - 5, -1)),
        department_id=department_id,
        departments=department_choices(),
        page=CountedPage(rows, len(table), page, per_page),
        columns=_columns(),
        chart=_chart(report, tab, table),
        totals=_totals(report),
        computed_at=report.computed_at,
    )


def _number(value):
    """A cell as shown: text as it is, numbers with grouping and no trailing zeros, a dash for
    none (English and Chinese write numbers alike; Babel per cell cost a third of the page)."""
    if isinstance(value, str):
        return value
    if value is None or value != value:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _chart(report, tab: str, table) -> Markup:
    """The chart's data as an attribute value (static/js/training-charts.js draws it)."""
    if tab == "hours":
        bands = report.bands()
        data = {"kind": "hours", "labels": [b for b, _n in bands], "values": [n for _b, n in bands],
                "label": _("PMs")}  # fmt: skip
    else:
        top = table.sort_values("seated", ascending=False, kind="stable").head(15)
        data = {
            "kind": "completion",
            "labels": top[tab].tolist(),
            "values": [None if v != v else float(v) for v in top.completion.tolist()],
            "label": _("Completion (%)"),
        }
    return Markup(escape(json.dumps(data, ensure_ascii=False)))


def _totals(report) -> dict:
    frame = report.enrolments
    return {
        "seated": len(frame),
        "completed": int(frame.completed.sum()) if len(frame) else 0,
        "hours": float(report.hours.hours.sum()),
        "pms": len(report.hours),
    }


@bp.route("/training/feedback")
def feedback_summaries():
    """Per course and per trainer; a trainer who is not also the PMO sees their classes only."""
    require(can_view_feedback(current_user))
    own = None if has_any_role(current_user, Role.PMO) else current_user.id
    per_course, per_trainer = kept(
        ("training_feedback", own, locale_code()),
        current_app.config.get("TRAINING_NEEDS_SECONDS", 60),
        lambda: feedback_summary(own),
    )
    return render_template(
        "training/feedback.html",
        per_course=per_course.to_dict("records"),
        per_trainer=per_trainer.to_dict("records"),
        own=own is not None,
    )

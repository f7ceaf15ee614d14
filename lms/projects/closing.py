"""Closing a project: the summary report prefilled from the project's own figures (objectives
against results, schedule and cost performance, open items) and the library's template when
there is one (lms.projects.registry); at least one lesson learned; then the actuals frozen
and the closing announced (lms.signals.project_closed), so the PM's profile gains the
project-led evidence and the club the lessons."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from ..audit.services import record, register_action
from ..clock import site_today
from ..errors import ServiceError
from ..extensions import db
from ..i18n import N_
from ..i18n import gettext as _
from ..permissions import ensure
from ..signals import announce_activity_completed, project_closed
from ..web.markdown import render_markdown
from .labels import ProjectLabels
from .models import Project, ProjectStatus
from .permissions import can_run_project
from .queries import Standing
from .registry import summary_template

register_action("projects.project_closed", N_("Project closed"))
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class LessonEntry:
    title: str
    recommendation: str
    what_happened: str = ""
    is_positive: bool = False


def months_led(project: Project, closed_on: date) -> float:
    """From the original baseline's start to the closing, in months to one place."""
    if not project.baselines:
        return 0.0
    start = project.baselines[0].start_on
    return round(max((closed_on - start).days, 0) / DAYS_PER_MONTH, 1)


def summary_draft(project: Project, standing: Standing, today: date) -> str:
    """The summary report as the closing page first shows it: the project's figures, then the
    library's summary template filled in (or a short outline when there is none)."""
    figures = _figures(project, standing, today)
    values = {
        "project_name": f"{project.code} {project.name}",
        "project_manager": project.pm.name,
        "sponsor": project.sponsor,
        "department": project.department.name,
        "start_date": project.baselines[0].start_on.isoformat() if project.baselines else "",
        "end_date": project.baselines[-1].end_on.isoformat() if project.baselines else "",
    }
    template = summary_template(values)
    outline = template if template is not None else _outline(project)
    return f"{figures}\n\n{outline}".strip() + "\n"


def _figures(project: Project, standing: Standing, today: date) -> str:
    L, money, days = ProjectLabels, standing.money, standing.days
    rows = [(_("Key figures at closing"), "")]
    if money is not None:
        original, current = project.baselines[0], project.baselines[-1]
        planned = _(
            "%(start)s – %(end)s (current baseline: until %(current)s)",
            start=original.start_on.isoformat(),
            end=original.end_on.isoformat(),
            current=current.end_on.isoformat(),
        )
        rows += [
            (_("Planned"), planned),
            (_("Closed"), today.isoformat()),
            (_("Percent complete"), f"{L.amount(standing.percent_complete)}%"),
            (_("Budget / actual cost"), f"{L.amount(money.bac)} / {L.amount(money.ac)}"),
            (
                _("Effort planned / actual (person-days)"),
                f"{L.amount(days.bac)} / {L.amount(days.ac)}",
            ),
            (
                _("SPI / SPI(t) / CPI"),
                " / ".join(map(L.index, (money.spi, money.spi_t, money.cpi))),
            ),
        ]
    table = "\n".join(
        [f"| {rows[0][0]} | |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows[1:]]
    )
    open_items = [
        f"- {m.title} ({m.due_on.isoformat()})" for m in project.milestones if not m.done_on
    ]
    if not open_items:
        return table
    heading = _("Milestones not reached")
    return f"{table}\n\n**{heading}**\n\n" + "\n".join(open_items)


def _outline(project: Project) -> str:
    headings = (_("Objectives and results"), _("Schedule and cost performance"), _("Open items"))
    return f"## {headings[0]}\n\n{project.objectives}\n\n## {headings[1]}\n\n\n## {headings[2]}\n\n"


def close_project(project: Project, *, actor, summary: str, lessons: list[LessonEntry]) -> Project:
    """Close a project: its actuals are frozen (no edit, import or re-plan after), its summary
    report kept, and the closing announced with its lessons. Raises ServiceError on `summary`
    (empty) or `lessons` (none with a title and a recommendation)."""
    ensure(can_run_project(actor, project))
    lessons = [item for item in lessons if item.title.strip() and item.recommendation.strip()]
    if not lessons:
        raise ServiceError(_("Give at least one lesson learned."), field="lesson1_title")
    if not summary.strip():
        raise ServiceError(_("Write the summary report."), field="summary")
    today = site_today()
    project.status, project.closed_on = ProjectStatus.CLOSED, today
    project.summary, project.lessons = summary.strip(), [asdict(item) for item in lessons]
    project.summary_html = render_markdown(project.summary)
    db.session.flush()
    record(actor, "projects.project_closed", project, label=f"{project.code} {project.name}")
    project_closed.send(
        project, person_id=project.pm_id, code=project.code, name=project.name,
        months=months_led(project, today), team_size=project.team_size,
        complexity=project.complexity_total, closed_on=today, lessons=project.lessons,
        actor=actor,
    )  # fmt: skip
    # a stretch assignment on the PM's plan (lms.projects.staffing) is done with the project
    announce_activity_completed("project", person_id=project.pm_id, link_id=project.id, actor=actor)
    return project

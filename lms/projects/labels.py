"""What project states, PM roles, effort roles, RAG colours and the CIFTER factors are called
on the pages."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import format_percent
from markupsafe import Markup

from ..i18n import format_number, locale_code
from ..i18n import lazy_gettext as _l
from .models import BatchState, EffortRole, PMRole, ProjectStatus, Rag

STATUSES = {
    ProjectStatus.PROPOSED: _l("Proposed"),
    ProjectStatus.RUNNING: _l("Running"),
    ProjectStatus.ON_HOLD: _l("On hold"),
    ProjectStatus.CLOSED: _l("Closed"),
    ProjectStatus.CANCELLED: _l("Cancelled"),
}
STATUS_STYLES = {
    ProjectStatus.PROPOSED: "secondary",
    ProjectStatus.RUNNING: "primary",
    ProjectStatus.ON_HOLD: "warning",
    ProjectStatus.CLOSED: "dark",
    ProjectStatus.CANCELLED: "danger",
}
PM_ROLES = {
    PMRole.LEAD: _l("Project manager (leads it)"),
    PMRole.CO_LEAD: _l("Co-lead"),
    PMRole.SUBPROJECT: _l("Sub-project manager"),
}
EFFORT_ROLES = {
    EffortRole.PROJECT_MANAGER: _l("Project management"),
    EffortRole.ANALYST: _l("Business analysis"),
    EffortRole.ARCHITECT: _l("Architecture"),
    EffortRole.DEVELOPER: _l("Development"),
    EffortRole.TESTER: _l("Testing"),
    EffortRole.OTHER: _l("Other"),
}
IMPORT_FIELDS = {
    "project": _l("Project code"),
    "day": _l("Date"),
    "person": _l("Person (e-mail)"),
    "activity": _l("Role or activity"),
    "effort": _l("Effort"),
}
BATCH_STATES = {
    BatchState.CHECKED: _l("Checked, not imported"),
    BatchState.APPLIED: _l("Imported"),
    BatchState.ROLLED_BACK: _l("Rolled back"),
}
RAGS = {Rag.GREEN: _l("Green"), Rag.AMBER: _l("Amber"), Rag.RED: _l("Red")}
RAG_STYLES = {Rag.GREEN: "success", Rag.AMBER: "warning", Rag.RED: "danger"}
# CIFTER (GAPPS): each factor and what its lowest and highest scores mean
FACTORS = {
    "stability": (_l("Stability of the project context"), _l("very high"), _l("very low")),
    "disciplines": (
        _l("Number of distinct disciplines, methods or approaches"),
        _l("low"),
        _l("high"),
    ),
    "implications": (
        _l("Magnitude of legal, social or environmental implications"),
        _l("low"),
        _l("very high"),
    ),
    "financial_impact": (
        _l("Overall expected financial impact on the stakeholders"),
        _l("low"),
        _l("very high"),
    ),
    "strategic_importance": (
        _l("Strategic importance of the project to the organisation"),
        _l("very low"),
        _l("very high"),
    ),
    "stakeholder_cohesion": (
        _l("Stakeholder cohesion about the product (high cohesion scores low)"),
        _l("high"),
        _l("very low"),
    ),
    "interfaces": (
        _l("Number and variety of interfaces with other organisational entities"),
        _l("very low"),
        _l("very high"),
    ),
}


def complexity_band(total: int | None) -> str:
    """The GAPPS reading of a CIFTER total."""
    if total is None:
        return str(_l("Not rated"))
    if total <= 11:
        return str(_l("Below Global Level 1"))
    if total <= 18:
        return str(_l("Global Level 1 (moderately complex)"))
    if total <= 25:
        return str(_l("Global Level 2 (very complex)"))
    return str(_l("Above Global Level 2"))


def band_name(band: int) -> str:
    """A GAPPS band by number (lms.reports.organisation.band_of): 0 not rated, then 1-4."""
    return complexity_band({0: None, 1: 7, 2: 12, 3: 19, 4: 26}[int(band)])


class ProjectLabels:
    """Lookups by value or member for templates: `project_labels.status(project.status)`."""

    statuses, pm_roles, effort_roles, rags = STATUSES, PM_ROLES, EFFORT_ROLES, RAGS
    factors = FACTORS
    band = staticmethod(complexity_band)
    band_name = staticmethod(band_name)

    @staticmethod
    def index(value: float | None) -> str:
        """An index to two places, or "n/a" when it is undefined (its denominator is 0)."""
        return (
            str(_l("n/a")) if value is None else format_number(value, 2, fixed=True, grouping=False)
        )

    @staticmethod
    def amount(value: float | None) -> str:
        """Money or person-days, to one place when it has a fraction."""
        return str(_l("n/a")) if value is None else format_number(value, 1)

    @staticmethod
    def percent(value: float | None) -> str:
        return str(_l("n/a")) if value is None else format_percent(value, "#,##0.0%")

    @staticmethod
    def batch_state(value) -> str:
        return str(BATCH_STATES[BatchState(value)])

    @staticmethod
    def status(value) -> str:
        return str(STATUSES[ProjectStatus(value)])

    @staticmethod
    def status_style(value) -> str:
        return STATUS_STYLES[ProjectStatus(value)]

    @staticmethod
    def rag(value) -> str:
        return str(RAGS[Rag(value)]) if value else ""

    @staticmethod
    def rag_style(value) -> str:
        return RAG_STYLES[Rag(value)] if value else "secondary"

    # Badges as functions, not Jinja macros: a list draws two or three per row, and a macro
    # call costs several times a function's (templates/projects/_macros.html names these).
    @staticmethod
    def status_badge(value) -> Markup:
        return _status_badge(ProjectStatus(value), locale_code())

    @staticmethod
    def rag_badge(value) -> Markup:
        return _rag_badge(Rag(value) if value else None, locale_code())


@lru_cache(maxsize=64)
def _status_badge(status: ProjectStatus, language: str) -> Markup:
    return Markup('<span class="badge text-bg-{}">{}</span>').format(
        STATUS_STYLES[status], STATUSES[status]
    )


@lru_cache(maxsize=64)
def _rag_badge(rag: Rag | None, language: str) -> Markup:
    """Drawn once per colour and language (a list shows two per row)."""
    if rag is None:
        return Markup('<span class="text-body-secondary">{}</span>').format(_l("n/a"))
    return Markup(
        '<span class="badge text-bg-{}"><i class="bi bi-circle-fill" aria-hidden="true"></i>'
        " {}</span>"
    ).format(RAG_STYLES[rag], RAGS[rag])


project_labels = ProjectLabels()

"""What each plan state, capacity, activity kind and status is called on the pages (a Jinja
global, `plan_labels`)."""

from __future__ import annotations

from lms.i18n import lazy_gettext as _l

from .models import ActivityKind, ActivityStatus, Capacity, Decision, NoteKind, PlanState

STATES = {
    PlanState.DRAFT: _l("Draft"),
    PlanState.SUBMITTED: _l("Submitted"),
    PlanState.APPROVED: _l("Approved"),
    PlanState.ACTIVE: _l("Active"),
    PlanState.COMPLETED: _l("Completed"),
    PlanState.CANCELLED: _l("Cancelled"),
}
STATE_STYLES = {
    PlanState.DRAFT: "secondary",
    PlanState.SUBMITTED: "warning",
    PlanState.APPROVED: "info",
    PlanState.ACTIVE: "primary",
    PlanState.COMPLETED: "success",
    PlanState.CANCELLED: "dark",
}
CAPACITIES = {Capacity.DIRECTOR: _l("Director"), Capacity.HR: _l("HR")}
DECISIONS = {Decision.APPROVED: _l("approved"), Decision.RETURNED: _l("returned")}
KINDS = {
    ActivityKind.COURSE: _l("Training course"),
    ActivityKind.MENTORING: _l("Mentoring"),
    ActivityKind.ASSIGNMENT: _l("On-the-job assignment"),
    ActivityKind.READING: _l("Reading a methodology document"),
    ActivityKind.CLUB: _l("Club participation"),
    ActivityKind.EXAM: _l("Certification exam"),
    ActivityKind.OTHER: _l("Other"),
}
STATUSES = {
    ActivityStatus.PLANNED: _l("Planned"),
    ActivityStatus.IN_PROGRESS: _l("In progress"),
    ActivityStatus.DONE: _l("Done"),
    ActivityStatus.DROPPED: _l("Dropped"),
}
NOTES = {
    NoteKind.COMMENT: _l("Comment"),
    NoteKind.RECOMMENDATION: _l("PMO recommendation"),
    NoteKind.MID_REVIEW: _l("Mid-period review"),
    NoteKind.END_REVIEW: _l("End-of-period review"),
}


FIELDS = {
    "competency": _l("Competency"),
    "target_level": _l("Target level"),
    "due_on": _l("Due by"),
    "success_measure": _l("Success measure"),
    "kind": _l("Kind"),
    "title": _l("What"),
    "mentor": _l("Mentor"),
    "summary": _l("Summary"),
}


class PlanLabels:
    """Lookups by value or member: `plan_labels.state(plan.state)`."""

    @staticmethod
    def state(value) -> str:
        return str(STATES[PlanState(value)])

    @staticmethod
    def state_style(value) -> str:
        return STATE_STYLES[PlanState(value)]

    @staticmethod
    def capacity(value) -> str:
        return str(CAPACITIES[Capacity(value)])

    @staticmethod
    def decision(value) -> str:
        return str(DECISIONS[Decision(value)])

    @staticmethod
    def kind(value) -> str:
        return str(KINDS[ActivityKind(value)])

    @staticmethod
    def status(value) -> str:
        return str(STATUSES[ActivityStatus(value)])

    @staticmethod
    def field(name: str) -> str:
        return str(FIELDS.get(name, name))

    @staticmethod
    def note(value) -> str:
        return str(NOTES[NoteKind(value)])


plan_labels = PlanLabels()

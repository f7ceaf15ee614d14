"""What each delivery mode, class state and enrolment state is called on the pages (a Jinja
global, `training_labels`)."""

from __future__ import annotations

from ..i18n import lazy_gettext as _l
from .models import AttendanceStatus, ClassState, DeliveryMode, EnrolmentState

MODES = {
    DeliveryMode.CLASSROOM: _l("Classroom"),
    DeliveryMode.ONLINE: _l("Online"),
    DeliveryMode.BLENDED: _l("Blended"),
}
CLASS_STATES = {
    ClassState.PLANNED: _l("Planned"),
    ClassState.OPEN: _l("Open for enrolment"),
    ClassState.FULL: _l("Full"),
    ClassState.RUNNING: _l("Running"),
    ClassState.COMPLETED: _l("Completed"),
    ClassState.CANCELLED: _l("Cancelled"),
}
CLASS_STYLES = {
    ClassState.PLANNED: "secondary",
    ClassState.OPEN: "success",
    ClassState.FULL: "warning",
    ClassState.RUNNING: "info",
    ClassState.COMPLETED: "dark",
    ClassState.CANCELLED: "danger",
}
ENROLMENT_STATES = {
    EnrolmentState.NOMINATED: _l("Nominated"),
    EnrolmentState.PENDING_APPROVAL: _l("Waiting for the director's approval"),
    EnrolmentState.ENROLLED: _l("Enrolled"),
    EnrolmentState.WAITLISTED: _l("On the waitlist"),
    EnrolmentState.OFFERED: _l("Seat offered"),
    EnrolmentState.WITHDRAWN: _l("Withdrawn"),
    EnrolmentState.DECLINED: _l("Declined"),
    EnrolmentState.REFUSED: _l("Not approved"),
}

ATTENDANCE = {
    AttendanceStatus.PRESENT: _l("Present"),
    AttendanceStatus.LATE: _l("Late"),
    AttendanceStatus.EXCUSED: _l("Excused"),
    AttendanceStatus.ABSENT: _l("Absent"),
}


class TrainingLabels:
    """Lookups by value or member: `training_labels.class_state(training_class.state)`."""

    @staticmethod
    def mode(value) -> str:
        return str(MODES[DeliveryMode(value)])

    @staticmethod
    def class_state(value) -> str:
        return str(CLASS_STATES[ClassState(value)])

    @staticmethod
    def class_style(value) -> str:
        return CLASS_STYLES[ClassState(value)]

    @staticmethod
    def attendance(value) -> str:
        return str(ATTENDANCE[AttendanceStatus(value)])

    @staticmethod
    def enrolment_state(value) -> str:
        return str(ENROLMENT_STATES[EnrolmentState(value)])


training_labels = TrainingLabels()

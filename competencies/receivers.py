"""What competencies does when lower layers announce something (lms/signals.py)."""

from __future__ import annotations

from lms import signals
from lms.i18n import ngettext
from lms.outcomes import Outcome, describe

from .careers.versioning import follow_published_version
from .plans.content import complete_linked_activities
from .staffing import record_stretch_assignment

describe(
    "profiles.project_evidence",
    lambda n: ngettext(
        "%(num)s project added to the PM's profile as project-led evidence",
        "%(num)s projects added to the PM's profile as project-led evidence",
        n,
    ),
)


def record_training(
    enrolment, *, person_id: int, course_id: int, course_names: dict, hours: float,
    completed_on, actor=None,
) -> list[Outcome]:  # fmt: skip
    """Receiver of `training_completed`: "training completed" evidence on the learner's profile,
    and their plan activities that name the course done (same transaction as the attendance)."""
    from lms.accounts.models import User
    from lms.extensions import db
    from lms.i18n import localized
    from lms.permissions import SYSTEM

    from .profiles.models import EvidenceKind
    from .profiles.services import add_evidence

    person = db.session.get(User, person_id)
    add_evidence(
        person,
        actor=SYSTEM,
        kind=EvidenceKind.TRAINING,
        title=localized(course_names, "en")[:200],
        details={"hours": hours, "course_id": course_id, "names": course_names},
        occurred_on=completed_on,
    )
    done = complete_linked_activities(person_id, "course", course_id, actor=actor)
    return [Outcome("plans.activities_completed", done)]


def record_project_led(
    project, *, person_id: int, code: str, name: str, months: float, team_size: int,
    complexity: int | None, closed_on, lessons: list, actor=None,
) -> list[Outcome]:  # fmt: skip
    """Receiver of `project_closed`: "project led" evidence on the PM's profile, with the
    months led, the team size and the complexity that experience rules weigh (IPMA, GAPPS)."""
    from lms.accounts.models import User
    from lms.extensions import db
    from lms.permissions import SYSTEM

    from .profiles.models import EvidenceKind
    from .profiles.services import add_evidence

    evidence = add_evidence(
        db.session.get(User, person_id),
        actor=SYSTEM,
        kind=EvidenceKind.PROJECT,
        title=f"{code} {name}"[:200],
        details={"project_id": project.id, "months": months, "team_size": team_size,
                 "complexity": complexity},
        occurred_on=closed_on,
    )  # fmt: skip
    return [Outcome("profiles.project_evidence", 1 if evidence else 0)]


def complete_plan_activities(link_kind: str, *, person_id: int, link_id: int, actor=None) -> int:
    return complete_linked_activities(person_id, link_kind, link_id, actor=actor)


def connect() -> None:
    """Called by competencies.init_app; connecting twice keeps one connection (blinker)."""
    signals.framework_published.connect(follow_published_version)
    signals.activity_completed.connect(complete_plan_activities)
    signals.training_completed.connect(record_training)
    signals.project_closed.connect(record_project_led)
    signals.project_staffed.connect(record_stretch_assignment)

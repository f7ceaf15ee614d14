"""What the club does when lower layers announce something (lms/signals.py), and what it
answers them (lms.projects.registry)."""

from __future__ import annotations

from lms import signals
from lms.i18n import ngettext
from lms.outcomes import Outcome, describe

describe(
    "lessons.drafted",
    lambda n: ngettext(
        "%(num)s lesson drafted in the PM club", "%(num)s lessons drafted in the PM club", n
    ),
)


def record_project_lessons(
    project, *, person_id: int, code: str, name: str, lessons: list, actor=None, **_facts
) -> list[Outcome]:
    """Receiver of `project_closed`: each lesson asked for on closing becomes a draft lesson
    of the project's PM in the club, named after the project, for them to finish and share."""
    from lms.accounts.models import User
    from lms.extensions import db

    from .lessons.services import save_lesson

    pm = db.session.get(User, person_id)
    for item in lessons:
        save_lesson(
            None,
            actor=pm,
            title=item["title"],
            project=f"{code} {name}",
            impact=3,
            is_positive=item.get("is_positive", False),
            what_happened=item.get("what_happened", ""),
            recommendation=item["recommendation"],
        )
    return [Outcome("lessons.drafted", len(lessons))]


def summary_template(values: dict[str, str]) -> str | None:
    """The published "Project summary report" template (the reader's language first), filled."""
    from .library.closing import filled_summary_template

    return filled_summary_template(values)


def connect() -> None:
    """Called by community.init_app; connecting twice keeps one connection (blinker)."""
    from lms.projects import registry

    signals.project_closed.connect(record_project_lessons)
    registry.provide(summary_template=summary_template)

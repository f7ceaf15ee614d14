"""What competencies does when lower layers announce something (lms/signals.py)."""

from __future__ import annotations

from lms import signals

from .careers.versioning import follow_published_version
from .plans.content import complete_linked_activities


def complete_plan_activities(link_kind: str, *, person_id: int, link_id: int, actor=None) -> int:
    return complete_linked_activities(person_id, link_kind, link_id, actor=actor)


def connect() -> None:
    """Called by competencies.init_app; connecting twice keeps one connection (blinker)."""
    signals.framework_published.connect(follow_published_version)
    signals.activity_completed.connect(complete_plan_activities)

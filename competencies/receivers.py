"""What competencies does when lower layers announce something (lms/signals.py)."""

from __future__ import annotations

from lms import signals

from .careers.versioning import follow_published_version


def connect() -> None:
    """Called by competencies.init_app; connecting twice keeps one connection (blinker)."""
    signals.framework_published.connect(follow_published_version)

"""What projects ask the packages above them, which answer at start-up (community.init_app
calls `provide`): the library's summary report template, filled in for a project. Projects
alone (nothing provided) start the summary from their own outline.

Plain data only: the template comes back as Markdown text.
"""

from __future__ import annotations

from collections.abc import Callable

_summary_template: Callable[[dict[str, str]], str | None] = lambda values: None  # noqa: E731


def provide(*, summary_template: Callable[[dict[str, str]], str | None]) -> None:
    global _summary_template
    _summary_template = summary_template


def summary_template(values: dict[str, str]) -> str | None:
    """The published summary report template's Markdown with `values` filled in
    (project_name, project_manager, sponsor, start_date, end_date, department), or None."""
    return _summary_template(values)

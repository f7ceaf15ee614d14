"""What projects ask the packages above them, which answer at start-up (`provide`): the
library's summary report template, filled in for a project (community.init_app), and how well
each PM's confirmed competency levels meet a career level's target profile (competencies.
init_app). Projects alone (nothing provided) start the summary from their own outline and
rank nobody.

Plain data only: the template comes back as Markdown text, the fits as CandidateFit rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CandidateFit:
    """A PM measured against a career level's target profile: how many of its competencies
    their confirmed levels meet (self ratings never count), the levels they are short in all,
    and their open development plan's goals on the profile's competencies."""

    person_id: int
    name: str
    email: str
    met: int
    short: int
    goals: int
    plan_open: bool  # an open plan, not with its approvers, that an activity can join


@dataclass(frozen=True)
class StaffingFit:
    """The target profile (the career level's name and how many competencies it sets), how
    many PMs were measured, and those placed best: every one tied with the last place too."""

    level_name: str
    targets: int
    measured: int
    shortlist: tuple[CandidateFit, ...]


_summary_template: Callable[[dict[str, str]], str | None] = lambda values: None  # noqa: E731
_staffing_fit: Callable[[str, int], StaffingFit | None] = lambda level, places: None  # noqa: E731


def provide(
    *,
    summary_template: Callable[[dict[str, str]], str | None] | None = None,
    staffing_fit: Callable[[str, int], StaffingFit | None] | None = None,
) -> None:
    global _summary_template, _staffing_fit
    if summary_template is not None:
        _summary_template = summary_template
    if staffing_fit is not None:
        _staffing_fit = staffing_fit


def summary_template(values: dict[str, str]) -> str | None:
    """The published summary report template's Markdown with `values` filled in
    (project_name, project_manager, sponsor, start_date, end_date, department), or None."""
    return _summary_template(values)


def staffing_fit(level_idnumber: str, places: int) -> StaffingFit | None:
    """The active PMs ranked by how well their confirmed levels meet the target profile of the
    career level with this id number (in the framework in use): the first `places` and all
    tied with the last; None when there is no such level."""
    return _staffing_fit(level_idnumber, places)

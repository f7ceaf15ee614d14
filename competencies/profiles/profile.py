"""The competency profile as a page shows it: target, confirmed and self level per competency,
gaps, history and evidence (the view model), and the builder that fills only what a page needs.

`profile_of` is the base every use starts from (the person's career placement and the framework
their profile reads); `load_profile` adds the levels and, when asked, a page of history and of
evidence. A fixed handful of queries whatever the size of the framework or the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from flask_sqlalchemy.pagination import Pagination

from lms.accounts.models import User
from lms.clock import site_today

from ..careers.models import CareerAssignment
from ..careers.queries import assignment_of, targets_of
from ..framework.queries import framework_in_use_id
from ..framework.snapshots import CompetencySnapshot, FrameworkSnapshot, framework_snapshot
from . import queries
from .queries import CurrentLevel, EvidenceEntry


@dataclass
class ProfileRow:
    competency: CompetencySnapshot
    target: int | None = None
    confirmed: CurrentLevel | None = None
    self_rating: CurrentLevel | None = None

    @property
    def confirmed_level(self) -> int:
        return self.confirmed.level if self.confirmed else 0

    @property
    def gap(self) -> int:
        """How far the confirmed level is below the target (0 when met or no target)."""
        return max((self.target or 0) - self.confirmed_level, 0)


@dataclass
class Profile:
    person: User
    framework: FrameworkSnapshot | None
    assignment: CareerAssignment | None
    rows: list[ProfileRow] = field(default_factory=list)
    history: Pagination | None = None  # the person's ratings, newest first, a page at a time
    history_of: CompetencySnapshot | None = None  # the history shows only this competency's ratings
    evidence: list[EvidenceEntry] = field(default_factory=list)  # a page of it, or all (print)
    evidence_pages: Pagination | None = None
    cited_evidence: set[int] = field(default_factory=set)  # of those shown: cited by a rating
    today: date = field(default_factory=site_today)

    @cached_property
    def gaps(self) -> list[ProfileRow]:
        """Largest gap first; ties keep the framework's order."""
        return sorted((row for row in self.rows if row.gap), key=lambda row: -row.gap)

    @cached_property
    def areas(self) -> list[tuple[CompetencySnapshot | FrameworkSnapshot, list[ProfileRow]]]:
        """Rows grouped as the framework groups its competencies (Framework.assessed_by_area);
        worked out once the rows are in (the page groups its charts and its table by them)."""
        if self.framework is None:
            return []
        rows = {row.competency.id: row for row in self.rows}
        return [
            (area, [rows[c.id] for c in members])
            for area, members in self.framework.assessed_by_area()
        ]

    def chart_data(self, rows: list[ProfileRow]) -> dict:
        return {
            "labels": [row.competency.name for row in rows],
            "target": [row.target or 0 for row in rows],
            "confirmed": [row.confirmed_level for row in rows],
            "self": [row.self_rating.level if row.self_rating else 0 for row in rows],
            "max": max((level.value for level in self.framework.levels), default=4),
        }


def profile_of(person: User) -> Profile:
    """The person with their career placement and the framework their profile reads: the one
    their aim belongs to, else the framework in use (None before one is published), as a
    snapshot (framework.snapshots: names and scale, kept per process)."""
    assignment = assignment_of(person)
    aim = assignment.aim if assignment else None
    framework_id = aim.framework_id if aim else framework_in_use_id()
    framework = framework_snapshot(framework_id) if framework_id is not None else None
    return Profile(person=person, framework=framework, assignment=assignment)


def load_profile(
    person: User,
    *,
    history_page: int | None = None,
    history_of: str | None = None,
    evidence_page: int | None = None,
    all_evidence: bool = False,
) -> Profile:
    """The profile with its levels; with `history_page` that page of the rating history (only
    of the competency whose id number is `history_of`, if it is one of the profile's); with
    `evidence_page` that page of the evidence, with `all_evidence` all of it (the print view).
    The dashboard panel asks for neither."""
    profile = profile_of(person)
    if profile.framework is None:
        return profile
    add_levels(profile)
    if history_page is not None:
        add_history(profile, history_page, history_of)
    if evidence_page is not None or all_evidence:
        add_evidence(profile, evidence_page)
    return profile


def gaps_against(person: User, level) -> list[ProfileRow]:
    """The person's gaps, largest first, against the targets of career `level` (the one they aim
    at, or another): the numbers their profile would show aiming there."""
    profile = Profile(
        person=person,
        framework=framework_snapshot(level.framework_id),
        assignment=assignment_of(person),
    )
    add_levels(profile, aim=level)
    return profile.gaps


def add_levels(profile: Profile, aim=None) -> None:
    if aim is None:
        aim = profile.assignment.aim if profile.assignment else None
    targets = targets_of(aim) if aim else {}
    current = queries.current_levels(profile.person, profile.framework)
    for derived in ("gaps", "areas"):  # cached_property: worked out from these rows
        profile.__dict__.pop(derived, None)
    profile.rows = [
        ProfileRow(
            c, targets.get(c.id), current.get((c.idnumber, True)), current.get((c.idnumber, False))
        )
        for c in profile.framework.assessed_competencies
    ]


def add_history(profile: Profile, page: int, history_of: str | None) -> None:
    profile.history_of = next(
        (c for c in profile.framework.assessed_competencies if c.idnumber == history_of), None
    )
    profile.history = queries.rating_history(
        profile.person, page, profile.history_of, profile.framework.idnumber
    )


def add_evidence(profile: Profile, page: int | None) -> None:
    """That page of the evidence and which of it a rating cites (deleting is offered for the
    rest); None: all of it."""
    if page is None:
        profile.evidence = queries.all_evidence(profile.person)
    else:
        profile.evidence_pages = queries.evidence_page(profile.person, page)
        profile.evidence = list(profile.evidence_pages.items)
    profile.cited_evidence = {item.id for item in profile.evidence if item.is_cited}

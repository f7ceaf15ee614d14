"""Training needs, vectorised over every PM at once (numpy), from a handful of statements.

A PM needs a course when their approved (or running) development plan names it, or when they
want more in a competency the course develops than they have and the course brings it above
where they are. "Want" is the target of their next career level (the profile's rule,
reports.gaps) or the target of a goal in their approved plan, whichever is higher; "have" is
their confirmed level (0 when none). Of those who need it, some completed it already and
some are enrolled (a seat, the waitlist, an offer, a nomination or a request): the rest are
the unmet need. Courses are ranked by unmet need minus the free seats in classes already open
or planned; ties go to the course more plans name, then to its id number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from lms.clock import utcnow
from lms.db import read
from lms.i18n import N_, localized
from lms.training.clashes import LIVE
from lms.training.models import (
    ACTIVE_ENROLMENTS,
    SEATED,
    ClassSession,
    Course,
    CourseCompetency,
    Enrolment,
    TrainingClass,
)

from ..plans.models import ActivityStatus, DevelopmentPlan, PlanActivity, PlanGoal, PlanState
from ..reports import queries
from ..reports.gaps import Competencies, gap_grid

IN_FORCE = (PlanState.APPROVED, PlanState.ACTIVE)
RULE = N_(
    "A project manager needs a course when their approved development plan names it, or when "
    "a competency the course develops is below what their next career level or a goal of "
    "their approved plan asks, and the course brings it above where they are. Those who "
    "completed the course or are already in one of its classes are counted apart. Courses "
    "are ranked by how many still need them, minus the free seats in classes already "
    "scheduled; ties go to the course more plans name."
)


@dataclass(frozen=True)
class Needs:
    """The ranked courses (`rows`: one per course that anyone needs) and the PMs covered, with
    who still needs which course (`unmet`: courses x PMs, rows in `course_ids` order)."""

    rows: pd.DataFrame
    users: pd.Index
    course_ids: pd.Index
    unmet: np.ndarray
    computed_at: datetime
    departments: np.ndarray  # each PM's department id (NaN for none), in `users` order
    levels: np.ndarray  # each PM's current career level id (NaN for none)
    name_rank: np.ndarray  # each PM's place in name order

    @property
    def pms(self) -> int:
        return len(self.users)

    def _unmet(self, course_id: int) -> np.ndarray:
        row = self.course_ids.get_indexer([course_id])[0]
        return self.unmet[row] if row >= 0 else np.zeros(len(self.users), dtype=bool)

    def listed(self, course_id: int) -> list[int]:
        """The PMs who still need the course (neither completed nor in one of its classes),
        by name."""
        unmet = self._unmet(course_id)
        order = np.argsort(self.name_rank[unmet], kind="stable")
        return self.users.to_numpy()[unmet][order].tolist()

    def counts(self, course_id: int, by: str) -> list[tuple[float, int]]:
        """(department or career level id, NaN for none; how many) of those who still need
        the course, most first."""
        values = getattr(self, by)[self._unmet(course_id)]
        found = pd.Series(values).value_counts(dropna=False)
        return list(found.items())

    def schedule_next(self) -> pd.DataFrame:
        """The courses whose unmet need is more than the seats already free, best first."""
        return self.rows[self.rows.score > 0]


def training_needs(filters: queries.Filters, competencies: Competencies) -> Needs:
    people = queries.people_levels(filters)
    columns = competencies.columns()
    ratings = queries.latest_confirmed(
        queries.rated_people(filters), columns, competencies.framework_idnumber
    )
    grid = gap_grid(people, queries.targets(competencies.framework_id), ratings, columns.index)
    users, index = grid.users, columns.index
    have = np.nan_to_num(grid.confirmed)
    want = np.fmax(grid.target, _goal_targets(users, index))  # NaN only where neither asks
    short = want > have  # NaN compares False
    courses = _courses()
    course_ids = pd.Index([c[0] for c in courses], dtype=np.int64)
    in_plans = _masks(users, course_ids, _named_in_plans())
    needs = _by_gap(courses, index, short, have) | in_plans
    completed = needs & _masks(users, course_ids, _pairs(completed=True))
    taking = needs & ~completed & _masks(users, course_ids, _pairs(completed=False))
    unmet = needs & ~completed & ~taking
    frame = pd.DataFrame(
        {
            "course_id": course_ids.to_numpy(),
            "code": [c[1] for c in courses],
            "name": [localized(c[2]) for c in courses],
            "needed": needs.sum(axis=1),
            "in_plans": (in_plans & needs).sum(axis=1),
            "completed": completed.sum(axis=1),
            "enrolled": taking.sum(axis=1),
            "unmet": unmet.sum(axis=1),
        }
    )
    kept = frame.needed.to_numpy() > 0
    frame = frame[kept]
    frame["free_seats"] = frame.course_id.map(_free_seats()).fillna(0).astype(int)
    frame["score"] = frame.unmet - frame.free_seats
    frame = frame.sort_values(
        ["score", "in_plans", "code"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    return Needs(
        frame,
        users,
        course_ids[kept],
        unmet[kept],
        utcnow(),
        people.department_id.to_numpy(),
        people.current_level_id.to_numpy(),
        queries.name_order().get_indexer(users),
    )


def _by_gap(courses, index: pd.Index, short: np.ndarray, have: np.ndarray) -> np.ndarray:
    """Courses x PMs: short of a competency the course develops, which it brings above where
    they are. Worked out once per distinct (competency, level) a course names, then OR-ed per
    course (numpy's reduceat over each course's links, which sit side by side)."""
    needs = np.zeros((len(courses), short.shape[0]), dtype=bool)
    position = {int(cid): n for n, cid in enumerate(index)}
    links = [
        (k, position[cid], level)
        for k, (_id, _code, _names, pairs) in enumerate(courses)
        for cid, level in sorted(pairs)
        if cid in position
    ]
    if not links:
        return needs
    rows, cols, levels = (np.array(values) for values in zip(*links, strict=True))
    pairs, which = np.unique(np.stack([cols, levels], axis=1), axis=0, return_inverse=True)
    per_pair = short[:, pairs[:, 0]].T & (pairs[:, 1][:, None] > have[:, pairs[:, 0]].T)
    per_link = per_pair[which.ravel()]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    needs[rows[starts]] = np.logical_or.reduceat(per_link, starts, axis=0)
    return needs


def _courses() -> list[tuple[int, str, dict, list[tuple[int, int]]]]:
    """(id, id number, names, [(competency, level)]) of every course offered."""
    links: dict[int, list] = {}
    for course_id, competency_id, level in read(
        select(CourseCompetency.course_id, CourseCompetency.competency_id, CourseCompetency.level)
    ):
        links.setdefault(course_id, []).append((competency_id, level))
    return [
        (course_id, code, names, links.get(course_id, []))
        for course_id, code, names in read(
            select(Course.id, Course.idnumber, Course.names).where(Course.is_retired.is_(False))
        )
    ]


def _goal_targets(users: pd.Index, columns: pd.Index) -> np.ndarray:
    """The highest goal target per PM and competency in their plans in force (NaN for none)."""
    found = np.full((len(users), len(columns)), np.nan)
    values = queries.integers_frame(
        select(DevelopmentPlan.owner_id, PlanGoal.competency_id, func.max(PlanGoal.target_level))
        .join(PlanGoal, PlanGoal.plan_id == DevelopmentPlan.id)
        .where(DevelopmentPlan.state.in_(IN_FORCE))
        .group_by(DevelopmentPlan.owner_id, PlanGoal.competency_id)
    )
    if len(values):
        rows = users.get_indexer(values.iloc[:, 0].to_numpy())
        cols = columns.get_indexer(values.iloc[:, 1].to_numpy())
        keep = (rows >= 0) & (cols >= 0)
        found[rows[keep], cols[keep]] = values.iloc[:, 2].to_numpy()[keep]
    return found


def _named_in_plans():
    """(PM, course) pairs: plans in force naming the course in an activity not dropped."""
    return (
        select(DevelopmentPlan.owner_id, PlanActivity.link_id)
        .join(PlanGoal, PlanGoal.plan_id == DevelopmentPlan.id)
        .join(PlanActivity, PlanActivity.goal_id == PlanGoal.id)
        .where(
            DevelopmentPlan.state.in_(IN_FORCE),
            PlanActivity.link_kind == "course",
            PlanActivity.link_id.is_not(None),
            PlanActivity.status != ActivityStatus.DROPPED,
        )
    )


def _pairs(*, completed: bool):
    """(PM, course) pairs: who completed a course, or who is in one of its live classes."""
    query = select(Enrolment.user_id, TrainingClass.course_id).join(
        TrainingClass, TrainingClass.id == Enrolment.class_id
    )
    if completed:
        return query.where(Enrolment.completed_at.is_not(None))
    return query.where(Enrolment.state.in_(ACTIVE_ENROLMENTS), TrainingClass.state.in_(LIVE))


def _masks(users: pd.Index, course_ids: pd.Index, pairs) -> np.ndarray:
    """Courses x PMs: True where the select's (user id, course id) pairs say so."""
    mask = np.zeros((len(course_ids), len(users)), dtype=bool)
    found = queries.integers_frame(pairs)
    if len(found):
        cols = users.get_indexer(found.iloc[:, 0].to_numpy())
        rows = course_ids.get_indexer(found.iloc[:, 1].to_numpy())
        keep = (rows >= 0) & (cols >= 0)
        mask[rows[keep], cols[keep]] = True
    return mask


def _free_seats() -> dict[int, int]:
    """Course id -> seats still free in its classes open or planned with a session to come."""
    seated = (
        select(func.count(Enrolment.id))
        .where(Enrolment.class_id == TrainingClass.id, Enrolment.state.in_(SEATED))
        .correlate(TrainingClass)
        .scalar_subquery()
    )
    coming = select(ClassSession.class_id).where(ClassSession.starts_at > utcnow()).distinct()
    free = queries.integers_frame(
        select(TrainingClass.course_id, func.sum(TrainingClass.capacity - seated))
        .where(TrainingClass.state.in_(LIVE), TrainingClass.id.in_(coming))
        .group_by(TrainingClass.course_id)
    )
    return (
        dict(zip(free.iloc[:, 0].tolist(), free.iloc[:, 1].tolist(), strict=True))
        if len(free)
        else {}
    )

"""The read side of development plans: one plan as its page shows it, and the lists (mine, the
approvers' queue, a director's team, the organisation overview), each a fixed number of queries
whatever the number of plans, scoped to what the reader may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from flask import abort
from sqlalchemy import Select, and_, bindparam, case, exists, func, literal, or_, select, text
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.util import identity_key

from lms.accounts.models import Department, User
from lms.accounts.queries import department_tree
from lms.audit.models import AuditEntry
from lms.clock import site_today
from lms.db import read
from lms.extensions import db
from lms.permissions import Role, has_any_role, require

from ..framework.models import Competency, Framework
from ..profiles.models import CurrentRating
from .models import (
    OPEN_STATES,
    WAITING_SQL,
    ActivityStatus,
    Capacity,
    DevelopmentPlan,
    NoteKind,
    PlanActivity,
    PlanApproval,
    PlanGoal,
    PlanNote,
    PlanState,
    PlanStates,
    RevisionState,
)
from .permissions import can_view_plan, principals_of

WAITING = text(f"({WAITING_SQL})")


def percent(done: int, total: int) -> int:
    """Done of total as a whole percentage (0 of nothing)."""
    return round(100 * done / total) if total else 0


def competency_names(ids) -> dict[int, dict]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return dict(read(_names(), {"ids": ids}).all())


@cache
def _names() -> Select:
    return select(Competency.id, Competency.names).where(
        Competency.id.in_(bindparam("ids", expanding=True))
    )


def get_plan_or_404(plan_id: int, viewer) -> DevelopmentPlan:
    """The plan with what its page shows loaded; 404 for a plan the viewer may not see."""
    plan = db.session.scalar(
        select(DevelopmentPlan)
        .where(DevelopmentPlan.id == plan_id)
        .options(
            selectinload(DevelopmentPlan.goals).selectinload(PlanGoal.activities),
            selectinload(DevelopmentPlan.approvals),
            selectinload(DevelopmentPlan.revisions),
        )
    )
    if plan is None:
        abort(404)
    people = {plan.owner_id}
    people |= {a.mentor_id for g in plan.goals for a in g.activities}
    people |= {a.approver_id for a in plan.approvals} | {a.on_behalf_of_id for a in plan.approvals}
    load_people(people)
    require(can_view_plan(viewer, plan), hide=True)
    return plan


def load_people(ids) -> None:
    """Put these people in the session's identity map with one query, so the page's many
    references to them (owner, mentors, approvers, writers) read no more rows."""
    identity = db.session.identity_map
    wanted = sorted(
        i for i in set(ids) if i is not None and identity.get(identity_key(User, i)) is None
    )
    if wanted:
        db.session.scalars(select(User).where(User.id.in_(wanted))).all()


def get_goal_or_404(plan: DevelopmentPlan, goal_id: int) -> PlanGoal:
    goal = next((g for g in plan.goals if g.id == goal_id), None)
    if goal is None:
        abort(404)
    return goal


def get_activity_or_404(plan: DevelopmentPlan, activity_id: int) -> PlanActivity:
    activity = next((a for g in plan.goals for a in g.activities if a.id == activity_id), None)
    if activity is None:
        abort(404)
    return activity


def goals_met(plan) -> set[int]:
    """The plan's goals whose competency the owner's profile confirms at the target level or
    above (the profile's own current ratings, across the framework's versions)."""
    return set(read(_goals_met(), {"owner_id": plan.owner_id, "plan_id": plan.id}).scalars())


@cache
def _goals_met() -> Select:
    return (
        select(PlanGoal.id)
        .join(Competency, Competency.id == PlanGoal.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(
            CurrentRating,
            and_(
                CurrentRating.user_id == bindparam("owner_id"),
                CurrentRating.framework_idnumber == Framework.idnumber,
                CurrentRating.competency_idnumber == Competency.idnumber,
                CurrentRating.is_confirmed.is_(True),
            ),
        )
        .where(
            PlanGoal.plan_id == bindparam("plan_id"), CurrentRating.level >= PlanGoal.target_level
        )
    )


@dataclass(frozen=True)
class NoteEntry:
    """One note of the plan's conversation, as its page shows it (plain data)."""

    id: int
    kind: NoteKind
    body: str
    created_at: datetime
    author: str | None  # None: the writer's account is gone


@dataclass(frozen=True)
class TimelineEntry:
    """One change of the plan as the audit log has it (plain data)."""

    created_at: datetime
    action: str
    changes: dict
    actor: str | None  # None: the site itself (a command), or an account that is gone


def notes_of(plan: DevelopmentPlan) -> list[NoteEntry]:
    return [NoteEntry(*row) for row in read(_notes(), {"plan_id": plan.id})]


@cache
def _notes() -> Select:
    return (
        select(PlanNote.id, PlanNote.kind, PlanNote.body, PlanNote.created_at, User.name)
        .outerjoin(User, User.id == PlanNote.author_id)
        .where(PlanNote.plan_id == bindparam("plan_id"))
        .order_by(PlanNote.created_at, PlanNote.id)
    )


def timeline_of(plan: DevelopmentPlan) -> list[TimelineEntry]:
    """Every state change and decision, oldest first, as the audit log has them."""
    return [TimelineEntry(*row) for row in read(_timeline(), {"plan_id": plan.id})]


@cache
def _timeline() -> Select:
    return (
        select(AuditEntry.created_at, AuditEntry.action, AuditEntry.changes, User.name)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(
            AuditEntry.object_type == "DevelopmentPlan",
            AuditEntry.object_id == bindparam("plan_id"),
        )
        .order_by(AuditEntry.id)
    )


def plans_of(owner) -> list[DevelopmentPlan]:
    return list(
        db.session.scalars(
            select(DevelopmentPlan)
            .where(DevelopmentPlan.owner_id == owner.id)
            .order_by(DevelopmentPlan.period_start.desc(), DevelopmentPlan.id.desc())
        )
    )


def current_plan_of(owner) -> DevelopmentPlan | None:
    """The owner's open plan whose period holds today, else their latest open one."""
    today = site_today()
    open_plans = [p for p in plans_of(owner) if p.is_open]
    return next((p for p in open_plans if p.period_start <= today <= p.period_end), None) or (
        open_plans[0] if open_plans else None
    )


# --- lists: one Core select each, built once with bind parameters ---------------------------


@dataclass(frozen=True)
class PlanRow(PlanStates):
    """One plan as a list shows it (plain data)."""

    id: int
    owner: str
    department: str | None
    state: PlanState
    revision_state: RevisionState | None
    period_start: date
    period_end: date
    submitted_at: datetime | None
    done: int
    total: int
    overdue: int
    capacities: tuple[Capacity, ...] = field(default_factory=tuple)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    def age_days(self, today: date) -> int:
        return (today - self.submitted_at.date()).days if self.submitted_at else 0


def _counted(status_filter) -> Select:
    return (
        select(func.count(PlanActivity.id))
        .join(PlanGoal, PlanGoal.id == PlanActivity.goal_id)
        .where(PlanGoal.plan_id == DevelopmentPlan.id, status_filter)
        .correlate(DevelopmentPlan)
        .scalar_subquery()
    )


def _overdue():
    """An activity not done by its due date (`today` is a parameter)."""
    return and_(
        PlanActivity.due_on < bindparam("today"),
        PlanActivity.status.in_((ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)),
    )


def _columns():
    counted = PlanActivity.status != ActivityStatus.DROPPED
    return (
        DevelopmentPlan.id,
        User.name,
        Department.name,
        DevelopmentPlan.state,
        DevelopmentPlan.revision_state,
        DevelopmentPlan.period_start,
        DevelopmentPlan.period_end,
        DevelopmentPlan.submitted_at,
        _counted(PlanActivity.status == ActivityStatus.DONE),
        _counted(counted),
        _counted(_overdue()),
    )


def _plans() -> Select:
    return (
        select(*_columns())
        .join(User, User.id == DevelopmentPlan.owner_id)
        .outerjoin(Department, Department.id == User.department_id)
    )


def _rows(rows) -> list[PlanRow]:
    return [PlanRow(*row) for row in rows]


def _round_open(capacity: Capacity):
    return ~exists().where(
        PlanApproval.plan_id == DevelopmentPlan.id,
        PlanApproval.round == DevelopmentPlan.round,
        PlanApproval.capacity == capacity,
    )


def _queue_where(query: Select, held: str) -> Select:
    """Waiting plans not the reader's, with no decision of theirs this round, where a capacity
    they hold is still open: `held` is "hr" (anywhere), "director" (in `departments`) or
    "both". One statement per case: a director's queue starts from the people of their
    departments (an index), HR's from the waiting plans (a partial index), and the question
    "either" would make SQLite walk every waiting plan for a director too."""
    mine = exists().where(
        PlanApproval.plan_id == DevelopmentPlan.id,
        PlanApproval.round == DevelopmentPlan.round,
        or_(
            PlanApproval.approver_id == bindparam("me"),
            PlanApproval.on_behalf_of_id == bindparam("me"),
        ),
    )
    open_ = {
        "hr": _round_open(Capacity.HR),
        "director": _director_open(),
        "both": or_(_round_open(Capacity.HR), _director_open()),
    }[held]
    return query.where(WAITING, DevelopmentPlan.owner_id != bindparam("me"), ~mine, open_)


def _director_open():
    return and_(
        User.department_id.in_(bindparam("departments", expanding=True)),
        _round_open(Capacity.DIRECTOR),
    )


def _capacity_flags(held: str) -> tuple:
    """Which capacities are open for the reader on each row (the queue's "you decide as")."""
    no, yes = literal(0), literal(1)
    return {
        "hr": (yes, no),
        "director": (no, yes),
        "both": (
            case((_round_open(Capacity.HR), 1), else_=0),
            case((_director_open(), 1), else_=0),
        ),
    }[held]


@cache
def _queue(held: str) -> Select:
    """The queue's rows: no progress counts (the queue shows how long each plan waited)."""
    nothing = literal(0)
    query = (
        select(*_columns()[:8], nothing, nothing, nothing, *_capacity_flags(held))
        .select_from(User)
        .join(DevelopmentPlan, DevelopmentPlan.owner_id == User.id)
        .outerjoin(Department, Department.id == User.department_id)
    )
    return _queue_where(query, held).order_by(DevelopmentPlan.submitted_at, DevelopmentPlan.id)


@cache
def _queue_count(held: str) -> Select:
    query = select(func.count(DevelopmentPlan.id))
    if held != "hr":
        query = query.select_from(User).join(DevelopmentPlan, DevelopmentPlan.owner_id == User.id)
    return _queue_where(query, held)


def queue_params(user) -> tuple[str | None, dict]:
    """Which capacities the reader decides in today (their own and their principals'): "hr",
    "director", "both" or None; and the queue's parameters."""
    people = [user, *principals_of(user)]
    tree = department_tree()
    departments = set()
    for person in people:
        if has_any_role(person, Role.DIRECTOR):
            departments |= tree.directed_by(person.id)
    hr = any(has_any_role(person, Role.HR) for person in people)
    held = ("both" if hr else "director") if departments else ("hr" if hr else None)
    params = {"me": user.id}
    if departments:
        params["departments"] = sorted(departments)
    return held, params


def _queue_rows(rows) -> list[PlanRow]:
    found = []
    for row in rows:
        held = tuple(
            c for c, open_ in ((Capacity.HR, row[-2]), (Capacity.DIRECTOR, row[-1])) if open_
        )
        found.append(PlanRow(*row[:-2], capacities=held))
    return found


def waiting_for(user, page: int, per_page: int):
    """The reader's "waiting for me" queue, oldest request first."""
    from lms.web.pagination import CountedPage, page_of

    held, params = queue_params(user)
    if held is None:
        return CountedPage([], 0, 1, per_page)
    return page_of(_queue(held), page, per_page, params, rows=_queue_rows)


def waiting_count(user) -> int:
    """How many plans wait for the reader (the queue's length) in one count."""
    held, params = queue_params(user)
    return read(_queue_count(held), params).scalar_one() if held else 0


@cache
def _team(with_state: bool, only_overdue: bool) -> Select:
    query = _plans().where(User.department_id.in_(bindparam("departments", expanding=True)))
    if with_state:
        query = query.where(DevelopmentPlan.state == bindparam("state"))
    if only_overdue:
        query = query.where(_counted(_overdue()) > 0)
    return query.order_by(User.name, DevelopmentPlan.period_start.desc(), DevelopmentPlan.id)


def team_plans(director, *, department_id=None, state=None, overdue=False, page=1, per_page=25):
    """Plans of the director's department tree (or the part under `department_id`)."""
    from lms.web.pagination import page_of

    tree = department_tree()
    departments = tree.directed_by(director.id)
    if department_id is not None and department_id in departments:
        departments = tree.subtree([department_id])
    params = {"departments": sorted(departments) or [0], "today": site_today()}
    if state is not None:
        params["state"] = PlanState(state)
    rows = _team(state is not None, overdue)
    return page_of(rows, page, per_page, params, rows=_rows)


# --- the organisation overview ----------------------------------------------------------------


def plans_by_department() -> list[tuple[str | None, str, int]]:
    """(department name, state, count of plans), per department and state."""
    query = (
        select(Department.name, DevelopmentPlan.state, func.count(DevelopmentPlan.id))
        .select_from(DevelopmentPlan)
        .join(User, User.id == DevelopmentPlan.owner_id)
        .outerjoin(Department, Department.id == User.department_id)
        .group_by(Department.name, DevelopmentPlan.state)
        .order_by(Department.name)
    )
    return [(name, str(state), count) for name, state, count in read(query)]


def _missing() -> Select:
    from ..careers.models import CareerAssignment

    has_open = exists().where(
        DevelopmentPlan.owner_id == User.id,
        DevelopmentPlan.state.in_(OPEN_STATES),
    )
    return (
        select(User.id, User.name, Department.name)
        .join(CareerAssignment, CareerAssignment.user_id == User.id)
        .outerjoin(Department, Department.id == User.department_id)
        .where(CareerAssignment.current_level_id.is_not(None), User.is_active.is_(True), ~has_open)
        .order_by(User.name, User.id)
    )


def missing_plans() -> list[tuple[int, str, str | None]]:
    """(id, name, department) of the active people with a career level and no open plan."""
    return [tuple(row) for row in read(_missing())]


def approval_lead_times() -> list[tuple[str, str | None, int, float]]:
    """(capacity, department, decisions, average days from request to decision)."""
    if db.session.get_bind().dialect.name == "postgresql":
        days = func.extract("epoch", PlanApproval.decided_at - PlanApproval.requested_at) / 86400.0
    else:
        days = func.julianday(PlanApproval.decided_at) - func.julianday(PlanApproval.requested_at)
    query = (
        select(PlanApproval.capacity, Department.name, func.count(PlanApproval.id), func.avg(days))
        .join(DevelopmentPlan, DevelopmentPlan.id == PlanApproval.plan_id)
        .join(User, User.id == DevelopmentPlan.owner_id)
        .outerjoin(Department, Department.id == User.department_id)
        .where(PlanApproval.requested_at.is_not(None))
        .group_by(PlanApproval.capacity, Department.name)
        .order_by(PlanApproval.capacity, Department.name)
    )
    return [(str(c), d, n, float(avg or 0)) for c, d, n, avg in read(query)]


def recommendation_of(notes: list[NoteEntry]) -> NoteEntry | None:
    return next((n for n in reversed(notes) if n.kind is NoteKind.RECOMMENDATION), None)


def plan_names_course(person_id: int, course_id: int) -> bool:
    """Whether an approved or running plan of the person has an activity naming the course:
    training takes such an enrolment as approved (lms.training.registry.course_in_plan)."""
    return bool(read(_names_course(), {"person_id": person_id, "course_id": course_id}).first())


@cache
def _names_course() -> Select:
    return (
        select(PlanActivity.id)
        .join(PlanGoal, PlanGoal.id == PlanActivity.goal_id)
        .join(DevelopmentPlan, DevelopmentPlan.id == PlanGoal.plan_id)
        .where(
            DevelopmentPlan.owner_id == bindparam("person_id"),
            DevelopmentPlan.state.in_((PlanState.APPROVED, PlanState.ACTIVE)),
            PlanActivity.link_kind == "course",
            PlanActivity.link_id == bindparam("course_id"),
        )
        .limit(1)
    )

"""Development plans for the benchmark's large organisation (lms.large.seed_large): 5,000 x scale
plans with ten activities each, in every state, with their approvals and revisions. The bench
PM's plan is active, with changes submitted for approval (the approvers' diff and decision form),
a conversation and a timeline."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, insert, select

from lms.audit.models import AuditEntry
from lms.extensions import db
from lms.large import LargeOrg, sync_sequences
from lms.permissions import Role

from ..framework.models import Competency
from ..framework.queries import framework_in_use_id
from .models import (
    ActivityKind,
    ActivityStatus,
    Capacity,
    Decision,
    DevelopmentPlan,
    NoteKind,
    PlanActivity,
    PlanApproval,
    PlanGoal,
    PlanNote,
    PlanRevision,
    PlanState,
    RevisionState,
)

# A year's plans some weeks in: most running, a few waiting for their approvers.
STATES = [
    (PlanState.DRAFT, 0.15),
    (PlanState.SUBMITTED, 0.05),
    (PlanState.APPROVED, 0.1),
    (PlanState.ACTIVE, 0.5),
    (PlanState.COMPLETED, 0.1),
    (PlanState.CANCELLED, 0.05),
]
PERIOD = (date(2027, 1, 1), date(2027, 12, 31))
ACTIVITIES_PER_GOAL = (3, 3, 4)


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _state(rng) -> PlanState:
    roll, total = rng.random(), 0.0
    for state, share in STATES:
        total += share
        if roll < total:
            return state
    return PlanState.ACTIVE


def seed_large_plans(org: LargeOrg) -> None:
    rng, now = org.rng, org.now
    leaves = list(
        db.session.scalars(
            select(Competency.id)
            .where(
                Competency.framework_id == framework_in_use_id(), Competency.parent_id.is_not(None)
            )
            .order_by(Competency.sort_order)
        )
    )
    if not leaves:
        return
    count = max(50, round(5000 * len(org.raters) / 10_000))  # the people count tells the scale
    bench_pm = org.bench_ids[Role.PM]
    owners = [bench_pm] + [pm for pm in org.pm_ids if pm != bench_pm][: count - 1]
    ids = {m: _next_id(m) for m in (DevelopmentPlan, PlanGoal, PlanActivity, PlanApproval)}
    rows: dict[type, list] = {
        m: [] for m in (DevelopmentPlan, PlanGoal, PlanActivity, PlanApproval, PlanRevision)
    }
    for owner in owners:
        is_bench = owner == bench_pm
        state = PlanState.ACTIVE if is_bench else _state(rng)
        plan_id = ids[DevelopmentPlan]
        ids[DevelopmentPlan] += 1
        submitted = now - timedelta(days=rng.randrange(1, 30))
        rows[DevelopmentPlan].append(
            {
                "id": plan_id,
                "owner_id": owner,
                "period_start": PERIOD[0],
                "period_end": PERIOD[1],
                "summary": "Grow as a project manager.",
                "state": state,
                "round": 2 if state not in (PlanState.DRAFT, PlanState.SUBMITTED) else 1,
                "revision_state": RevisionState.SUBMITTED if is_bench else None,
                "submitted_at": submitted if state is not PlanState.DRAFT else None,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        content = _goals(rng, rows, ids, plan_id, leaves, state)
        _approvals(rng, rows, ids, org, owner, plan_id, state, submitted)
        if state in (PlanState.APPROVED, PlanState.ACTIVE, PlanState.COMPLETED):
            frozen = content[1:] if is_bench else content  # the bench plan's changes add a goal
            rows[PlanRevision].append(
                {
                    "plan_id": plan_id,
                    "number": 1,
                    "round": 1,
                    "content": {
                        "summary": "Grow as a project manager.",
                        "period": [d.isoformat() for d in PERIOD],
                        "goals": frozen,
                    },
                    "approved_at": submitted + timedelta(days=2),
                }
            )
    for model in (DevelopmentPlan, PlanGoal, PlanActivity, PlanApproval, PlanRevision):
        if rows[model]:
            db.session.execute(insert(model), rows[model])
    _bench_conversation(org, rows[DevelopmentPlan][0]["id"])
    sync_sequences(DevelopmentPlan, PlanGoal, PlanActivity, PlanApproval, PlanRevision, PlanNote)


def _goals(rng, rows, ids, plan_id, leaves, state) -> list[dict]:
    """Three goals of ten activities in all; returns them as a revision stores them."""
    content = []
    for n, competency in enumerate(rng.sample(leaves, min(3, len(leaves)))):
        goal_id = ids[PlanGoal]
        ids[PlanGoal] += 1
        rows[PlanGoal].append(
            {
                "id": goal_id,
                "plan_id": plan_id,
                "competency_id": competency,
                "target_level": rng.randint(2, 4),
                "due_on": PERIOD[1],
                "success_measure": "Confirmed by the director.",
                "sort_order": n,
            }
        )
        activities = []
        for k in range(ACTIVITIES_PER_GOAL[n % 3]):
            activity_id = ids[PlanActivity]
            ids[PlanActivity] += 1
            done = state in (PlanState.ACTIVE, PlanState.COMPLETED) and rng.random() < 0.4
            row = {
                "id": activity_id,
                "goal_id": goal_id,
                "kind": list(ActivityKind)[k % len(ActivityKind)],
                "title": f"Activity {k + 1}",
                "due_on": PERIOD[0] + timedelta(days=rng.randrange(360)),
                "status": ActivityStatus.DONE if done else ActivityStatus.PLANNED,
                "notes": "",
            }
            rows[PlanActivity].append(row)
            activities.append(
                {
                    "id": activity_id,
                    "kind": str(row["kind"]),
                    "title": row["title"],
                    "mentor": None,
                    "due_on": row["due_on"].isoformat(),
                }
            )
        content.append(
            {
                "id": goal_id,
                "competency_id": competency,
                "competency": {},
                "target_level": rows[PlanGoal][-1]["target_level"],
                "due_on": PERIOD[1].isoformat(),
                "success_measure": "Confirmed by the director.",
                "activities": activities,
            }
        )
    return content


def _approvals(rng, rows, ids, org, owner, plan_id, state, submitted) -> None:
    director = org.raters.get(owner) or org.bench_ids[Role.DIRECTOR]
    decided = []
    if state in (PlanState.APPROVED, PlanState.ACTIVE, PlanState.COMPLETED):
        decided = [(Capacity.DIRECTOR, director), (Capacity.HR, org.bench_ids[Role.HR])]
    elif state is PlanState.SUBMITTED and rng.random() < 0.3:
        decided = [(Capacity.DIRECTOR, director)]
    for capacity, approver in decided:
        rows[PlanApproval].append(
            {
                "id": ids[PlanApproval],
                "plan_id": plan_id,
                "round": 1,
                "capacity": capacity,
                "decision": Decision.APPROVED,
                "approver_id": approver,
                "comment": "",
                "requested_at": submitted,
                "decided_at": submitted + timedelta(days=rng.randrange(1, 6)),
            }
        )
        ids[PlanApproval] += 1


def _bench_conversation(org: LargeOrg, plan_id: int) -> None:
    """Twelve comments and a PMO recommendation on the bench PM's plan, and its timeline."""
    bench = org.bench_ids
    authors = [bench[Role.PM], bench[Role.DIRECTOR], bench[Role.HR]]
    notes = [
        {
            "plan_id": plan_id,
            "author_id": authors[n % 3],
            "kind": NoteKind.COMMENT,
            "body": f"Comment {n + 1} on the plan.",
            "created_at": org.now - timedelta(hours=30 - n),
        }
        for n in range(12)
    ]
    notes.append(
        {
            "plan_id": plan_id,
            "author_id": bench[Role.PMO],
            "kind": NoteKind.RECOMMENDATION,
            "body": "Start with the scheduling course.",
            "created_at": org.now,
        }
    )
    db.session.execute(insert(PlanNote), notes)
    actions = ["plan.started", "plan.submitted", "plan.approval_given", "plan.approved"]
    db.session.execute(
        insert(AuditEntry),
        [
            {
                "created_at": org.now - timedelta(days=10 - n),
                "actor_id": bench[Role.PM],
                "action": action,
                "object_type": "DevelopmentPlan",
                "object_id": plan_id,
                "object_label": "Bench pm 2027",
                "changes": {},
            }
            for n, action in enumerate(actions * 3)
        ],
    )

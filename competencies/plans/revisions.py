"""A plan's agreed content as plain data (what a revision freezes) and what changed between two
of them (what approvers see): goals and activities, never their progress.

Competency names are kept in each content language, so a frozen revision reads the same after
the framework is edited or retired.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import DevelopmentPlan, PlanRevision

GOAL_FIELDS = ("competency_id", "target_level", "due_on", "success_measure")
ACTIVITY_FIELDS = ("kind", "title", "mentor", "due_on")


def plan_content(plan: DevelopmentPlan, competency_names: dict[int, dict]) -> dict:
    """The plan's goals and activities as a revision stores them."""
    return {
        "summary": plan.summary,
        "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
        "goals": [
            {
                "id": goal.id,
                "competency_id": goal.competency_id,
                "competency": competency_names.get(goal.competency_id, {}),
                "target_level": goal.target_level,
                "due_on": goal.due_on.isoformat() if goal.due_on else None,
                "success_measure": goal.success_measure,
                "activities": [
                    {
                        "id": activity.id,
                        "kind": str(activity.kind),
                        "title": activity.title,
                        "mentor": activity.mentor.name if activity.mentor else None,
                        "due_on": activity.due_on.isoformat() if activity.due_on else None,
                    }
                    for activity in goal.activities
                ],
            }
            for goal in plan.goals
        ],
    }


def in_force(plan: DevelopmentPlan) -> PlanRevision | None:
    """The newest approved revision (None before the first approval)."""
    return plan.revisions[-1] if plan.revisions else None


@dataclass
class Change:
    """One goal or activity added, removed or changed (`fields`: name -> (before, after))."""

    what: str  # "goal" or "activity"
    how: str  # "added", "removed", "changed"
    before: dict | None
    after: dict | None
    fields: dict = field(default_factory=dict)
    goal: dict | None = None  # an activity's goal, as it is now (or was, if removed)


def changes(before: dict, after: dict) -> list[Change]:
    """What `after` changes against `before` (two plan_content dicts), goal by goal."""
    found: list[Change] = []
    old_goals = {g["id"]: g for g in before["goals"]}
    new_goals = {g["id"]: g for g in after["goals"]}
    if before.get("summary") != after.get("summary"):
        found.append(
            Change(
                "summary",
                "changed",
                before,
                after,
                {"summary": (before["summary"], after["summary"])},
            )
        )
    for goal_id, goal in new_goals.items():
        old = old_goals.get(goal_id)
        if old is None:
            found.append(Change("goal", "added", None, goal))
        elif fields := _changed(old, goal, GOAL_FIELDS):
            found.append(Change("goal", "changed", old, goal, fields))
        found += _activity_changes(old["activities"] if old else [], goal["activities"], goal)
    for goal_id, goal in old_goals.items():
        if goal_id not in new_goals:
            found.append(Change("goal", "removed", goal, None))
    return found


def _activity_changes(before: list[dict], after: list[dict], goal: dict) -> list[Change]:
    found = []
    old = {a["id"]: a for a in before}
    for activity in after:
        previous = old.pop(activity["id"], None)
        if previous is None:
            found.append(Change("activity", "added", None, activity, goal=goal))
        elif fields := _changed(previous, activity, ACTIVITY_FIELDS):
            found.append(Change("activity", "changed", previous, activity, fields, goal))
    found += [Change("activity", "removed", a, None, goal=goal) for a in old.values()]
    return found


def _changed(before: dict, after: dict, names: tuple[str, ...]) -> dict:
    """{field: (before, after)} of the fields that differ; a goal's competency by its names."""
    found = {
        name: (before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    }
    if "competency_id" in found:
        del found["competency_id"]
        found["competency"] = (before.get("competency"), after.get("competency"))
    return found

"""Home-page panels of development plans: the PM's plan and its next due activities; the
approvers' waiting count."""

from __future__ import annotations

from lms.clock import site_today
from lms.dashboard.panels import register_panel

from .models import ActivityStatus
from .page import progress
from .permissions import can_plan_own_development, can_see_plan_queue
from .queries import current_plan_of, percent, waiting_count


def _my_plan(user) -> dict:
    plan = current_plan_of(user)
    if plan is None:
        return {"plan": None}
    activities = [a for g in plan.goals for a in g.activities]
    done, total = progress(activities)
    upcoming = sorted(
        (
            a
            for a in activities
            if a.status in (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS) and a.due_on
        ),
        key=lambda a: (a.due_on, a.id),
    )[:3]
    return {
        "plan": plan,
        "done": done,
        "total": total,
        "percent": percent(done, total),
        "upcoming": upcoming,
        "today": site_today(),
    }


def register() -> None:
    register_panel(
        "my_plan",
        "competencies/plans/panel_plan.html",
        visible=can_plan_own_development,
        context=_my_plan,
        order=14,
    )
    register_panel(
        "plans_waiting",
        "competencies/plans/panel_waiting.html",
        visible=can_see_plan_queue,
        context=lambda user: {"count": waiting_count(user)},
        order=13,
    )

"""Plan templates per career level, kept by the PMO, and starting a plan from one: the PM's
largest gaps against the level's targets (the numbers their profile shows) become the goals,
each with the template's success measure and the activities it suggests.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.audit.services import record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_, localized
from lms.i18n import gettext as _
from lms.permissions import ensure

from ..careers.models import CareerLevel
from ..profiles.profile import gaps_against
from .models import (
    ActivityKind,
    PlanActivity,
    PlanGoal,
    PlanState,
    PlanTemplate,
    PlanTemplateActivity,
)
from .permissions import can_manage_plan_templates
from .services import start_plan

register_action("plan_template.saved", N_("Plan template saved"))

# The shipped text of every template (the PMO edits it in the browser).
SHIPPED_MEASURE = {
    "en": "Confirmed at the target level by your director, backed by evidence in your profile.",
    "zh_CN": "由您的总监确认达到目标级别，并在您的档案中有证据支持。",
}
SHIPPED_SUMMARY = {
    "en": "Close the largest gaps between your confirmed levels and those your next career "
    "level asks for, through training, practice on the job and the PM club.",
    "zh_CN": "通过培训、在岗实践和项目经理俱乐部，缩小您已确认的能力级别与下一职业级别要求之间最大的差距。",
}
SHIPPED_ACTIVITIES = [
    (
        ActivityKind.COURSE,
        {"en": "A training course on this competency", "zh_CN": "本能力的培训课程"},
    ),
    (
        ActivityKind.ASSIGNMENT,
        {"en": "An on-the-job assignment that exercises it", "zh_CN": "锻炼该能力的在岗任务"},
    ),
    (
        ActivityKind.READING,
        {"en": "Read the PMO's method for it", "zh_CN": "阅读 PMO 的相关方法文档"},
    ),
    (
        ActivityKind.CLUB,
        {"en": "Share what you learned at the PM club", "zh_CN": "在项目经理俱乐部分享所学"},
    ),
]


def template_for(level_id: int | None) -> PlanTemplate | None:
    if level_id is None:
        return None
    return db.session.scalar(select(PlanTemplate).where(PlanTemplate.career_level_id == level_id))


def templates_by_level(level_ids: list[int]) -> dict[int, PlanTemplate]:
    """{career level id: its template} with the suggested activities, in two queries."""
    found = db.session.scalars(
        select(PlanTemplate)
        .where(PlanTemplate.career_level_id.in_(level_ids or [0]))
        .options(selectinload(PlanTemplate.activities))
    )
    return {template.career_level_id: template for template in found}


def save_template(
    level: CareerLevel,
    *,
    actor,
    summaries: dict,
    measures: dict,
    goal_count: int,
    activities: list[tuple[ActivityKind, dict, int | None]],
) -> PlanTemplate:
    """The level's template as given (its suggested activities replaced in the order given).
    Raises ServiceError."""
    ensure(can_manage_plan_templates(actor))
    if not 1 <= goal_count <= 10:
        raise ServiceError(_("Suggest between 1 and 10 goals."), field="goal_count")
    template = template_for(level.id) or PlanTemplate(career_level_id=level.id)
    template.summaries, template.measures, template.goal_count = summaries, measures, goal_count
    template.activities = [
        PlanTemplateActivity(kind=kind, titles=titles, competency_id=competency_id, sort_order=n)
        for n, (kind, titles, competency_id) in enumerate(activities)
        if titles.get("en", "").strip()
    ]
    db.session.add(template)
    db.session.flush()
    record(actor, "plan_template.saved", template, label=localized(level.names))
    return template


def start_from_template(owner, *, actor, period_start: date, period_end: date, level: CareerLevel):
    """A new draft for the period aiming at `level`, its goals prefilled from the owner's
    largest gaps against the level's targets (as many as the template suggests, 3 without one),
    each due at the period's end with the template's measure and activities. The plan there is
    for the period, if any, comes back untouched. Raises ServiceError."""
    plan = start_plan(
        owner, actor=actor, period_start=period_start, period_end=period_end, aim_level=level
    )
    if plan.goals or plan.state is not PlanState.DRAFT or plan.round > 1:
        return plan
    template = template_for(level.id)
    language = owner.locale or "en"
    if template is not None and not plan.summary:
        plan.summary = localized(template.summaries, language)
    count = template.goal_count if template else 3
    for n, row in enumerate(gaps_against(owner, level)[:count]):
        goal = PlanGoal(
            competency_id=row.competency.id,
            target_level=row.target,
            due_on=period_end,
            success_measure=localized(template.measures, language) if template else "",
            sort_order=n,
        )
        goal.activities = [
            PlanActivity(kind=item.kind, title=localized(item.titles, language)[:200])
            for item in _suggested(template, row.competency.id)
        ]
        plan.goals.append(goal)
    db.session.flush()
    return plan


def _suggested(template: PlanTemplate | None, competency_id: int) -> list[PlanTemplateActivity]:
    """The template's activities for this competency, else those for any goal."""
    if template is None:
        return []
    own = [a for a in template.activities if a.competency_id == competency_id]
    return own or [a for a in template.activities if a.competency_id is None]


def seed_plan_templates() -> str:
    """A template with the shipped text for each career level that has none; idempotent."""
    levels = db.session.scalars(
        select(CareerLevel).where(~CareerLevel.id.in_(select(PlanTemplate.career_level_id)))
    ).all()
    for level in levels:
        db.session.add(
            PlanTemplate(
                career_level_id=level.id,
                summaries=dict(SHIPPED_SUMMARY),
                measures=dict(SHIPPED_MEASURE),
                goal_count=3,
                activities=[
                    PlanTemplateActivity(kind=kind, titles=dict(titles), sort_order=n)
                    for n, (kind, titles) in enumerate(SHIPPED_ACTIVITIES)
                ],
            )
        )
    db.session.flush()
    return f"plan templates: {len(levels)} created"

"""Starting a plan from the template of the level aimed at (competencies/plans/templates.py): its
goals are the PM's largest gaps, the very numbers their profile shows."""

from __future__ import annotations

from datetime import date

import pytest

from competencies.careers.services import assign_career
from competencies.plans.models import ActivityKind, PlanState
from competencies.plans.templates import (
    SHIPPED_MEASURE,
    save_template,
    seed_plan_templates,
    start_from_template,
    template_for,
)
from competencies.profiles.profile import load_profile
from competencies.profiles.services import confirm_level
from lms.errors import ServiceError
from tests.factories import CareerLevelFactory

START, END = date(2027, 1, 1), date(2027, 12, 31)


def _leaf(framework, code):
    return next(c for c in framework.competencies if c.idnumber == code)


@pytest.fixture
def aim(db, people, small_framework):
    """The PM aims at a level asking 2 of both assessed competencies; B-1 is confirmed at 1."""
    current = CareerLevelFactory(framework=small_framework, rank=1, targets={"B-1": 1})
    level = CareerLevelFactory(framework=small_framework, rank=2, targets={"A-1-a": 2, "B-1": 2})
    assign_career(people["pm"], actor=people["hr"], current=current, aim=level)
    confirm_level(
        people["pm"], _leaf(small_framework, "B-1"), 1, actor=people["director"], justification="x"
    )
    return level


def _start(people, level, start=START, end=END):
    return start_from_template(
        people["pm"], actor=people["pm"], period_start=start, period_end=end, level=level
    )


def test_goals_are_the_largest_gaps_the_profile_shows(db, people, aim, small_framework):
    seed_plan_templates()
    gaps = load_profile(people["pm"]).gaps
    assert [(row.competency.idnumber, row.gap) for row in gaps] == [("A-1-a", 2), ("B-1", 1)]
    plan = _start(people, aim)
    assert plan.state is PlanState.DRAFT and plan.aim_level_id == aim.id
    assert [(g.competency_id, g.target_level) for g in plan.goals] == [
        (row.competency.id, row.target) for row in gaps
    ]
    assert all(g.due_on == END and g.success_measure == SHIPPED_MEASURE["en"] for g in plan.goals)
    assert [a.kind for a in plan.goals[0].activities] == [
        ActivityKind.COURSE,
        ActivityKind.ASSIGNMENT,
        ActivityKind.READING,
        ActivityKind.CLUB,
    ]
    assert plan.summary


def test_the_template_says_how_many_gaps_and_which_activities(db, people, aim, small_framework):
    leaf = _leaf(small_framework, "A-1-a")
    save_template(
        aim,
        actor=people["pmo"],
        summaries={"en": "Grow.", "zh_CN": "成长。"},
        measures={"en": "Shown on a project.", "zh_CN": "在项目中体现。"},
        goal_count=1,
        activities=[
            (ActivityKind.MENTORING, {"en": "Mentoring on summaries"}, leaf.id),
            (ActivityKind.OTHER, {"en": "Any goal"}, None),
            (ActivityKind.OTHER, {"en": ""}, None),  # an empty row is dropped
        ],
    )
    assert len(template_for(aim.id).activities) == 2
    people["pm"].locale = "zh_CN"
    plan = _start(people, aim)
    [goal] = plan.goals
    assert goal.competency_id == leaf.id and goal.success_measure == "在项目中体现。"
    assert [a.title for a in goal.activities] == ["Mentoring on summaries"]
    assert plan.summary == "成长。"
    with pytest.raises(ServiceError, match="Name the mentor"):
        from competencies.plans.services import submit_plan

        submit_plan(plan, actor=people["pm"])
    with pytest.raises(ServiceError):
        save_template(
            aim, actor=people["pmo"], summaries={}, measures={}, goal_count=0, activities=[]
        )


def test_starting_again_gives_back_the_plan_there_is(db, people, aim):
    first = _start(people, aim)
    first.goals[0].target_level = 1
    again = _start(people, aim)
    assert again is first and again.goals[0].target_level == 1 and len(again.goals) == 2


def test_without_a_template_the_largest_three_gaps_still_become_goals(db, people, aim):
    plan = _start(people, aim)
    assert len(plan.goals) == 2 and not plan.goals[0].activities


def test_seeding_templates_is_idempotent(db, people, aim):
    assert seed_plan_templates().endswith("created")
    assert seed_plan_templates() == "plan templates: 0 created"

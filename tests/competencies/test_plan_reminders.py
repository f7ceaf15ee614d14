"""The plan reminders of `flask --app lms remind` (competencies/plans/reminders.py): overdue
approvers, escalation to the PMO, overdue activities, once each however often it runs; and who
hears of a submit, a decision, a comment and a return."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from competencies.plans import content, notes, services
from competencies.plans.models import ActivityKind, Decision, PlanGoal
from competencies.plans.reminders import remind_overdue_activities, remind_plan_approvers
from lms.clock import site_today, utcnow
from lms.notifications.models import Notification

START, END = date(2027, 1, 1), date(2027, 12, 31)


def _kinds(person) -> list[str]:
    from lms.extensions import db

    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == person.id)
            .order_by(Notification.id)
        )
    )


@pytest.fixture
def submitted(db, people, small_framework):
    plan = services.start_plan(people["pm"], actor=people["pm"], period_start=START, period_end=END)
    competency = next(c for c in small_framework.competencies if c.idnumber == "B-1")
    plan.goals.append(PlanGoal(competency_id=competency.id, target_level=2))
    return services.submit_plan(plan, actor=people["pm"])


def test_submit_tells_each_approver_and_decisions_tell_the_pm(db, people, submitted):
    assert _kinds(people["director"]) == ["plan.submitted"]
    assert _kinds(people["hr"]) == ["plan.submitted"]
    assert _kinds(people["pm"]) == []
    services.decide_plan(submitted, actor=people["director"], decision=Decision.APPROVED)
    assert _kinds(people["pm"]) == ["plan.approved_by"]
    services.decide_plan(
        submitted, actor=people["hr"], decision=Decision.RETURNED, comment="Add a mentor."
    )
    assert _kinds(people["pm"])[-1] == "plan.returned"
    assert _kinds(people["director"])[-1] == "plan.returned", "everyone involved hears of it"
    notes.add_note(submitted, actor=people["director"], body="Happy to mentor you.")
    assert _kinds(people["pm"])[-1] == "plan.commented"
    notes.add_note(submitted, actor=people["pm"], body="Thank you!")
    assert _kinds(people["director"])[-1] == "plan.commented", "earlier writers hear of replies"


def test_overdue_approvers_are_reminded_once_and_escalated_to_the_pmo(
    app, db, people, submitted, monkeypatch
):
    monkeypatch.setitem(app.config, "PLAN_APPROVAL_OVERDUE_DAYS", 5)
    monkeypatch.setitem(app.config, "PLAN_APPROVAL_ESCALATION_DAYS", 10)
    today = site_today()
    submitted.submitted_at = utcnow() - timedelta(days=3)
    db.session.flush()
    assert remind_plan_approvers(today).startswith("plan approvals: 0 reminded")
    assert remind_plan_approvers(today + timedelta(days=2)).startswith("plan approvals: 2 reminded")
    assert remind_plan_approvers(today + timedelta(days=2)).startswith("plan approvals: 0 reminded")
    assert _kinds(people["hr"]).count("plan.approval_overdue") == 1
    services.decide_plan(submitted, actor=people["director"], decision=Decision.APPROVED)
    line = remind_plan_approvers(today + timedelta(days=8))
    assert line == "plan approvals: 0 reminded, 1 escalated to the PMO"
    assert _kinds(people["pmo"]) == ["plan.escalated"]
    assert remind_plan_approvers(today + timedelta(days=9)).endswith("0 escalated to the PMO")


def test_pms_hear_of_overdue_activities_once_per_due_date(db, people, small_framework):
    plan = services.start_plan(people["pm"], actor=people["pm"], period_start=START, period_end=END)
    competency = next(c for c in small_framework.competencies if c.idnumber == "B-1")
    goal = content.add_goal(plan, actor=people["pm"], competency_id=competency.id, target_level=2)
    activity = content.add_activity(
        goal, actor=people["pm"], kind=ActivityKind.COURSE, title="Course", due_on=date(2027, 3, 1)
    )
    services.submit_plan(plan, actor=people["pm"])
    for role in ("director", "hr"):
        services.decide_plan(plan, actor=people[role], decision=Decision.APPROVED)
    assert remind_overdue_activities(date(2027, 2, 1)) == (
        "plan activities: 1 plans started, 0 overdue reminded"
    )
    assert remind_overdue_activities(date(2027, 3, 2)).endswith("1 overdue reminded")
    assert remind_overdue_activities(date(2027, 3, 3)).endswith("0 overdue reminded")
    assert _kinds(people["pm"]).count("plan.activity_overdue") == 1
    activity.due_on = date(2027, 4, 1)
    assert remind_overdue_activities(date(2027, 4, 2)).endswith("1 overdue reminded")


@pytest.mark.app_context_only
def test_the_remind_command_runs_the_plan_reminders(app, db, people):
    result = app.test_cli_runner().invoke(args=["remind", "--today", "2027-01-02"])
    assert result.exit_code == 0, result.output
    assert "plan approvals: 0 reminded, 0 escalated to the PMO" in result.output
    assert "plan activities: 0 plans started, 0 overdue reminded" in result.output

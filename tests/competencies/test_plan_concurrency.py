"""Development plans decided and started at the same moment, on PostgreSQL with real commits:
both approvals are kept and the plan is approved once; two "new plan" clicks make one plan."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from competencies.framework.models import Competency
from competencies.plans import services
from competencies.plans.models import Decision, DevelopmentPlan, PlanApproval, PlanState
from lms.accounts.models import Department, User, UserRole
from lms.audit.models import AuditEntry
from lms.extensions import db
from lms.notifications.models import Notification
from tests import databases
from tests.factories import FrameworkFactory
from tests.test_concurrency import run_together, shared_app  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(
    not databases.is_postgres(), reason="concurrency is proven on PostgreSQL (TEST_DATABASE_URL)"
)

START, END = date(2027, 1, 1), date(2027, 12, 31)


@pytest.fixture
def team(shared_app):  # noqa: F811
    """{role: user id}: a PM in a department, its director and HR; and the PM's submitted plan."""
    with shared_app.app_context():
        people = {
            role: User(
                email=f"{role}@plans.test", name=role.title(), role_rows=[UserRole(role=role)]
            )
            for role in ("pm", "director", "hr")
        }
        db.session.add_all(people.values())
        db.session.flush()
        department = Department(name="Delivery", director_id=people["director"].id)
        db.session.add(department)
        db.session.flush()
        people["pm"].department_id = department.id
        plan = DevelopmentPlan(
            owner=people["pm"], period_start=START, period_end=END, state=PlanState.SUBMITTED
        )
        db.session.add(plan)
        db.session.commit()
        return {role: person.id for role, person in people.items()} | {"plan": plan.id}


def _decide(app, user_id: int, plan_id: int):
    def job():
        with app.app_context():
            plan = db.session.get(DevelopmentPlan, plan_id)
            services.decide_plan(
                plan, actor=db.session.get(User, user_id), decision=Decision.APPROVED
            )
            db.session.commit()
            return plan.state

    return job


def test_two_approvers_at_once_are_both_recorded_and_approve_once(shared_app, team):  # noqa: F811
    """The director decides and holds their transaction open until HR's decision is really
    waiting for the plan's row; then commits. HR then sees the director's approval."""
    decided = threading.Event()

    def director():
        with shared_app.app_context():
            plan = db.session.get(DevelopmentPlan, team["plan"])
            actor = db.session.get(User, team["director"])
            services.decide_plan(plan, actor=actor, decision=Decision.APPROVED)
            decided.set()
            databases.wait_until_blocked(db.engine)  # HR's decision waits on the plan's row
            db.session.commit()
            return plan.state

    def hr():
        decided.wait(timeout=10)
        return _decide(shared_app, team["hr"], team["plan"])()

    first, second = run_together(director, hr)
    assert (first, second) == (PlanState.SUBMITTED, PlanState.APPROVED)
    with shared_app.app_context():
        plan = db.session.get(DevelopmentPlan, team["plan"])
        assert plan.state is PlanState.APPROVED
        assert db.session.scalar(select(func.count()).select_from(PlanApproval)) == 2
        approved = select(func.count()).where(AuditEntry.action == "plan.approved")
        assert db.session.scalar(approved) == 1, "approved exactly once"


def test_two_new_plan_clicks_at_once_make_one_plan(shared_app, team):  # noqa: F811
    def click():
        with shared_app.app_context():
            owner = db.session.get(User, team["pm"])
            plan = services.start_plan(
                owner, actor=owner, period_start=date(2028, 1, 1), period_end=date(2028, 6, 30)
            )
            db.session.commit()
            return plan.id

    first, second = run_together(click, click)
    assert first == second
    with shared_app.app_context():
        plans = select(func.count()).where(DevelopmentPlan.period_start == date(2028, 1, 1))
        assert db.session.scalar(plans) == 1


def test_two_submit_clicks_at_once_submit_once(shared_app, team):  # noqa: F811
    from competencies.plans.models import PlanGoal

    with shared_app.app_context():
        plan = db.session.get(DevelopmentPlan, team["plan"])
        plan.state = PlanState.DRAFT
        FrameworkFactory()
        competency = db.session.scalar(select(Competency.id).limit(1))
        plan.goals.append(PlanGoal(competency_id=competency, target_level=1))
        db.session.commit()

    def click():
        with shared_app.app_context():
            plan = db.session.get(DevelopmentPlan, team["plan"])
            services.submit_plan(plan, actor=db.session.get(User, team["pm"]))
            db.session.commit()
            return plan.state

    assert run_together(click, click) == [PlanState.SUBMITTED, PlanState.SUBMITTED]
    with shared_app.app_context():
        submitted = select(func.count()).where(
            AuditEntry.action == "plan.submitted", AuditEntry.object_id == team["plan"]
        )
        assert db.session.scalar(submitted) == 1, "one submit, one notification round"
        told = select(func.count()).where(
            Notification.kind == "plan.submitted", Notification.user_id == team["hr"]
        )
        assert db.session.scalar(told) == 1


def test_remind_on_two_hosts_at_the_same_minute_reminds_once(shared_app, team):  # noqa: F811
    """Both runs find the same overdue approvals; the first to claim a reminder's key sends it,
    the other waits on the key until that commits, then finds it taken."""
    from competencies.plans.reminders import remind_plan_approvers
    from lms.clock import site_today, utcnow

    with shared_app.app_context():
        plan = db.session.get(DevelopmentPlan, team["plan"])
        plan.submitted_at = utcnow() - timedelta(days=30)
        db.session.commit()
    barrier = threading.Barrier(2)

    def host():
        with shared_app.app_context():
            db.session.execute(select(1))
            barrier.wait(timeout=10)
            line = remind_plan_approvers(site_today())
            db.session.commit()
            return line

    lines = run_together(host, host)
    sent = sorted(int(line.split(": ")[1].split()[0]) for line in lines)
    assert sent == [0, 2], lines  # the director and HR, reminded by one host only
    with shared_app.app_context():
        reminded = select(func.count()).where(Notification.kind == "plan.approval_overdue")
        assert db.session.scalar(reminded) == 2

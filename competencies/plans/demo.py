"""A demo development plan (`flask --app lms seed-demo`): Wang Wei's plan for the coming year,
drafted from the template, approved by the director and waiting for HR; Priya Shah has none yet,
so the demo PM can start one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.accounts.models import User
from lms.clock import site_today
from lms.extensions import db

from ..careers.queries import assignment_of
from .models import Decision, DevelopmentPlan
from .services import decide_plan, submit_plan
from .templates import start_from_template


def seed_demo_plans() -> str:
    people = {
        u.email: u
        for u in db.session.scalars(
            select(User).where(User.email.in_(["wang.wei@academy.test", "director@academy.test"]))
        )
    }
    owner, director = people.get("wang.wei@academy.test"), people.get("director@academy.test")
    assignment = assignment_of(owner) if owner else None
    if owner is None or director is None or assignment is None or assignment.aim is None:
        return "demo plans: no demo PM aiming at a level (run seed-demo after seed)"
    if db.session.scalar(select(DevelopmentPlan.id).where(DevelopmentPlan.owner_id == owner.id)):
        return "demo plans: present"
    year = site_today().year + 1
    plan = start_from_template(
        owner,
        actor=owner,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        level=assignment.aim,
    )
    if not plan.goals:
        return "demo plans: no gaps to plan for"
    submit_plan(plan, actor=owner)
    decide_plan(
        plan, actor=director, decision=Decision.APPROVED, comment="Good focus for the year."
    )
    return "demo plans: 1 created (waiting for HR)"

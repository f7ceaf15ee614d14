"""Demo lessons learned: a few lessons of the demo PM in each state, with follow-ups."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.clock import site_today
from lms.extensions import db

from ..tags.models import Tag
from . import services
from .models import FollowUpStatus, Lesson

LESSONS = [
    (
        "Book the test environment before the first sprint",
        "CRM migration",
        "planning",
        "schedule",
        False,
        4,
        "The shared test environment was booked by another project for six weeks.",
        "Reserve environments in the project plan and confirm them at the kick-off.",
    ),
    (
        "A weekly risk review with the sponsor kept decisions quick",
        "Plant extension",
        "monitoring-controlling",
        "risk",
        True,
        3,
        "A 20-minute risk review every Monday meant issues reached the sponsor in days.",
        "Agree a short, fixed risk review slot with the sponsor from the start.",
    ),
    (
        "Vendor contract without acceptance criteria",
        "ERP rollout",
        "executing",
        "procurement",
        False,
        5,
        "Deliverables were disputed because the contract named no acceptance criteria.",
        "Write measurable acceptance criteria into every statement of work.",
    ),
    (
        "Stakeholder map updated at each phase gate",
        "Office relocation",
        "closing",
        "stakeholder",
        True,
        2,
        "New stakeholders appeared late; the map refreshed at gates caught them.",
        "Review the stakeholder register at every phase gate.",
    ),
]


def seed_demo_lessons() -> str:
    if db.session.scalar(select(func.count()).select_from(Lesson)):
        return "lessons: already there"
    people = {
        u.email.split("@")[0]: u for u in db.session.scalars(select(User).where(User.is_demo))
    }
    pm, pmo = people.get("pm"), people.get("pmo")
    if pm is None or pmo is None:
        return "lessons: no demo people"
    slugs = {t.slug: t.id for t in db.session.scalars(select(Tag))}
    made = []
    for title, project, phase, area, positive, impact, happened, advice in LESSONS:
        made.append(
            services.save_lesson(
                None,
                actor=pm,
                title=title,
                project=project,
                phase_id=slugs.get(phase),
                area_id=slugs.get(area),
                is_positive=positive,
                impact=impact,
                what_happened=happened,
                recommendation=advice,
                tag_ids=[slugs[s] for s in ("it-software",) if s in slugs],
            )
        )
    published, validated, returned, _draft = made
    for lesson in (published, validated, returned):
        services.submit_lesson(lesson, actor=pm)
    services.validate_lesson(published, actor=pmo)
    services.publish_lesson(published, actor=pmo)
    services.validate_lesson(validated, actor=pmo)
    services.return_lesson(returned, actor=pmo, reason="Add what the contract said.")
    action = services.add_follow_up(
        published,
        actor=pmo,
        title="Add environment booking to the plan template",
        owner=pmo,
        due_on=site_today() + timedelta(days=30),
    )
    services.set_follow_up_status(action, actor=pmo, status=FollowUpStatus.DONE)
    services.add_follow_up(
        published, actor=pm, title="Tell the test team lead", owner=pm, due_on=site_today()
    )
    return "lessons: 4 lessons, 2 follow-ups"

"""Demo forum: the club's categories and a few conversations between the demo accounts."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.extensions import db
from lms.permissions import SYSTEM

from . import moderation, services
from .models import Category

CATEGORIES = [
    ("announcements", "Announcements", "公告", "News from the PMO.", "PMO 的通知。", True),
    (
        "risk",
        "Risk management",
        "风险管理",
        "Identifying, sizing and handling risks.",
        "识别、评估和应对风险。",
        False,
    ),
    (
        "planning",
        "Planning and scheduling",
        "计划与进度",
        "Plans, estimates and schedules.",
        "计划、估算和进度。",
        False,
    ),
    (
        "stakeholders",
        "Stakeholders",
        "干系人",
        "Sponsors, teams and everyone in between.",
        "发起人、团队以及其他相关方。",
        False,
    ),
]


def seed_demo_forum() -> str:
    if db.session.scalar(select(func.count()).select_from(Category).where(Category.slug == "risk")):
        return "forum: already there"
    made = {}
    for position, (slug, en, zh, about_en, about_zh, read_only) in enumerate(CATEGORIES):
        made[slug] = services.save_category(
            None,
            actor=SYSTEM,
            slug=slug,
            names={"en": en, "zh_CN": zh},
            descriptions={"en": about_en, "zh_CN": about_zh},
            position=position,
            is_read_only=read_only,
        )
    people = {
        u.email.split("@")[0]: u for u in db.session.scalars(select(User).where(User.is_demo))
    }
    pm, pmo, director = people.get("pm"), people.get("pmo"), people.get("director")
    if pm is None or pmo is None:
        return "forum: 4 categories"
    welcome = services.start_topic(
        made["announcements"],
        actor=pmo,
        title="Welcome to the PM club",
        body="Ask questions, share **lessons learned** and find experts.\n\n"
        "- Be specific about your project's context\n- Quote the post you answer",
    )
    services.pin_topic(welcome, actor=pmo)
    question = services.start_topic(
        made["risk"],
        actor=pm,
        title="How much contingency do you keep for a fixed-price project?",
        body="Our sponsor asks for a single number. Do you use a percentage, or a Monte Carlo "
        "range from the risk register?",
    )
    if director is not None:
        made["risk"].moderators = [director]  # a category moderator besides the PMO
        services.reply_to_topic(
            question,
            actor=director,
            body="We size it from the quantified risks (expected value) plus 5% for unknowns, "
            "and show the sponsor the P80 from the simulation.",
        )
    tip = services.reply_to_topic(
        question,
        actor=pmo,
        body="See the *Risk register* template in the library.",
        reply_to_number=1,
    )
    moderation.flag_post(  # something for the review queue
        tip, actor=pm, reason="other", text="The link to the template is missing."
    )
    return "forum: 4 categories, 2 topics, 1 flag"

"""The rules of lessons learned: writing a lesson, its workflow (submit, validate, return with
a reason, publish with its discussion topic, unpublish), follow-up actions and the *applied*
mark. Each service re-checks its predicate, flushes in the caller's transaction, never commits.

A transition locks the lesson's row and reads its state again first, so of two PMO users
publishing at once one wins and the other is told it already happened (no second topic).
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.accounts.queries import active_people_with_role
from lms.audit.services import record, register_action
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import SYSTEM, Role, ensure
from lms.search import services as search
from lms.web.markdown import plain_text, render_markdown

from ..club.queries import is_member
from ..forum import services as forum
from ..forum.models import Category
from ..tags import queries as tag_queries
from ..tags.models import TagGroup
from . import queries
from .models import TEXTS, FollowUp, FollowUpStatus, Lesson, LessonState, LessonStep
from .permissions import (
    can_add_follow_up,
    can_edit_lesson,
    can_log_lesson,
    can_review_lessons,
    can_submit_lesson,
    can_update_follow_up,
)
from .workflow import TRANSITIONS

LESSONS_CATEGORY = "lessons-learned"
TEXT_MAX = 20_000
ALREADY = {
    LessonState.SUBMITTED: N_("This lesson is already waiting for validation."),
    LessonState.VALIDATED: N_("Someone already validated this lesson."),
    LessonState.PUBLISHED: N_("Someone already published this lesson."),
    LessonState.RETURNED: N_("Someone already returned this lesson to its author."),
}

for _action, _label in {
    "lesson.saved": N_("Lesson learned saved"),
    "lesson.submit": N_("Lesson learned submitted"),
    "lesson.validate": N_("Lesson learned validated"),
    "lesson.return": N_("Lesson learned returned"),
    "lesson.publish": N_("Lesson learned published"),
    "lesson.unpublish": N_("Lesson learned unpublished"),
    "lesson.applied": N_("Lesson learned linked to the methodology"),
    "lesson.follow_up": N_("Lesson follow-up saved"),
}.items():
    register_action(_action, _label)
register_kind("lessons.submitted", N_("%(name)s submitted the lesson “%(title)s” for validation."))
register_kind("lessons.returned", N_("Your lesson “%(title)s” was returned: %(reason)s"))
register_kind("lessons.published", N_("Your lesson “%(title)s” is published in the club."))
register_kind("lessons.follow_up", N_("You own a follow-up of the lesson “%(title)s”: %(action)s"))


def save_lesson(lesson: Lesson | None, *, actor, **fields) -> Lesson:
    """A new lesson (a draft of the actor's) or the lesson changed. `fields`: title, project,
    phase_id, area_id, is_positive, impact, is_known_risk, tag_ids and the Markdown TEXTS.
    Raises ServiceError on the field at fault: no title or recommendation, an impact outside
    1-5, a phase or knowledge area that is not one. A published lesson is indexed again."""
    ensure(can_log_lesson(actor) if lesson is None else can_edit_lesson(actor, lesson))
    title = " ".join((fields.get("title") or "").split())
    if not 4 <= len(title) <= 200:
        raise ServiceError(_("A title has 4 to 200 characters."), field="title")
    if not (fields.get("recommendation") or "").strip():
        raise ServiceError(_("Say what others should do next time."), field="recommendation")
    impact = fields.get("impact")
    if impact not in (1, 2, 3, 4, 5):
        raise ServiceError(_("Rate the impact from 1 (minor) to 5 (severe)."), field="impact")
    phase = _tag_of(fields.get("phase_id"), TagGroup.PHASE, "phase_id")
    area = _tag_of(fields.get("area_id"), TagGroup.AREA, "area_id")
    target = lesson or Lesson(author_id=actor.id, state=LessonState.DRAFT)
    for name in TEXTS:
        text = (fields.get(name) or "").strip()
        if len(text) > TEXT_MAX:
            raise ServiceError(_("At most 20,000 characters."), field=name)
        setattr(target, name, text)
        setattr(target, f"{name}_html", render_markdown(text) if text else "")
    target.title, target.project = title, " ".join((fields.get("project") or "").split())[:200]
    target.phase_id, target.area_id = phase, area
    target.is_positive = bool(fields.get("is_positive"))
    target.is_known_risk = bool(fields.get("is_known_risk"))
    target.impact = impact
    target.tags = tag_queries.by_ids(fields.get("tag_ids"))
    db.session.add(target)
    db.session.flush()
    if lesson is None:
        _step(target, None, LessonState.DRAFT, actor)
        db.session.flush()
    if target.state == LessonState.PUBLISHED:
        _index(target)
    record(actor, "lesson.saved", target, label=title)
    return target


def _tag_of(tag_id, group: TagGroup, field: str) -> int | None:
    if tag_id in (None, ""):
        return None
    if not any(t.id == tag_id for t in tag_queries.in_group(group)):
        raise ServiceError(_("Choose one of the list."), field=field)
    return tag_id


def _step(lesson: Lesson, before, after: LessonState, actor, reason: str = "") -> None:
    lesson.steps.append(
        LessonStep(
            from_state=before, to_state=after, actor_id=getattr(actor, "id", None), reason=reason
        )
    )


def _move(lesson: Lesson, transition: str, actor, reason: str = "") -> LessonState:
    """Lock the lesson, read its state again, and move it; returns the state it left. Raises
    ServiceError when the transition does not go from the state it is now in (saying so when
    someone else just made the same move)."""
    db.session.flush()
    db.session.refresh(lesson, ["state", "version"], with_for_update=True)
    sources, target = TRANSITIONS[transition]
    before = lesson.state
    if before not in sources:
        if before == target:
            raise ServiceError(_(ALREADY[target]))
        raise ServiceError(
            _("A lesson that is %(state)s cannot be changed this way.", state=before.label)
        )
    lesson.state = target
    _step(lesson, before, target, actor, reason)
    db.session.flush()
    record(actor, f"lesson.{transition}", lesson, label=lesson.title)
    return before


def submit_lesson(lesson: Lesson, *, actor) -> Lesson:
    """The author hands the lesson to the PMO for validation (the PMO is told)."""
    ensure(can_submit_lesson(actor, lesson))
    _move(lesson, "submit", actor)
    lesson.return_reason = ""
    db.session.flush()
    for reviewer in active_people_with_role(Role.PMO):
        notify(
            reviewer,
            "lessons.submitted",
            link=link_to("lessons.detail", lesson_id=lesson.id),
            name=actor.name,
            title=lesson.title,
        )
    db.session.flush()
    return lesson


def validate_lesson(lesson: Lesson, *, actor) -> Lesson:
    """The PMO confirms the lesson is sound and worth sharing."""
    ensure(can_review_lessons(actor))
    _move(lesson, "validate", actor)
    return lesson


def return_lesson(lesson: Lesson, *, actor, reason: str) -> Lesson:
    """The PMO sends the lesson back to its author, who is told why (a reason is required)."""
    ensure(can_review_lessons(actor))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError(_("Say why the lesson goes back to its author."), field="reason")
    _move(lesson, "return", actor, reason[:1000])
    lesson.return_reason = reason[:1000]
    db.session.flush()
    if lesson.author is not None:
        notify(
            lesson.author,
            "lessons.returned",
            link=link_to("lessons.detail", lesson_id=lesson.id),
            title=lesson.title,
            reason=lesson.return_reason,
        )
    db.session.flush()
    return lesson


def publish_lesson(lesson: Lesson, *, actor) -> Lesson:
    """The PMO publishes a validated lesson: every member reads it, search finds it, and it
    gets its discussion topic in the club's lessons category (once: a lesson published again
    keeps its topic). Raises ServiceError when it is not validated or was just published."""
    ensure(can_review_lessons(actor))
    _move(lesson, "publish", actor)
    lesson.published_at = lesson.published_at or utcnow()
    if lesson.topic_id is None:
        link = link_to("lessons.detail", lesson_id=lesson.id)
        body = _("Discuss the lesson learned “%(title)s” here.", title=lesson.title)
        read = _("Read the lesson")
        topic = forum.start_topic(
            lessons_category(),
            actor=actor,
            title=lesson.title,
            body=f"{body}\n\n[{read}]({link})",
        )
        lesson.topic_id = topic.id
    _index(lesson)
    if lesson.author is not None and lesson.author_id != actor.id:
        notify(
            lesson.author,
            "lessons.published",
            link=link_to("lessons.detail", lesson_id=lesson.id),
            title=lesson.title,
        )
    db.session.flush()
    return lesson


def unpublish_lesson(lesson: Lesson, *, actor) -> Lesson:
    """The PMO takes a published lesson back (to validated): gone from lists and search."""
    ensure(can_review_lessons(actor))
    _move(lesson, "unpublish", actor)
    search.remove("lesson", lesson.id)
    return lesson


def lessons_category() -> Category:
    """The forum category of lessons' discussions, made when first needed if seeding did not."""
    found = db.session.scalar(select(Category).where(Category.slug == LESSONS_CATEGORY))
    return found or forum.save_category(
        None,
        actor=SYSTEM,
        slug=LESSONS_CATEGORY,
        names={"en": "Lessons learned", "zh_CN": "经验教训"},
        descriptions={
            "en": "Discussions of published lessons learned.",
            "zh_CN": "讨论已发布的经验教训。",
        },
        position=90,
    )


def seed_lessons_category() -> str:
    lessons_category()
    return "lessons: discussion category there"


def _index(lesson: Lesson) -> None:
    body = " ".join(plain_text(getattr(lesson, f"{name}_html")) for name in TEXTS)
    search.index(
        "lesson",
        lesson.id,
        title=lesson.title,
        body=" ".join(filter(None, [lesson.project, body])),
        scope_id=lesson.phase_id,
        author_id=lesson.author_id,
        created_at=lesson.published_at,
    )


def mark_applied(lesson: Lesson, *, actor, document: str) -> Lesson:
    """The PMO links the lesson to the methodology document that now carries it (title or
    address); the lesson counts as applied from the first time this or a done follow-up
    happened. Raises ServiceError: no document named."""
    ensure(can_review_lessons(actor))
    document = " ".join((document or "").split())
    if not document:
        raise ServiceError(
            _("Name the methodology document or give its address."), field="document"
        )
    lesson.applied_document = document[:300]
    lesson.applied_at = lesson.applied_at or utcnow()
    db.session.flush()
    record(actor, "lesson.applied", lesson, label=lesson.title)
    return lesson


def add_follow_up(
    lesson: Lesson, *, actor, title: str, owner: User | str | None, due_on: date | None
) -> FollowUp:
    """An action the lesson calls for, owned by one active club member (who is told).
    `owner` is the person, or what was typed in the owner picker: an e-mail, a whole name, or
    "Name <e-mail>" as the picker offers people. Raises ServiceError: no title; on
    owner_email, no owner, nobody in the club of that name or e-mail, two members of that name
    (their e-mails tell them apart), or a person who is not an active member."""
    ensure(can_add_follow_up(actor, lesson))
    title = " ".join((title or "").split())
    if not 2 <= len(title) <= 300:
        raise ServiceError(_("Say what is to be done (2 to 300 characters)."), field="title")
    owner = _owner(owner)
    follow_up = FollowUp(lesson=lesson, title=title, owner_id=owner.id, due_on=due_on)
    db.session.add(follow_up)
    db.session.flush()
    record(actor, "lesson.follow_up", lesson, label=title)
    if owner.id != actor.id:
        notify(
            owner,
            "lessons.follow_up",
            link=link_to("lessons.detail", lesson_id=lesson.id),
            title=lesson.title,
            action=title,
        )
    db.session.flush()
    return follow_up


def _owner(owner: User | str | None) -> User:
    """The one active club member `owner` is or names (see add_follow_up)."""
    if isinstance(owner, User):
        if owner.is_active and is_member(owner):
            return owner
        message = _("%(name)s is not an active member of the PM club.", name=owner.name)
        raise ServiceError(message, field="owner_email")
    typed = " ".join((owner or "").split())
    found = queries.owners_named(typed) if typed else []
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        message = _(
            "%(count)s members of the PM club are called “%(name)s”: choose one of them from "
            "the list, or give their e-mail.",
            count=len(found),
            name=typed,
        )
    elif typed:
        message = _(
            "Choose who owns the action: no one in the PM club is called “%(name)s” or has "
            "that e-mail.",
            name=typed,
        )
    else:
        message = _("Choose who owns the action.")
    raise ServiceError(message, field="owner_email")


def set_follow_up_status(follow_up: FollowUp, *, actor, status: FollowUpStatus) -> FollowUp:
    """Mark an action open, done or dropped; the first one done makes its lesson applied."""
    ensure(can_update_follow_up(actor, follow_up))
    status = FollowUpStatus(status)
    follow_up.status = status
    follow_up.done_at = utcnow() if status == FollowUpStatus.DONE else None
    lesson = follow_up.lesson
    if status == FollowUpStatus.DONE and lesson.applied_at is None:
        lesson.applied_at = follow_up.done_at
    db.session.flush()
    record(actor, "lesson.follow_up", lesson, label=follow_up.title)
    return follow_up

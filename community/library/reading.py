"""Reading as development: a member puts a document on their development plan (a "read" activity
naming it), and says they read its published version; that completes the activities of their
plans in force that name it (lms.signals.activity_completed). The word is kept per major
version, so a later major version asks again. The PMO also lists documents as a course's
materials."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from competencies.plans import content as plan_content
from competencies.plans.models import ActivityKind, PlanGoal
from lms.audit.services import record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.permissions import ensure
from lms.signals import announce_activity_completed

from .models import Document, DocumentRead
from .permissions import can_read_document

LINK_KIND = "document"  # what a plan activity names a library document by

register_action("document.read", N_("Library document read"))
register_action("document.material", N_("Library document made a course material"))


def acknowledge_reading(document: Document, *, actor) -> bool:
    """The actor read the published version; True if this major version is new to them. Saying
    it twice changes nothing (one row per person, document and major version)."""
    ensure(can_read_document(actor, document))
    version = document.published_version
    if version is None:
        raise ServiceError(_("Only a published document can be read for a plan."))
    dialect = db.session.get_bind().dialect.name
    statement = (
        (postgresql if dialect == "postgresql" else sqlite)
        .insert(DocumentRead)
        .values(
            user_id=actor.id,
            document_id=document.id,
            major=version.major,
            revision_id=version.revision_id,
        )
        .on_conflict_do_nothing()
        .returning(DocumentRead.major)
    )
    if db.session.execute(statement).first() is None:
        return False
    announce_activity_completed(LINK_KIND, person_id=actor.id, link_id=document.id, actor=actor)
    record(actor, "document.read", document, label=document.published_title)
    return True


def read_majors(user, document: Document) -> set[int]:
    """The major versions of the document the user said they read."""
    return set(
        db.session.scalars(
            select(DocumentRead.major).where(
                DocumentRead.user_id == user.id, DocumentRead.document_id == document.id
            )
        )
    )


def add_to_plan(document: Document, goal: PlanGoal, *, actor):
    """A "read" activity naming the document under one of the actor's plan goals (the plan's
    own rules apply: its owner, and not while its approvers decide)."""
    ensure(can_read_document(actor, document))
    return plan_content.add_activity(
        goal,
        actor=actor,
        kind=ActivityKind.READING,
        title=_("Read “%(title)s”", title=document.published_title or document.title),
        link_kind=LINK_KIND,
        link_id=document.id,
    )


def add_course_material(document: Document, course, *, actor) -> bool:
    """The document becomes one of a course's materials (a link to its page, which always shows
    the published version); True if it was not one yet."""
    from lms.training.models import CourseMaterial
    from lms.training.permissions import can_manage_training

    ensure(can_read_document(actor, document) and can_manage_training(actor))
    if document.published_version is None:
        raise ServiceError(_("Only a published document can be a course's material."))
    url = f"/library/{document.id}"
    if any(material.url == url for material in course.materials):
        return False
    course.materials.append(CourseMaterial(title=document.published_title, url=url))
    db.session.flush()
    record(actor, "document.material", document, label=document.published_title)
    return True

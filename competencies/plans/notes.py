"""The plan's conversation: comments by anyone who may see the plan, the PMO's recommendation
for the approvers, and the mid- and end-of-period review notes of the PM and the director."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import User
from lms.audit.services import record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.i18n import gettext as _
from lms.permissions import ensure

from . import notices
from .models import DevelopmentPlan, NoteKind, PlanNote
from .permissions import can_comment_on_plan, can_recommend_on_plan, can_review_plan
from .services import plan_label

register_action("plan.noted", N_("Note added to a development plan"))

MAX_NOTE = 5000
_ALLOWED = {
    NoteKind.COMMENT: can_comment_on_plan,
    NoteKind.RECOMMENDATION: can_recommend_on_plan,
    NoteKind.MID_REVIEW: can_review_plan,
    NoteKind.END_REVIEW: can_review_plan,
}


def add_note(
    plan: DevelopmentPlan, *, actor, body: str, kind: NoteKind = NoteKind.COMMENT
) -> PlanNote:
    """Add `actor`'s note of `kind`; the PM and the thread's earlier writers are told of a
    comment. Raises ServiceError (an empty or too long text, on the `body` field)."""
    ensure(_ALLOWED[kind](actor, plan))
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write something first."), field="body")
    if len(body) > MAX_NOTE:
        raise ServiceError(_("Keep it under %(count)s characters.", count=MAX_NOTE), field="body")
    earlier = list(
        db.session.scalars(
            select(User)
            .join(PlanNote, PlanNote.author_id == User.id)
            .where(PlanNote.plan_id == plan.id, PlanNote.kind == NoteKind.COMMENT)
            .distinct()
        )
    )
    note = PlanNote(plan_id=plan.id, author_id=actor.id, kind=kind, body=body)
    db.session.add(note)
    db.session.flush()
    record(actor, "plan.noted", plan, label=plan_label(plan), changes={"kind": [None, str(kind)]})
    notices.commented(plan, actor, earlier)
    return note

"""The library's daily reminder (`flask --app lms remind`): each owner of a published document
past its review-by date is told once per review-by date."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import joinedload

from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.reminders import first_time
from lms.notifications.services import link_to, notify

from .models import Document
from .queries import past_review

register_kind("library.review_due", N_("“%(title)s” was due for review on %(day)s."))


def remind_document_owners(today: date) -> str:
    query = past_review(today).options(joinedload(Document.owner))
    due = [d for d in db.session.scalars(query) if d.owner is not None]
    keys = {f"document-review:{d.id}:{d.review_by.isoformat()}": d for d in due}
    told = 0
    for key in first_time(keys):
        document = keys[key]
        if document.owner.is_active:
            notify(
                document.owner,
                "library.review_due",
                link=link_to("library.detail", document_id=document.id),
                title=document.published_title,
                day=document.review_by.isoformat(),
            )
            told += 1
    db.session.flush()
    return f"library: {told} document owners reminded of a review"

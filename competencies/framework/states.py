"""The rules every framework change follows: lock the row, change only a draft, audit labels."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms.errors import ServiceError
from lms.extensions import db

from .models import Framework, FrameworkState


def lock_state(framework: Framework) -> FrameworkState:
    """Re-read the state under a row lock, so an edit and a publish cannot cross."""
    query = select(Framework.state).where(Framework.id == framework.id).with_for_update()
    return db.session.execute(query).scalar_one()


def require_draft(framework: Framework) -> None:
    """Raises ServiceError unless the framework is a draft (content is fixed once published)."""
    if lock_state(framework) is not FrameworkState.DRAFT:
        raise ServiceError(
            _("Only a draft can be edited: create a new version to change this one.")
        )


def clean_texts(texts: dict[str, str]) -> dict[str, str]:
    """Translatable text without empty languages (so the reader falls back to English)."""
    return {lang: text.strip() for lang, text in texts.items() if text and text.strip()}


def audit_label(framework: Framework) -> str:
    return f"{framework.idnumber} {framework.version_label}"[:200]

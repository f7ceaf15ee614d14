"""The PMO's categories (order, descriptions, announcements, moderators) and each member's
notification level for a category."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from lms.accounts.models import User
from lms.audit.services import record, register_action
from lms.clock import utcnow
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.permissions import ensure

from ..models import (
    Category,
    CategoryReader,
    Level,
)
from ..permissions import (
    can_follow_category,
    can_manage_forum,
)
from ..queries import forget_category_levels, forget_moderators

register_action("forum.category_saved", N_("Forum category saved"))


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def save_category(
    category: Category | None,
    *,
    actor,
    slug: str,
    names: dict[str, str],
    descriptions: dict[str, str] | None = None,
    position: int = 0,
    is_read_only: bool = False,
    moderator_emails: list[str] | None = None,
) -> Category:
    """A new category or the category changed; `moderator_emails` (None: unchanged) names its
    own moderators. Raises ServiceError: no English name, a web name (slug) that is malformed
    or another category's, or an address of nobody active."""
    ensure(can_manage_forum(actor))
    slug = slug.strip().lower()
    if not SLUG.fullmatch(slug) or len(slug) > 60:
        raise ServiceError(
            _("Use lower-case letters, digits and single hyphens, e.g. risk-management."),
            field="slug",
        )
    taken = db.session.scalar(select(Category.id).where(Category.slug == slug))
    if taken is not None and (category is None or taken != category.id):
        raise ServiceError(_("Another category has this web name."), field="slug")
    names = {code: text.strip() for code, text in names.items() if text and text.strip()}
    if not names.get("en"):
        raise ServiceError(_("Give the category an English name."), field="name_en")
    target = category or Category()
    target.slug, target.names, target.position = slug, names, position
    target.descriptions = {
        code: text.strip() for code, text in (descriptions or {}).items() if text and text.strip()
    }
    target.is_read_only = is_read_only
    if moderator_emails is not None:
        target.moderators = _moderators(moderator_emails)
        forget_moderators()
    db.session.add(target)
    db.session.flush()
    record(actor, "forum.category_saved", target, label=names["en"])
    return target


def _moderators(emails: list[str]) -> list[User]:
    wanted = {e.strip().lower() for e in emails if e.strip()}
    found = db.session.scalars(
        select(User).where(func.lower(User.email).in_(wanted), User.is_active)
    ).all()
    unknown = wanted - {person.email.lower() for person in found}
    if unknown:
        raise ServiceError(
            _("Nobody active has the address %(emails)s.", emails=", ".join(sorted(unknown))),
            field="moderators",
        )
    return list(found)


def set_category_level(category: Category, *, actor, level: Level) -> None:
    """The reader's choice of how closely to follow a whole category."""
    ensure(can_follow_category(actor, category))
    dialect = db.session.get_bind().dialect.name
    statement = (
        (postgresql if dialect == "postgresql" else sqlite)
        .insert(CategoryReader)
        .values(user_id=actor.id, category_id=category.id, level=int(level), updated_at=utcnow())
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[CategoryReader.user_id, CategoryReader.category_id],
            set_={"level": int(level), "updated_at": utcnow()},
        )
    )
    forget_category_levels()

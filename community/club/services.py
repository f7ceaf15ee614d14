"""Joining and leaving the club (each audited)."""

from __future__ import annotations

from sqlalchemy import select

from lms.audit.services import record, register_action
from lms.clock import utcnow
from lms.extensions import db
from lms.i18n import N_
from lms.permissions import ensure

from . import queries
from .models import Membership
from .permissions import can_join_club, can_leave_club

register_action("club.joined", N_("Joined the PM club"))
register_action("club.left", N_("Left the PM club"))


def _choose(user, is_member: bool) -> None:
    row = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    if row is None:
        row = Membership(user_id=user.id)
        db.session.add(row)
    row.is_member, row.changed_at = is_member, utcnow()
    db.session.flush()
    queries.forget(user)
    record(user, "club.joined" if is_member else "club.left", user, label=user.name)


def join_club(user, *, actor) -> None:
    ensure(can_join_club(actor) and actor.id == user.id)
    _choose(user, True)


def leave_club(user, *, actor) -> None:
    ensure(can_leave_club(actor) and actor.id == user.id)
    _choose(user, False)

"""Who is in the PM club. PMs, directors and the PMO are members by default and need no row;
a row records a choice: someone who left (or, for other roles, someone who joined)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import may_race, utcnow
from lms.extensions import db


class Membership(db.Model):
    __tablename__ = "club_memberships"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    is_member: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


may_race("pk_club_memberships")  # two tabs joining at once: one row wins

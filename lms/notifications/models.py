"""Notifications addressed to one person, the e-mail outbox, and the reminders already sent."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import utcnow
from ..extensions import db


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user = relationship("User")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def message(self) -> str:
        from .kinds import render_message

        return render_message(self.kind, self.params)


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    """An e-mail written in the same transaction as the change it tells about, sent by a worker.

    `next_attempt_at` is when a worker may take it next: its due time, or while a worker holds it,
    the end of that worker's lease (`claim_token` names the claim), so a crashed worker's messages
    fall due again by themselves. The Message-ID is fixed when the row is written, so a message
    sent twice after a crash is recognisably the same message.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[OutboxState] = mapped_column(
        Enum(
            OutboxState,
            native_enum=False,
            length=20,
            values_callable=lambda states: [s.value for s in states],
        ),
        default=OutboxState.PENDING,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SentReminder(db.Model):
    """One row per reminder given (e.g. "certificate 12 expiring 2027-03-01"): `remind` may run
    any number of times a day and still reminds once."""

    __tablename__ = "sent_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

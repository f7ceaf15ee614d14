"""Classes as iCalendar (RFC 5545), with the `icalendar` library: one event per session, in the
site's time zone (its VTIMEZONE included, as Outlook wants). An event's UID is the class's UID
and the session's place in it, so a changed class updates the events subscribers already have
(SEQUENCE rises with each change) and a cancelled class shows as STATUS:CANCELLED.

Personal feeds: a secret token per person, shown once and stored as its SHA-256; revoking it
makes the feed answer 404.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from icalendar import Calendar, Event
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from ..audit.services import record, register_action
from ..clock import as_utc, site_timezone, utcnow
from ..extensions import db
from ..i18n import N_
from ..permissions import ensure
from .models import (
    ACTIVE_ENROLMENTS,
    CalendarFeed,
    ClassSession,
    ClassState,
    Enrolment,
    TrainingClass,
    class_trainers,
)
from .permissions import can_keep_calendar_feed

PRODID = "-//PMO Academy//Training//EN"
FEED_DAYS_BACK = 90  # a feed carries classes from this long ago on

register_action("training.feed_created", N_("Calendar feed address created"))
register_action("training.feed_revoked", N_("Calendar feed address revoked"))


def calendar_of(classes: Iterable[TrainingClass], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    zone = site_timezone()
    for training_class in classes:
        for event in _events(training_class, zone):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _events(training_class: TrainingClass, zone) -> list[Event]:
    cancelled = training_class.state is ClassState.CANCELLED
    where = training_class.room.name if training_class.room else training_class.online_url
    stamp = as_utc(training_class.updated_at or utcnow())
    events = []
    total = len(training_class.sessions)
    for number, session in enumerate(training_class.sessions, 1):
        event = Event()
        event.add("uid", f"{number}.{training_class.uid}")
        event.add("sequence", training_class.sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", as_utc(session.starts_at).astimezone(zone))
        event.add("dtend", as_utc(session.ends_at).astimezone(zone))
        title = training_class.course.name
        event.add("summary", f"{title} ({number}/{total})" if total > 1 else title)
        if where:
            event.add("location", where)
        if training_class.online_url:
            event.add("url", training_class.online_url)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        events.append(event)
    return events


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(person, *, actor) -> str:
    """A new feed address for `person` (any earlier one is revoked); returns its token, which
    is never shown again."""
    ensure(can_keep_calendar_feed(actor, person))
    revoke_feeds(person, actor=actor, audit=False)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarFeed(user_id=person.id, token_hash=_hash(token)))
    db.session.flush()
    record(actor, "training.feed_created", person, label=person.name)
    return token


def revoke_feeds(person, *, actor, audit: bool = True) -> int:
    """Revoke the person's feed addresses; returns how many were live."""
    ensure(can_keep_calendar_feed(actor, person))
    live = list(
        db.session.scalars(
            select(CalendarFeed).where(
                CalendarFeed.user_id == person.id, CalendarFeed.revoked_at.is_(None)
            )
        )
    )
    for feed in live:
        feed.revoked_at = utcnow()
    db.session.flush()
    if live and audit:
        record(actor, "training.feed_revoked", person, label=person.name)
    return len(live)


def live_feed(person) -> CalendarFeed | None:
    return db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.user_id == person.id, CalendarFeed.revoked_at.is_(None)
        )
    )


def feed_owner_id(token: str) -> int | None:
    """Whose live feed this token opens (None: unknown or revoked)."""
    return db.session.scalar(
        select(CalendarFeed.user_id).where(
            CalendarFeed.token_hash == _hash(token), CalendarFeed.revoked_at.is_(None)
        )
    )


def classes_of(person_id: int) -> list[TrainingClass]:
    """The classes a person learns in (any live enrolment) or teaches, from FEED_DAYS_BACK ago."""
    since = utcnow() - timedelta(days=FEED_DAYS_BACK)
    learns = select(Enrolment.class_id).where(
        Enrolment.user_id == person_id, Enrolment.state.in_(ACTIVE_ENROLMENTS)
    )
    teaches = select(class_trainers.c.class_id).where(class_trainers.c.user_id == person_id)
    return list(
        db.session.scalars(
            select(TrainingClass)
            .where(or_(TrainingClass.id.in_(learns), TrainingClass.id.in_(teaches)))
            .where(
                exists().where(
                    ClassSession.class_id == TrainingClass.id, ClassSession.ends_at >= since
                )
            )
            .options(
                selectinload(TrainingClass.sessions),
                selectinload(TrainingClass.course),
                selectinload(TrainingClass.room),
            )
            .order_by(TrainingClass.id)
        )
    )

"""Time as the site sees it: instants in UTC, calendar dates in the site's time zone.

`date.today()` is the server's date: on a UTC server a rating made before 08:00 in Shanghai
would get yesterday's date. Every "today" (ratings, expiry windows, reminders) is `site_today()`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    return datetime.now(UTC)


def site_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config["SITE_TIMEZONE"])


def site_now() -> datetime:
    return utcnow().astimezone(site_timezone())


def site_today() -> date:
    return site_now().date()


def as_utc(moment: datetime) -> datetime:
    """A stored instant as an aware UTC datetime (SQLite's driver hands them back naive)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def from_site_time(local: datetime) -> datetime:
    """A wall-clock time entered on the site (naive, in the site's time zone) as UTC. A time
    the clocks skip (the hour lost to daylight saving) raises ValueError; a time they pass
    twice (the hour repeated) is the first of the two."""
    zone = site_timezone()
    aware = local.replace(tzinfo=zone, fold=0)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        raise ValueError(f"{local} does not exist in {zone.key}")
    return aware.astimezone(UTC)


def to_site_time(moment: datetime) -> datetime:
    """A stored instant as a naive wall-clock time in the site's zone (what a form shows)."""
    return as_utc(moment).astimezone(site_timezone()).replace(tzinfo=None)

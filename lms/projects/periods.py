"""Reporting periods: a week starts on Monday (ISO 8601), a month on its first day."""

from __future__ import annotations

from datetime import date, timedelta

from .models import PeriodKind


def period_start(day: date, kind: PeriodKind) -> date:
    """The first day of the period holding `day`."""
    if kind == PeriodKind.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(start: date, kind: PeriodKind) -> date:
    if kind == PeriodKind.WEEK:
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_end(start: date, kind: PeriodKind) -> date:
    """The last day of the period starting on `start`."""
    return next_period(start, kind) - timedelta(days=1)


def previous_period(start: date, kind: PeriodKind) -> date:
    return period_start(start - timedelta(days=1), kind)


def last_complete_period(today: date, kind: PeriodKind) -> date:
    """The start of the last period that has ended by `today`: the one a PM should have
    reported by now."""
    return previous_period(period_start(today, kind), kind)


def periods_between(first: date, last: date, kind: PeriodKind) -> list[date]:
    """The starts of every period from the one holding `first` to the one holding `last`."""
    starts, start = [], period_start(first, kind)
    while start <= last:
        starts.append(start)
        start = next_period(start, kind)
    return starts

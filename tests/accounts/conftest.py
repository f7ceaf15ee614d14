"""The log-in throttle's clock, moved by tests instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lms.accounts import login_throttle

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(START)
    monkeypatch.setattr(login_throttle, "now", lambda: clock.now)
    return clock

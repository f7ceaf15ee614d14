"""`flask --app lms remind` runs every registered reminder; `first_time` makes them idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from lms.clock import site_today
from lms.notifications import reminders


@pytest.mark.app_context_only
def test_remind_runs_each_registered_reminder_for_the_day(app, db, monkeypatch):
    days = []

    def reminder(today: date) -> str:
        days.append(today)
        return "test reminder: ran"

    monkeypatch.setattr(reminders, "REMINDERS", [reminder, reminder])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["remind", "--today", "2027-01-31"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["test reminder: ran"] * 2
    assert runner.invoke(args=["remind"]).exit_code == 0
    assert days == [date(2027, 1, 31)] * 2 + [site_today()] * 2


def test_first_time_gives_each_key_once(db):
    assert reminders.first_time(["a", "b", "a"]) == ["a", "b"]
    db.session.flush()
    assert reminders.first_time(["b", "c"]) == ["c"]
    assert reminders.first_time([]) == []


def test_registering_a_reminder_twice_keeps_one(monkeypatch):
    registered = []
    monkeypatch.setattr(reminders, "REMINDERS", registered)
    reminders.register_reminder(print)
    reminders.register_reminder(print)
    assert registered == [print]

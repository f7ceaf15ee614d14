"""Certificates due for renewal: `remind` tells their holder once per certificate and expiry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from competencies.profiles.models import EvidenceKind
from competencies.profiles.reminders import remind_certificate_renewals
from competencies.profiles.services import add_evidence
from lms.notifications.models import Notification, OutboxMessage
from lms.notifications.reminders import REMINDERS

TODAY = date(2027, 3, 1)


def certificate(person, title: str, days: int, kind=EvidenceKind.CERTIFICATION):
    return add_evidence(
        person, actor=person, kind=kind, title=title, expires_on=TODAY + timedelta(days=days)
    )


def reminded(db) -> list[tuple[str, str, str]]:
    notes = db.session.scalars(
        select(Notification)
        .where(Notification.kind == "profile.certificate_renewal")
        .order_by(Notification.id)
    )
    return [(n.user.email, n.params["title"], n.params["expires_on"]) for n in notes]


def test_certificates_within_the_notice_are_reminded_once(db, people):
    pm, director = people["pm"], people["director"]
    for title, days in [("Expired", -1), ("Today", 0), ("PMP", 30), ("Edge", 90), ("Later", 91)]:
        certificate(pm, title, days)
    certificate(pm, "A note", 30, kind=EvidenceKind.NOTE)
    certificate(director, "Gone", 30)
    director.is_active = False
    assert remind_certificate_renewals(TODAY) == "certificate renewals: 3 reminded"
    assert reminded(db) == [
        ("pm@example.com", "Today", "2027-03-01"),
        ("pm@example.com", "PMP", "2027-03-31"),
        ("pm@example.com", "Edge", "2027-05-30"),
    ]
    assert remind_certificate_renewals(TODAY) == "certificate renewals: 0 reminded"
    assert remind_certificate_renewals(TODAY + timedelta(days=1)).endswith(" 1 reminded")  # Later


def test_a_renewed_certificate_is_reminded_again_for_its_new_expiry(db, people):
    pmp = certificate(people["pm"], "PMP", 10)
    remind_certificate_renewals(TODAY)
    pmp.expires_on = TODAY + timedelta(days=60)
    db.session.flush()
    assert remind_certificate_renewals(TODAY) == "certificate renewals: 1 reminded"
    assert [expiry for *_, expiry in reminded(db)] == ["2027-03-11", "2027-04-30"]


def test_the_reminder_is_registered_for_the_remind_command(app):
    assert remind_certificate_renewals in REMINDERS


@pytest.mark.app_context_only
def test_remind_command_reminds_and_mails_once(app, db, people, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SITE_URL", "https://academy.example/")
    certificate(people["pm"], "PMP", 30)
    db.session.commit()
    runner = app.test_cli_runner()
    outputs = []
    for _ in range(2):
        result = runner.invoke(args=["remind", "--today", TODAY.isoformat()])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        outputs.append(next(line for line in lines if line.startswith("certificate")))
    assert outputs == ["certificate renewals: 1 reminded", "certificate renewals: 0 reminded"]
    [mail] = db.session.scalars(select(OutboxMessage)).all()
    assert mail.recipient == "pm@example.com" and "PMP" in mail.subject
    assert "https://academy.example/notifications/" in mail.body

"""The certificate renewal reminder `flask --app lms remind` runs: once per certificate and
expiry date, when it comes within RENEWAL_NOTICE of expiring (a new expiry date reminds again)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.accounts.models import User
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.reminders import first_time
from lms.notifications.services import link_to, notify

from .models import RENEWAL_NOTICE, Evidence, EvidenceKind

register_kind(
    "profile.certificate_renewal",
    N_("Your certificate %(title)s expires on %(expires_on)s: time to plan its renewal."),
)


def _due_for_renewal(today: date) -> list[tuple[Evidence, User]]:
    query = (
        select(Evidence, User)
        .join(User, User.id == Evidence.user_id)
        .where(
            Evidence.kind == EvidenceKind.CERTIFICATION,
            Evidence.expires_on.between(today, today + RENEWAL_NOTICE),
            User.is_active.is_(True),
        )
        .order_by(Evidence.id)
    )
    return [(evidence, person) for evidence, person in db.session.execute(query)]


def _key(evidence: Evidence) -> str:
    return f"certificate-renewal:{evidence.id}:{evidence.expires_on.isoformat()}"


def remind_certificate_renewals(today: date) -> str:
    """Tell each person about their certificates expiring within RENEWAL_NOTICE, once each."""
    due = {_key(evidence): (evidence, person) for evidence, person in _due_for_renewal(today)}
    new = first_time(due)
    for key in new:
        evidence, person = due[key]
        notify(
            person,
            "profile.certificate_renewal",
            link=link_to("profiles.profile", user_id=evidence.user_id),
            title=evidence.title,
            expires_on=evidence.expires_on.isoformat(),
        )
    return f"certificate renewals: {len(new)} reminded"

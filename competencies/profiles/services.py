"""Rate competencies and record evidence. Every rating is a new row: nothing is overwritten."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.audit.services import record, register_action
from lms.clock import site_today
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.notifications.kinds import register_kind
from lms.notifications.services import link_to, notify
from lms.permissions import Role, ensure
from lms.web.uploads import discard_upload, store_upload

from ..framework.models import Competency
from .models import Evidence, EvidenceKind, Rating, RatingKind, rating_evidence
from .permissions import can_add_evidence, can_confirm_rating, can_delete_evidence, can_rate_self
from .ratings import make_current

register_action("rating.self", N_("Self rating recorded"))
register_action("rating.confirmed", N_("Level confirmed"))
register_action("evidence.added", N_("Evidence added"))
register_action("evidence.deleted", N_("Evidence deleted"))
register_kind(
    "profile.level_confirmed", N_("%(rater)s confirmed your level in %(competency)s: %(level)s.")
)


def _check_level(competency: Competency, level: int) -> None:
    values = {scale.value for scale in competency.framework.levels}
    if level not in values:
        raise ServiceError(_("Choose a level on the framework's scale."), field="level")
    if competency.is_retired:
        raise ServiceError(
            _("This competency is retired and can no longer be rated."), field="competency_id"
        )


def rate_self(
    person,
    competency: Competency,
    level: int,
    *,
    actor,
    comment: str = "",
    rated_on: date | None = None,
) -> Rating:
    """A PM's own view of their level; shown beside the confirmed one, never replacing it."""
    ensure(can_rate_self(actor, person), _("Only the person can rate themself."))
    _check_level(competency, level)
    rating = Rating(
        user_id=person.id,
        competency=competency,
        level=level,
        kind=RatingKind.SELF,
        rated_by_id=actor.id,
        rated_on=rated_on or site_today(),
        comment=comment.strip(),
    )
    db.session.add(rating)
    db.session.flush()
    make_current(rating)
    record(
        actor,
        "rating.self",
        person,
        changes={competency.idnumber: [None, level]},
        label=person.name,
    )
    return rating


def confirm_level(
    person,
    competency: Competency,
    level: int,
    *,
    actor,
    comment: str = "",
    justification: str = "",
    evidence_ids: list[int] = (),
    rated_on: date | None = None,
) -> Rating:
    """A director's or PMO assessor's confirmed rating.

    It must cite evidence of the person or carry a written justification (issue #3). A director may
    confirm only people of their department tree. Raises ServiceError.
    """
    ensure(can_confirm_rating(actor, person), _("You may not confirm levels for this person."))
    _check_level(competency, level)
    evidence = list(  # share-locked: not deleted under the rating (delete_evidence)
        db.session.scalars(
            select(Evidence)
            .where(Evidence.id.in_(list(evidence_ids)), Evidence.user_id == person.id)
            .with_for_update(read=True)
        )
    )
    if len(evidence) != len(set(evidence_ids)):
        raise ServiceError(_("Cite only this person's evidence."), field="evidence_ids")
    if not evidence and not justification.strip():
        raise ServiceError(
            _("Cite at least one piece of evidence or write a justification."),
            field="justification",
        )
    kind = RatingKind.PMO if actor.has_role(Role.PMO) else RatingKind.DIRECTOR
    rating = Rating(
        user_id=person.id,
        competency=competency,
        level=level,
        kind=kind,
        rated_by_id=actor.id,
        rated_on=rated_on or site_today(),
        comment=comment.strip(),
        justification=justification.strip(),
        evidence=evidence,
    )
    db.session.add(rating)
    db.session.flush()
    make_current(rating)
    record(
        actor,
        "rating.confirmed",
        person,
        label=person.name,
        changes={competency.idnumber: [None, level], "kind": str(kind)},
    )
    names = next(s.names for s in competency.framework.levels if s.value == level)
    notify(
        person,
        "profile.level_confirmed",
        link=link_to(
            "profiles.profile",
            user_id=person.id,
            history=competency.idnumber,
            _anchor="timeline-heading",
        ),
        rater=actor.name,
        competency=competency.names,  # shown in the reader's language
        level={lang: f"{level} {name}" for lang, name in names.items()},
    )
    return rating


def add_evidence(
    person,
    *,
    actor,
    kind: EvidenceKind,
    title: str,
    details: dict | None = None,
    occurred_on: date | None = None,
    expires_on: date | None = None,
    upload=None,
) -> Evidence:
    """Record evidence; an uploaded file is checked by type and size and kept outside static/."""
    ensure(can_add_evidence(actor, person), _("You may not add evidence for this person."))
    if not can_add_evidence(actor, person, kind):
        raise ServiceError(
            _("Completed training and projects led are recorded by your director or the PMO."),
            field="kind",
        )
    if kind is EvidenceKind.FILE and (upload is None or not upload.filename):
        raise ServiceError(_("Choose a file to upload."), field="upload")
    stored = (
        store_upload(upload, field="upload") if upload is not None and upload.filename else None
    )
    evidence = Evidence(
        user_id=person.id,
        kind=kind,
        title=title.strip(),
        details=details or {},
        occurred_on=occurred_on,
        expires_on=expires_on,
        added_by_id=actor.id,
        file_name=stored.file_name if stored else None,
        stored_name=stored.stored_name if stored else None,
        content_type=stored.content_type if stored else None,
        size=stored.size if stored else None,
    )
    db.session.add(evidence)
    db.session.flush()
    record(
        actor,
        "evidence.added",
        person,
        label=person.name,
        changes={"title": [None, evidence.title]},
    )
    return evidence


def delete_evidence(evidence: Evidence, *, actor) -> None:
    """Remove evidence recorded by mistake; its file goes once the change commits.

    Evidence a rating cites stays, so a confirmed level keeps what it was based on. The row is
    locked first: a confirmation citing it at the same moment either commits before (and this
    refuses) or waits and then finds it gone. Raises ServiceError.
    """
    ensure(can_delete_evidence(actor, evidence), _("You may not delete this evidence."))
    locked = select(Evidence.id).where(Evidence.id == evidence.id).with_for_update()
    if db.session.scalar(locked) is None:
        raise ServiceError(_("This evidence was deleted already; nothing changed."))
    cited = select(rating_evidence.c.rating_id).where(rating_evidence.c.evidence_id == evidence.id)
    if db.session.scalar(cited.limit(1)) is not None:
        raise ServiceError(
            _("A confirmed rating cites this evidence, so it stays with the rating's history.")
        )
    person = db.session.get(User, evidence.user_id)
    if evidence.stored_name:
        discard_upload(evidence.stored_name)
    record(
        actor,
        "evidence.deleted",
        person,
        label=person.name,
        changes={"title": [evidence.title, None]},
    )
    db.session.delete(evidence)
    db.session.flush()

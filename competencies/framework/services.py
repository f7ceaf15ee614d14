"""Framework life cycle: draft -> published -> archived, new versions, imports.

A published framework's content is fixed, so history (ratings, targets) keeps its meaning; to
change more, copy it into a new version (editing.py changes a draft). Every change is audited;
these functions flush and never commit.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms import signals
from lms.audit.services import diff, record, register_action
from lms.db import serialize_on
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.outcomes import outcomes_of
from lms.permissions import ensure

from .files.checks import check
from .files.exchange import framework_data, save_framework
from .files.formats import parse_file
from .models import Framework, FrameworkState
from .permissions import can_manage_frameworks
from .queries import find_framework
from .states import audit_label, clean_texts, lock_state, require_draft

for _code, _text in {
    "framework.updated": N_("Competency framework updated"),
    "framework.published": N_("Competency framework published"),
    "framework.archived": N_("Competency framework archived"),
    "framework.version_created": N_("New framework version created"),
}.items():
    register_action(_code, _text)


# --- The framework ------------------------------------------------------------------------


def update_framework(
    framework: Framework, *, actor, names: dict[str, str], descriptions: dict[str, str]
) -> Framework:
    """Rename or re-describe a draft. Raises ServiceError on a non-draft or without a name."""
    ensure(can_manage_frameworks(actor))
    require_draft(framework)
    names = clean_texts(names)
    if not names:
        raise ServiceError(_("A name is required."), field="name_en")
    before = {"names": framework.names, "descriptions": framework.descriptions}
    framework.names, framework.descriptions = names, clean_texts(descriptions)
    db.session.flush()
    changes = diff(before, {"names": framework.names, "descriptions": framework.descriptions})
    if changes:
        record(actor, "framework.updated", framework, label=audit_label(framework), changes=changes)
    return framework


def publish_framework(framework: Framework, *, actor) -> list[str]:
    """Draft -> published; the version published before it (same id number) is archived.

    One version per framework is published at a time, so people are assessed against one
    text. Publishing twice explains and changes nothing. Raises ServiceError. Returns what the
    other packages did in turn (lms.outcomes: career levels copied, people moved), as data.
    """
    ensure(can_manage_frameworks(actor))
    state = lock_state(framework)
    if state is FrameworkState.PUBLISHED:
        raise ServiceError(_("This version is published already; nothing changed."))
    if state is FrameworkState.ARCHIVED:
        raise ServiceError(_("This version is archived: create a new version to publish changes."))
    problems = check(framework_data(framework))
    if problems:
        raise ServiceError(
            _("Fix these first: %(problems)s", problems="; ".join(map(str, problems)))
        )
    serialize_on(db.session, f"framework.publish:{framework.idnumber}")
    replaced = db.session.scalars(
        select(Framework).where(
            Framework.idnumber == framework.idnumber,
            Framework.state == FrameworkState.PUBLISHED,
            Framework.id != framework.id,
        )
    ).all()
    for other in replaced:
        other.state = FrameworkState.ARCHIVED
        record(
            actor,
            "framework.archived",
            other,
            label=audit_label(other),
            changes={"state": ["published", "archived"], "replaced_by": framework.version_label},
        )
    framework.state = FrameworkState.PUBLISHED
    db.session.flush()
    record(
        actor,
        "framework.published",
        framework,
        label=audit_label(framework),
        changes={"state": ["draft", "published"], "archived": [o.version_label for o in replaced]},
    )
    replies = signals.framework_published.send(framework, replaced=list(replaced), actor=actor)
    return outcomes_of(replies)


def archive_framework(framework: Framework, *, actor) -> Framework:
    """Published -> archived: nobody is assessed against it any more; its history stays.

    Archiving twice explains and changes nothing. Raises ServiceError.
    """
    ensure(can_manage_frameworks(actor))
    state = lock_state(framework)
    if state is FrameworkState.ARCHIVED:
        raise ServiceError(_("This version is archived already; nothing changed."))
    if state is FrameworkState.DRAFT:
        raise ServiceError(_("A draft is not published, so there is nothing to archive."))
    framework.state = FrameworkState.ARCHIVED
    db.session.flush()
    record(
        actor,
        "framework.archived",
        framework,
        label=audit_label(framework),
        changes={"state": ["published", "archived"]},
    )
    return framework


def new_version(framework: Framework, *, actor, version_label: str) -> Framework:
    """Copy a published or archived framework into a new draft whose previous version it is.

    Raises ServiceError for a draft (edit it instead) or a version label in use.
    """
    ensure(can_manage_frameworks(actor))
    if framework.state is FrameworkState.DRAFT:
        raise ServiceError(_("This version is a draft: edit it instead of copying it."))
    version_label = version_label.strip()
    if find_framework(framework.idnumber, version_label):
        raise ServiceError(
            _("Version %(version)s exists already; choose another.", version=version_label),
            field="version_label",
        )
    data = framework_data(framework)
    data.version_label = version_label
    return save_framework(data, actor=actor, previous=framework, action="framework.version_created")


def next_version_label(framework: Framework) -> str:
    """A free label to suggest for the next version: 1.0 -> 1.1 -> 1.2 (or "<label>-2")."""
    head, _dot, tail = framework.version_label.rpartition(".")
    for step in range(1, 100):
        label = (
            f"{head}.{int(tail) + step}"
            if head and tail.isdigit()
            else f"{framework.version_label}-{step + 1}"
        )
        if find_framework(framework.idnumber, label) is None:
            return label
    return ""


def import_framework(filename: str, raw: bytes, *, actor) -> Framework:
    """Read a JSON, our CSV or a Moodle CSV file into a new draft.

    Raises FrameworkFileError listing every problem with its row or path; nothing is written then.
    """
    ensure(can_manage_frameworks(actor))
    return save_framework(parse_file(filename, raw), actor=actor)

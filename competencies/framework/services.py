"""Framework life cycle (draft -> published -> archived, new versions) and editing a draft.

Content changes only in a draft. A published framework's competencies can be retired but not
deleted, so history (ratings, targets) keeps its meaning; to change more, copy it into a new
version. Every change is audited; these functions flush and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from lms import signals
from lms.audit.services import diff, record, register_action
from lms.db import serialize_on
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_

from .exchange import check, find_framework, framework_data, save_framework
from .formats import parse_file
from .models import Competency, Framework, FrameworkState, ScaleLevel, TalentTriangle

for _code, _text in {
    "framework.updated": N_("Competency framework updated"),
    "framework.published": N_("Competency framework published"),
    "framework.archived": N_("Competency framework archived"),
    "framework.version_created": N_("New framework version created"),
    "competency.added": N_("Competency added"),
    "competency.updated": N_("Competency updated"),
    "competency.deleted": N_("Competency deleted"),
    "competency.retired": N_("Competency retired"),
    "competency.unretired": N_("Competency brought back"),
    "scale_level.updated": N_("Proficiency level updated"),
}.items():
    register_action(_code, _text)


# --- Rules shared by the edits ------------------------------------------------------------


def _lock_state(framework: Framework) -> FrameworkState:
    """Re-read the state under a row lock, so an edit and a publish cannot cross."""
    query = select(Framework.state).where(Framework.id == framework.id).with_for_update()
    return db.session.execute(query).scalar_one()


def _require_draft(framework: Framework) -> None:
    """Raises ServiceError unless the framework is a draft (content is fixed once published)."""
    if _lock_state(framework) is not FrameworkState.DRAFT:
        raise ServiceError(
            _("Only a draft can be edited: create a new version to change this one.")
        )


def _texts(texts: dict[str, str]) -> dict[str, str]:
    """Translatable text without empty languages (so the reader falls back to English)."""
    return {lang: text.strip() for lang, text in texts.items() if text and text.strip()}


def _label(framework: Framework) -> str:
    return f"{framework.idnumber} {framework.version_label}"[:200]


# --- The framework ------------------------------------------------------------------------


def update_framework(
    framework: Framework, *, actor, names: dict[str, str], descriptions: dict[str, str]
) -> Framework:
    """Rename or re-describe a draft. Raises ServiceError on a non-draft or without a name."""
    _require_draft(framework)
    names = _texts(names)
    if not names:
        raise ServiceError(_("A name is required."), field="name_en")
    before = {"names": framework.names, "descriptions": framework.descriptions}
    framework.names, framework.descriptions = names, _texts(descriptions)
    db.session.flush()
    changes = diff(before, {"names": framework.names, "descriptions": framework.descriptions})
    if changes:
        record(actor, "framework.updated", framework, label=_label(framework), changes=changes)
    return framework


def publish_framework(framework: Framework, *, actor) -> Framework:
    """Draft -> published; the version published before it (same id number) is archived.

    One version per framework is published at a time, so people are assessed against one
    text. Publishing twice explains and changes nothing. Raises ServiceError.
    """
    state = _lock_state(framework)
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
            label=_label(other),
            changes={"state": ["published", "archived"], "replaced_by": framework.version_label},
        )
    framework.state = FrameworkState.PUBLISHED
    db.session.flush()
    record(
        actor,
        "framework.published",
        framework,
        label=_label(framework),
        changes={"state": ["draft", "published"], "archived": [o.version_label for o in replaced]},
    )
    signals.framework_published.send(framework, replaced=list(replaced), actor=actor)
    return framework


def archive_framework(framework: Framework, *, actor) -> Framework:
    """Published -> archived: nobody is assessed against it any more; its history stays.

    Archiving twice explains and changes nothing. Raises ServiceError.
    """
    state = _lock_state(framework)
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
        label=_label(framework),
        changes={"state": ["published", "archived"]},
    )
    return framework


def new_version(framework: Framework, *, actor, version_label: str) -> Framework:
    """Copy a published or archived framework into a new draft whose previous version it is.

    Raises ServiceError for a draft (edit it instead) or a version label in use.
    """
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
    return save_framework(parse_file(filename, raw), actor=actor)


# --- Scale levels -------------------------------------------------------------------------


def update_scale_level(
    level: ScaleLevel,
    *,
    actor,
    names: dict[str, str],
    descriptions: dict[str, str],
    is_proficient: bool,
) -> ScaleLevel:
    """Reword a level of a draft's scale. Raises ServiceError on a non-draft or without a name."""
    _require_draft(level.framework)
    names = _texts(names)
    if not names:
        raise ServiceError(_("A name is required."), field="name_en")
    before = _level_snapshot(level)
    level.names, level.descriptions = names, _texts(descriptions)
    level.is_proficient = is_proficient
    db.session.flush()
    changes = diff(before, _level_snapshot(level))
    if changes:
        record(
            actor,
            "scale_level.updated",
            level,
            label=f"{_label(level.framework)} · {level.value}",
            changes=changes,
        )
    return level


def _level_snapshot(level: ScaleLevel) -> dict:
    return {
        "names": level.names,
        "descriptions": level.descriptions,
        "is_proficient": level.is_proficient,
    }


# --- Competencies -------------------------------------------------------------------------


def add_competency(
    framework: Framework,
    *,
    actor,
    idnumber: str,
    parent: Competency | None,
    names: dict[str, str],
    descriptions: dict[str, str],
    talent_triangle: str | None,
    programme_only: bool,
    descriptors: dict[str, dict[str, str]],
    related: Iterable[Competency] = (),
) -> Competency:
    """Add a competency to a draft, after its siblings. Raises ServiceError (see `_checked`)."""
    _require_draft(framework)
    values = _checked(
        framework,
        None,
        idnumber=idnumber,
        parent=parent,
        names=names,
        descriptions=descriptions,
        talent_triangle=talent_triangle,
        programme_only=programme_only,
        descriptors=descriptors,
        related=related,
    )
    order = max((c.sort_order for c in framework.competencies), default=-1) + 1
    competency = Competency(framework=framework, sort_order=order)
    db.session.add(competency)
    _set(competency, values)
    db.session.flush()
    record(actor, "competency.added", competency, label=_competency_label(competency))
    return competency


def update_competency(
    competency: Competency,
    *,
    actor,
    idnumber: str,
    parent: Competency | None,
    names: dict[str, str],
    descriptions: dict[str, str],
    talent_triangle: str | None,
    programme_only: bool,
    descriptors: dict[str, dict[str, str]],
    related: Iterable[Competency] = (),
) -> Competency:
    """Change a draft's competency, including moving it under another parent (never into
    itself or one of its sub-competencies). Raises ServiceError (see `_checked`)."""
    framework = competency.framework
    _require_draft(framework)
    values = _checked(
        framework,
        competency,
        idnumber=idnumber,
        parent=parent,
        names=names,
        descriptions=descriptions,
        talent_triangle=talent_triangle,
        programme_only=programme_only,
        descriptors=descriptors,
        related=related,
    )
    before = _snapshot(competency)
    _set(competency, values)
    db.session.flush()
    changes = diff(before, _snapshot(competency))
    if changes:
        label = _competency_label(competency)
        record(actor, "competency.updated", competency, label=label, changes=changes)
    return competency


def delete_competency(competency: Competency, *, actor) -> None:
    """Delete a draft's competency that has no sub-competencies.

    A published framework's competencies can be retired but not deleted, so history keeps its
    meaning. Raises ServiceError.
    """
    framework = competency.framework
    if _lock_state(framework) is FrameworkState.PUBLISHED:
        raise ServiceError(
            _(
                "A published framework's competencies can be retired but not deleted, "
                "so history keeps its meaning."
            )
        )
    _require_draft(framework)
    if competency.children:
        raise ServiceError(_("Delete or move its sub-competencies first."))
    for other in framework.competencies:
        if competency in other.related:
            other.related.remove(competency)
    record(
        actor,
        "competency.deleted",
        competency,
        label=_competency_label(competency),
        changes={"idnumber": [competency.idnumber, None]},
    )
    if competency.parent is not None:
        competency.parent.children.remove(competency)
    framework.competencies.remove(competency)
    db.session.flush()


def retire_competency(competency: Competency, *, actor) -> Competency:
    """Stop using a competency without losing its history (drafts and published frameworks).

    Retiring twice explains and changes nothing. Raises ServiceError.
    """
    return _set_retired(competency, actor=actor, retired=True)


def unretire_competency(competency: Competency, *, actor) -> Competency:
    """Bring a retired competency back. Raises ServiceError when it is not retired."""
    return _set_retired(competency, actor=actor, retired=False)


def _set_retired(competency: Competency, *, actor, retired: bool) -> Competency:
    if _lock_state(competency.framework) is FrameworkState.ARCHIVED:
        raise ServiceError(_("An archived framework does not change."))
    if competency.is_retired is retired:
        raise ServiceError(
            _("%(name)s is retired already; nothing changed.", name=competency.name)
            if retired
            else _("%(name)s is not retired; nothing changed.", name=competency.name)
        )
    competency.is_retired = retired
    db.session.flush()
    record(
        actor,
        "competency.retired" if retired else "competency.unretired",
        competency,
        label=_competency_label(competency),
        changes={"is_retired": [not retired, retired]},
    )
    return competency


def _checked(framework: Framework, competency: Competency | None, **values) -> dict:
    """The values as model attributes, once every rule holds. Raises ServiceError."""
    idnumber = values["idnumber"].strip()
    names = _texts(values["names"])
    related = list(values["related"])
    _check_idnumber(framework, competency, idnumber)
    if not names:
        raise ServiceError(_("A name is required."), field="name_en")
    _check_parent(framework, competency, values["parent"])
    if any(other.framework is not framework or other is competency for other in related):
        raise ServiceError(
            _("Related competencies must be other competencies of this framework."),
            field="related_ids",
        )
    return {
        "idnumber": idnumber,
        "names": names,
        "descriptions": _texts(values["descriptions"]),
        "descriptors": _descriptors(framework, values["descriptors"]),
        "talent_triangle": _talent_triangle(values["talent_triangle"]),
        "is_programme_only": bool(values["programme_only"]),
        "parent": values["parent"],
        "related": related,
    }


def _set(competency: Competency, values: dict) -> None:
    for name, value in values.items():
        setattr(competency, name, value)


def _check_idnumber(framework: Framework, competency: Competency | None, idnumber: str) -> None:
    if not idnumber:
        raise ServiceError(_("An id number is required."), field="idnumber")
    if any(c.idnumber == idnumber and c is not competency for c in framework.competencies):
        raise ServiceError(
            _("Another competency of this framework uses id number %(id)s.", id=idnumber),
            field="idnumber",
        )


def _check_parent(
    framework: Framework, competency: Competency | None, parent: Competency | None
) -> None:
    """The parent is in the same framework and not the competency itself or below it."""
    if parent is None:
        return
    if parent.framework is not framework:
        raise ServiceError(_("Choose a parent from this framework."), field="parent_id")
    node: Competency | None = parent
    while node is not None:
        if node is competency:
            raise ServiceError(
                _("A competency cannot sit inside itself or one of its sub-competencies."),
                field="parent_id",
            )
        node = node.parent


def _descriptors(framework: Framework, descriptors: dict[str, dict[str, str]]) -> dict:
    values = {str(level.value) for level in framework.levels}
    if set(descriptors) - values:
        raise ServiceError(_("Descriptors must belong to levels of the framework's scale."))
    cleaned = {value: _texts(texts) for value, texts in descriptors.items()}
    return {value: texts for value, texts in cleaned.items() if texts}


def _talent_triangle(value: str | None) -> TalentTriangle | None:
    if not value:
        return None
    try:
        return TalentTriangle(value)
    except ValueError:
        raise ServiceError(
            _("Unknown talent triangle side “%(value)s”.", value=value), field="talent_triangle"
        ) from None


def _snapshot(competency: Competency) -> dict:
    return {
        "idnumber": competency.idnumber,
        "parent": competency.parent.idnumber if competency.parent else None,
        "names": competency.names,
        "descriptions": competency.descriptions,
        "descriptors": competency.descriptors,
        "talent_triangle": str(competency.talent_triangle) if competency.talent_triangle else None,
        "programme_only": competency.is_programme_only,
        "related": [other.idnumber for other in competency.related],
    }


def _competency_label(competency: Competency) -> str:
    return f"{_label(competency.framework)} · {competency.idnumber}"[:200]

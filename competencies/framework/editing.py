"""Editing a draft framework's content: its scale levels and competencies.

Content changes only in a draft; a published framework's competencies can be retired but not
deleted, so history keeps its meaning. Every change is audited; these functions flush and never
commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NotRequired, TypedDict, Unpack

from flask_babel import gettext as _
from sqlalchemy.orm.attributes import flag_modified

from lms.audit.services import diff, record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.permissions import ensure

from .models import Competency, Framework, FrameworkState, ScaleLevel, TalentTriangle
from .permissions import can_manage_frameworks
from .states import audit_label, clean_texts, lock_state, require_draft

for _code, _text in {
    "competency.added": N_("Competency added"),
    "competency.updated": N_("Competency updated"),
    "competency.deleted": N_("Competency deleted"),
    "competency.retired": N_("Competency retired"),
    "competency.unretired": N_("Competency brought back"),
    "scale_level.updated": N_("Proficiency level updated"),
}.items():
    register_action(_code, _text)


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
    ensure(can_manage_frameworks(actor))
    require_draft(level.framework)
    names = clean_texts(names)
    if not names:
        raise ServiceError(_("A name is required."), field="name_en")
    before = _level_snapshot(level)
    level.names, level.descriptions = names, clean_texts(descriptions)
    level.is_proficient = is_proficient
    db.session.flush()
    changes = diff(before, _level_snapshot(level))
    if changes:
        record(
            actor,
            "scale_level.updated",
            level,
            label=f"{audit_label(level.framework)} · {level.value}",
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


class CompetencyFields(TypedDict):
    """What the editor sets on a competency (add_competency, update_competency)."""

    idnumber: str
    parent: Competency | None
    names: dict[str, str]
    descriptions: dict[str, str]
    talent_triangle: str | None
    programme_only: bool
    descriptors: dict[str, dict[str, str]]
    related: NotRequired[Iterable[Competency]]


def add_competency(
    framework: Framework, *, actor, **fields: Unpack[CompetencyFields]
) -> Competency:
    """Add a competency to a draft, after its siblings. Raises ServiceError (see `_checked`)."""
    ensure(can_manage_frameworks(actor))
    require_draft(framework)
    values = _checked(framework, None, fields)
    order = max((c.sort_order for c in framework.competencies), default=-1) + 1
    competency = Competency(framework=framework, sort_order=order)
    db.session.add(competency)
    _set(competency, values)
    db.session.flush()
    record(actor, "competency.added", competency, label=_competency_label(competency))
    return competency


def update_competency(
    competency: Competency, *, actor, **fields: Unpack[CompetencyFields]
) -> Competency:
    """Change a draft's competency, including moving it under another parent (never into
    itself or one of its sub-competencies). Any change raises its version, so a concurrent
    save of the same competency fails at flush (StaleDataError). Raises ServiceError (see
    `_checked`)."""
    ensure(can_manage_frameworks(actor))
    framework = competency.framework
    require_draft(framework)
    values = _checked(framework, competency, fields)
    before = _snapshot(competency)
    _set(competency, values)
    changes = diff(before, _snapshot(competency))
    if changes:
        # A change of related competencies alone writes no competency row; the version must
        # still go up so an editor holding the older copy is refused.
        flag_modified(competency, "names")
    db.session.flush()
    if changes:
        label = _competency_label(competency)
        record(actor, "competency.updated", competency, label=label, changes=changes)
    return competency


def delete_competency(competency: Competency, *, actor) -> None:
    """Delete a draft's competency that has no sub-competencies.

    A published framework's competencies can be retired but not deleted, so history keeps its
    meaning. Raises ServiceError.
    """
    ensure(can_manage_frameworks(actor))
    framework = competency.framework
    if lock_state(framework) is FrameworkState.PUBLISHED:
        raise ServiceError(
            _(
                "A published framework's competencies can be retired but not deleted, "
                "so history keeps its meaning."
            )
        )
    require_draft(framework)
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
    ensure(can_manage_frameworks(actor))
    return _set_retired(competency, actor=actor, retired=True)


def unretire_competency(competency: Competency, *, actor) -> Competency:
    """Bring a retired competency back. Raises ServiceError when it is not retired."""
    ensure(can_manage_frameworks(actor))
    return _set_retired(competency, actor=actor, retired=False)


def _set_retired(competency: Competency, *, actor, retired: bool) -> Competency:
    if lock_state(competency.framework) is FrameworkState.ARCHIVED:
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


def _checked(framework: Framework, competency: Competency | None, values: CompetencyFields) -> dict:
    """The values as model attributes, once every rule holds. Raises ServiceError."""
    idnumber = values["idnumber"].strip()
    names = clean_texts(values["names"])
    related = list(values.get("related", ()))
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
        "descriptions": clean_texts(values["descriptions"]),
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
    cleaned = {value: clean_texts(texts) for value, texts in descriptors.items()}
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
    return f"{audit_label(competency.framework)} · {competency.idnumber}"[:200]

"""The forms of the profile page, built from the profile: each only for a viewer whose predicate
allows it, with its choices (levels, competencies, evidence, career levels) filled in.

A POST builds only the form it received (`form_for`) to validate it; the whole page is built
only when it must be shown again with the form's errors.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from lms import reference
from lms.i18n import locale_code
from lms.web.forms import CachedChoices

from ..careers.permissions import can_place_on_career_level
from ..careers.queries import placeable_levels
from . import queries
from .forms import EVIDENCE_KINDS, CareerForm, ConfirmLevelForm, EvidenceForm, RateForm
from .permissions import can_add_evidence, can_confirm_rating, can_rate_self
from .profile import Profile


def _scale_and_competencies(form: RateForm, profile: Profile) -> RateForm:
    form.level.choices, form.competency_id.choices = _choices(profile.framework)
    return form


def _choices(framework) -> tuple[CachedChoices, CachedChoices]:
    """The scale's levels and the assessed competencies of the framework, in the reader's
    language: reference data, worked out (and their selects rendered) once per change."""

    def load():
        levels = CachedChoices(
            SelectChoice(level.value, f"{level.value} · {level.name}") for level in framework.levels
        )
        competencies = CachedChoices(
            SelectChoice(c.id, c.name) for c in framework.assessed_competencies
        )
        return levels, competencies

    return reference.cached(("profile_choices", framework.id, locale_code()), load)


def _rate(profile: Profile, viewer) -> FlaskForm | None:
    if not can_rate_self(viewer, profile.person):
        return None
    return _scale_and_competencies(RateForm(prefix="rate"), profile)


def _confirm(profile: Profile, viewer) -> FlaskForm | None:
    if not can_confirm_rating(viewer, profile.person):
        return None
    form = _scale_and_competencies(ConfirmLevelForm(prefix="confirm"), profile)
    form.evidence_ids.choices = [
        SelectChoice(id_, title) for id_, title in queries.citable_evidence(profile.person)
    ]
    return form


def _evidence(profile: Profile, viewer) -> FlaskForm | None:
    if not can_add_evidence(viewer, profile.person):
        return None
    form = EvidenceForm(prefix="evidence")
    form.kind.choices = [
        SelectChoice(str(kind), label)
        for kind, label in EVIDENCE_KINDS.items()
        if can_add_evidence(viewer, profile.person, kind)
    ]
    return form


def _career(profile: Profile, viewer) -> FlaskForm | None:
    if not can_place_on_career_level(viewer, profile.person):
        return None
    form = CareerForm(prefix="career")
    in_use, elsewhere = placeable_levels(profile.assignment, profile.framework)
    form.levels = {level.id: level for level in (*in_use, *elsewhere)}  # for the service
    form.current_level_id.choices = form.next_level_id.choices = (
        [SelectChoice(0, "—")]
        + [SelectChoice(level.id, level.name) for level in in_use]
        + [
            SelectChoice(
                level.id,
                _(
                    "%(level)s (version %(version)s)",
                    level=level.name,
                    version=level.framework.version_label,
                ),
            )
            for level in elsewhere
        ]
    )
    assignment = profile.assignment
    if request.method == "GET" and assignment:
        form.current_level_id.data = assignment.current_level_id or 0
        form.next_level_id.data = assignment.next_level_id or 0
        form.version.data = assignment.version
    return form


BUILDERS: dict[str, Callable[[Profile, object], FlaskForm | None]] = {
    "rate": _rate,
    "confirm": _confirm,
    "evidence": _evidence,
    "career": _career,
}


def form_for(name: str, profile: Profile, viewer) -> FlaskForm | None:
    """The one form `name`, or None when the viewer may not use it."""
    return BUILDERS[name](profile, viewer)


def profile_forms(profile: Profile, viewer, posted: dict[str, FlaskForm] | None = None) -> dict:
    """Every form the viewer may use on this profile; a posted form is shown as it came back."""
    posted = posted or {}
    forms = {
        name: posted[name] if name in posted else build(profile, viewer)
        for name, build in BUILDERS.items()
    }
    return {name: form for name, form in forms.items() if form is not None}

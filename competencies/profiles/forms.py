"""Forms for rating a competency, confirming a level, adding evidence and setting career levels."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    DateField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.i18n import lazy_gettext as _l
from lms.web.forms import BaseForm, MultiCheckboxField, VersionedForm

from .models import EvidenceKind

EVIDENCE_KINDS = {
    EvidenceKind.CERTIFICATION: _l("Certification"),
    EvidenceKind.PROJECT: _l("Project led"),
    EvidenceKind.TRAINING: _l("Training completed"),
    EvidenceKind.NOTE: _l("Note"),
    EvidenceKind.FILE: _l("Uploaded file"),
}


class RateForm(BaseForm):
    competency_id = SelectField(_l("Competency"), coerce=int, validators=[DataRequired()])
    level = SelectField(_l("Level"), coerce=int)
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save my rating"))


class ConfirmLevelForm(RateForm):
    justification = TextAreaField(
        _l("Justification"),
        validators=[Optional(), Length(max=4000)],
        description=_l("Required when no evidence is cited: what you observed, on which project."),
    )
    evidence_ids = MultiCheckboxField(_l("Evidence cited"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Confirm level"))


class EvidenceForm(BaseForm):
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(str(k), label) for k, label in EVIDENCE_KINDS.items()]
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example: PMP certificate, ERP roll-out 2025, risk workshop notes."),
    )
    number = StringField(_l("Certificate number"), validators=[Optional(), Length(max=100)])
    issuer = StringField(_l("Issuer"), validators=[Optional(), Length(max=100)])
    occurred_on = DateField(_l("Date"), validators=[Optional()])
    expires_on = DateField(_l("Expires on"), validators=[Optional()])
    upload = FileField(
        _l("File"), description=_l("PDF, image, Office document or text; at most 10 MB.")
    )
    submit = SubmitField(_l("Add evidence"))


class CareerForm(VersionedForm):
    current_level_id = SelectField(_l("Current career level"), coerce=int, validators=[Optional()])
    next_level_id = SelectField(_l("Next level to aim for"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Save career levels"))

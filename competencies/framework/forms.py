"""Forms for the framework editor: the framework, a competency, a scale level, versions, import.

Every text comes as one field per language (`name_en`, `name_zh_CN`); the competency form gets
a descriptor field per scale level and language from `competency_form_class`.
"""

from __future__ import annotations

from functools import lru_cache

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.i18n import CONTENT_LANGUAGES as LANGUAGES
from lms.i18n import lazy_gettext as _l
from lms.web.forms import BaseForm, VersionedForm, translatable_fields

from .models import TalentTriangle

LANGUAGE_LABELS = {"en": _l("English"), "zh_CN": _l("Chinese")}
TRIANGLE_LABELS = {
    TalentTriangle.WAYS_OF_WORKING: _l("Ways of Working"),
    TalentTriangle.POWER_SKILLS: _l("Power Skills"),
    TalentTriangle.BUSINESS_ACUMEN: _l("Business Acumen"),
}


class FrameworkForm(translatable_fields(name_length=200, description_length=5000), VersionedForm):
    submit = SubmitField(_l("Save"))


class CompetencyForm(
    translatable_fields(name_length=200, description_length=5000, rows=5), VersionedForm
):
    idnumber = StringField(
        _l("Id number"),
        validators=[DataRequired(), Length(max=100)],
        description=_l(
            "Unique in the framework and kept across versions: changes are matched by it."
        ),
    )
    parent_id = SelectField(_l("Sits inside"), coerce=int, validators=[Optional()])
    talent_triangle = SelectField(
        _l("Talent triangle"),
        choices=[SelectChoice("", _l("None"))]
        + [SelectChoice(str(side), label) for side, label in TRIANGLE_LABELS.items()],
        validators=[Optional()],
    )
    programme_only = BooleanField(_l("Only for programme and portfolio roles"))
    related_ids = SelectMultipleField(
        _l("Related competencies"),
        coerce=int,
        validators=[Optional()],
        description=_l("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    submit = SubmitField(_l("Save"))


def descriptor_field(value: int, lang: str) -> str:
    return f"descriptor_{value}_{lang}"


def competency_form_class(levels) -> type[CompetencyForm]:
    """The competency form with a descriptor text per scale level and language."""
    return _competency_form_class(tuple(level.value for level in levels))


@lru_cache(maxsize=64)
def _competency_form_class(values: tuple[int, ...]) -> type[CompetencyForm]:
    """One class per scale (its fields depend only on the level values), not one per request."""

    class Form(CompetencyForm):
        pass

    for value in values:
        for lang in LANGUAGES:
            field = TextAreaField(
                LANGUAGE_LABELS[lang],
                validators=[Optional(), Length(max=2000)],
                render_kw={"rows": 3},
            )
            setattr(Form, descriptor_field(value, lang), field)
    return Form


MEANING_LABELS = {"en": _l("What it means (English)"), "zh_CN": _l("What it means (Chinese)")}


class ScaleLevelForm(
    translatable_fields(
        name_length=200, description_length=2000, description_labels=MEANING_LABELS
    ),
    VersionedForm,
):
    is_proficient = BooleanField(_l("Counts as proficient"))
    submit = SubmitField(_l("Save"))


class NewVersionForm(BaseForm):
    version_label = StringField(
        _l("Version"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("For example 1.1 or 2026."),
    )
    submit = SubmitField(_l("Create the draft"))


class ImportFrameworkForm(BaseForm):
    file = FileField(
        _l("Framework file"),
        validators=[
            FileRequired(),
            FileAllowed(["json", "csv"], _l("Upload a .json or .csv file.")),
        ],
    )
    submit = SubmitField(_l("Import"))

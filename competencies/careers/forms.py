"""The career level form: names, rank and one target select per competency (built per framework)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange

from lms.web.forms import VersionedForm, fill_texts, translatable_fields


class CareerLevelForm(translatable_fields(name_length=120), VersionedForm):
    idnumber = StringField(_l("Id number"), validators=[DataRequired(), Length(max=60)])
    rank = IntegerField(
        _l("Rank"),
        validators=[DataRequired(), NumberRange(min=1, max=99)],
        description=_l("Higher ranks are more senior; a person aims for a higher rank."),
    )
    submit = SubmitField(_l("Save"))


def career_level_form(framework, competencies, level, submitted: bool) -> CareerLevelForm:
    """A form class with a target field per competency, bound to the level when editing."""
    choices = [
        SelectChoice(scale.value, f"{scale.value} · {scale.name}") for scale in framework.levels
    ]
    targets = {t.competency_id: t.level for t in level.targets} if level else {}

    class Form(CareerLevelForm):
        pass

    for competency in competencies:
        setattr(
            Form,
            f"target_{competency.id}",
            SelectField(
                competency.name, coerce=int, choices=choices, default=targets.get(competency.id, 0)
            ),
        )
    form = Form()
    if level is not None and not submitted:
        form.idnumber.data, form.rank.data = level.idnumber, level.rank
        form.version.data = level.version
        fill_texts(form, "name", level.names)
    return form

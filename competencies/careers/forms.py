"""The career level form: names, rank and one target select per competency (built per framework)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.web.forms import VersionedForm


class CareerLevelForm(VersionedForm):
    idnumber = StringField(_l("Id number"), validators=[DataRequired(), Length(max=60)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=120)])
    name_zh_CN = StringField(_l("Name (Chinese)"), validators=[Optional(), Length(max=120)])
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
        form.name_en.data, form.name_zh_CN.data = (
            level.names.get("en", ""),
            level.names.get("zh_CN", ""),
        )
    return form

"""The career level form: names, rank and one target select per competency (built per framework)."""

from __future__ import annotations

from functools import lru_cache

from wtforms import IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange

from lms.i18n import lazy_gettext as _l
from lms.web.forms import CachedChoices, VersionedForm, fill_texts, translatable_fields


class CareerLevelForm(translatable_fields(name_length=120), VersionedForm):
    idnumber = StringField(_l("Id number"), validators=[DataRequired(), Length(max=60)])
    rank = IntegerField(
        _l("Rank"),
        validators=[DataRequired(), NumberRange(min=1, max=99)],
        description=_l("Higher ranks are more senior; a person aims for a higher rank."),
    )
    submit = SubmitField(_l("Save"))


def career_level_form(framework, competencies, level, submitted: bool) -> CareerLevelForm:
    """The form with a target field per competency, bound to the level when editing (its
    targets are the fields' data when the form has none of its own)."""
    choices = tuple((scale.value, f"{scale.value} · {scale.name}") for scale in framework.levels)
    fields = tuple((competency.id, competency.name) for competency in competencies)
    targets = {t.competency_id: t.level for t in level.targets} if level else {}
    form = _form_class(fields, choices)(
        data={
            f"target_{competency_id}": targets.get(competency_id, 0) for competency_id, _ in fields
        }
    )
    for competency_id, _name in fields:
        form[f"target_{competency_id}"].choices = form.target_choices
    if level is not None and not submitted:
        form.idnumber.data, form.rank.data = level.idnumber, level.rank
        form.version.data = level.version
        fill_texts(form, "name", level.names)
    return form


@lru_cache(maxsize=64)
def _form_class(fields: tuple, choices: tuple) -> type[CareerLevelForm]:
    """A form class per set of competencies and scale, in the reader's language: the same one
    for every request that shows them (building a class of thirty fields cost more than using it)."""

    class Form(CareerLevelForm):
        pass

    options = [SelectChoice(value, label) for value, label in choices]
    for competency_id, name in fields:
        setattr(Form, f"target_{competency_id}", SelectField(name, coerce=int, choices=options))
    Form.target_choices = CachedChoices(options)  # each select rendered once per value
    return Form

"""The tag form (PMO) and the fields other modules pick tags with: `TagField` (several tags,
checkboxes grouped by phase, knowledge area and project type; render with the `tag_picker`
macro of templates/community/tags/_macros.html) and `TagSelectField` (one tag of one group)."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from lms.i18n import lazy_gettext as _l
from lms.web.forms import VersionedForm, translatable_fields

from . import queries
from .models import GROUP_LABELS, TagGroup


class TagField(SelectMultipleField):
    """Tag ids (ints) chosen from the tag set, or from `groups` of it; `field.grouped` is what
    the picker shows: [(group, [tags])]. Choices are read when the form is made."""

    def __init__(self, label=None, validators=None, groups=None, **kwargs) -> None:
        super().__init__(label, validators, coerce=int, **kwargs)
        self.groups = tuple(groups) if groups else None

    def process(self, formdata, data=None, **kwargs) -> None:
        self.grouped = queries.grouped(self.groups)
        self.choices = [SelectChoice(t.id, t.name) for _group, tags in self.grouped for t in tags]
        super().process(formdata, data if data is not None else [], **kwargs)


class TagSelectField(SelectField):
    """One tag of one group (a lesson's phase), as a select with a blank first choice."""

    def __init__(self, label=None, validators=None, group: TagGroup = TagGroup.PHASE, **kwargs):
        super().__init__(label, validators, coerce=_int_or_none, **kwargs)
        self.group = group

    def process(self, formdata, data=None, **kwargs) -> None:
        blank = SelectChoice("", "—")
        self.choices = [blank] + [SelectChoice(t.id, t.name) for t in queries.in_group(self.group)]
        super().process(formdata, data, **kwargs)


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class TagForm(translatable_fields(name_length=100), VersionedForm):
    group = SelectField(
        _l("Group"), choices=[SelectChoice(g.value, label) for g, label in GROUP_LABELS.items()]
    )
    slug = StringField(
        _l("Web name"),
        validators=[DataRequired(), Length(max=60)],
        description=_l("Lower-case letters, digits and hyphens; it appears in links."),
    )
    position = IntegerField(
        _l("Position"), default=0, validators=[InputRequired(), NumberRange(min=0, max=1000)]
    )
    submit = SubmitField(_l("Save tag"))

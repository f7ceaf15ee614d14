"""The forms of development plans: fields and field-level checks only (the rules are in the
services)."""

from __future__ import annotations

from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.i18n import lazy_gettext as _l
from lms.web.forms import BaseForm, StorableText, VersionedForm, email_address

from .labels import KINDS, STATUSES
from .models import Decision


def _kinds() -> list[SelectChoice]:
    return [SelectChoice(str(kind), label) for kind, label in KINDS.items()]


class StartPlanForm(BaseForm):
    period_start = DateField(_l("Period starts"), validators=[DataRequired()])
    period_end = DateField(_l("Period ends"), validators=[DataRequired()])
    aim_level_id = SelectField(_l("Career level aimed at"), coerce=int)
    submit = SubmitField(_l("Start the plan"))


class GoalForm(VersionedForm):
    competency_id = SelectField(_l("Competency"), coerce=int, validators=[DataRequired()])
    target_level = SelectField(_l("Target level"), coerce=int)
    due_on = DateField(_l("Due by"), validators=[Optional()])
    success_measure = TextAreaField(
        _l("Success measure"),
        validators=[Optional(), Length(max=2000)],
        description=_l("How you and your director will know the goal is met."),
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Save goal"))


class ActivityForm(VersionedForm):
    kind = SelectField(_l("Kind"), choices=_kinds)
    title = StringField(_l("What"), validators=[DataRequired(), Length(max=200)])
    mentor = StringField(
        _l("Mentor's e-mail address"),
        validators=[Optional(), Length(max=255), email_address],
        description=_l("For mentoring: the person who mentors you."),
    )
    due_on = DateField(_l("Due by"), validators=[Optional()])
    submit = SubmitField(_l("Save activity"))


class ProgressForm(BaseForm):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(str(s), label) for s, label in STATUSES.items()]
    )
    notes = TextAreaField(
        _l("Progress notes"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    submit = SubmitField(_l("Save progress"))


class DecideForm(VersionedForm):
    comment = TextAreaField(
        _l("Your comment on the decision"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Required when you return the plan: say what should change."),
        render_kw={"rows": 3},
    )
    approve = SubmitField(_l("Approve"))
    send_back = SubmitField(_l("Return with a reason"))

    @property
    def chosen(self) -> Decision:
        return Decision.RETURNED if self.send_back.data else Decision.APPROVED


class NoteForm(BaseForm):
    """Posted with a `kind` field of its own (outside the prefix that tells a page's note forms
    apart)."""

    body = TextAreaField(
        _l("Comment"), validators=[DataRequired(), Length(max=5000)], render_kw={"rows": 3}
    )
    submit = SubmitField(_l("Post"))


class CancelForm(BaseForm):
    reason = TextAreaField(
        _l("Why is the plan cancelled?"),
        validators=[DataRequired(), Length(max=2000)],
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Cancel the plan"))


class DeputyForm(BaseForm):
    deputy = StringField(
        _l("Deputy's e-mail address"), validators=[DataRequired(), Length(max=255), email_address]
    )
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    submit = SubmitField(_l("Name deputy"))


class TemplateActivityForm(Form):
    kind = SelectField(_l("Kind"), choices=_kinds)
    title_en = StringField(
        _l("Activity (English)"),
        validators=[Optional(), Length(max=200), StorableText(multiline=False)],
    )
    title_zh_CN = StringField(
        _l("Activity (Chinese)"),
        validators=[Optional(), Length(max=200), StorableText(multiline=False)],
    )
    competency_id = SelectField(_l("For goals on"), coerce=int, validate_choice=False)


class TemplateForm(VersionedForm):
    summary_en = TextAreaField(
        _l("Summary (English)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    summary_zh_CN = TextAreaField(
        _l("Summary (Chinese)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    measure_en = TextAreaField(
        _l("Success measure (English)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 2},
    )
    measure_zh_CN = TextAreaField(
        _l("Success measure (Chinese)"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 2},
    )
    goal_count = IntegerField(
        _l("Goals from the largest gaps"), validators=[DataRequired(), NumberRange(min=1, max=10)]
    )
    activities = FieldList(FormField(TemplateActivityForm), min_entries=0)
    submit = SubmitField(_l("Save template"))

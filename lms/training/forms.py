"""The forms of training: fields and field-level checks only (the rules are in the services)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from ..i18n import lazy_gettext as _l
from ..web.forms import (
    BaseForm,
    MultiCheckboxField,
    StorableText,
    VersionedForm,
    translatable_fields,
)
from .labels import MODES


def _text(label, length: int, *validators) -> StringField:
    """A one-line field of a sub-form (sub-forms are plain WTForms forms, outside BaseForm)."""
    return StringField(
        label,
        validators=[Optional(), Length(max=length), StorableText(multiline=False), *validators],
    )


class CourseCompetencyForm(Form):
    competency_id = SelectField(_l("Competency"), coerce=int, validate_choice=False)
    level = SelectField(_l("Brings it to level"), coerce=int, validate_choice=False)


class MaterialForm(Form):
    title = _text(_l("Material"), 200)
    url = _text(_l("Link"), 500, URL(message=_l("Enter a full web address (https://...).")))


class CourseForm(translatable_fields(name_length=200, description_length=5000), VersionedForm):
    idnumber = StringField(
        _l("Id number"),
        validators=[DataRequired(), Length(max=60)],
        description=_l("A short code that stays the same, e.g. PM-101."),
    )
    mode = SelectField(
        _l("Delivery"), choices=[SelectChoice(str(m), label) for m, label in MODES.items()]
    )
    duration_hours = DecimalField(
        _l("Duration (hours)"),
        places=1,
        validators=[DataRequired(), NumberRange(min=0.5, max=1000)],
    )
    needs_approval = BooleanField(_l("Enrolment needs the director's approval"))
    completion_share = IntegerField(
        _l("Completed with this share of sessions attended (%)"),
        default=100,
        validators=[InputRequired(), NumberRange(min=1, max=100)],
    )
    competencies = FieldList(FormField(CourseCompetencyForm), label=_l("What it develops"))
    prerequisites = MultiCheckboxField(_l("Prerequisites"), coerce=int, validate_choice=False)
    trainers = MultiCheckboxField(_l("Default trainers"), coerce=int, validate_choice=False)
    materials = FieldList(FormField(MaterialForm), label=_l("Materials"))
    is_retired = BooleanField(
        _l("Retired"), description=_l("A retired course is kept but offered no more.")
    )
    submit = SubmitField(_l("Save course"))


class RoomForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    location = StringField(_l("Where"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(
        _l("Seats"), validators=[InputRequired(), NumberRange(min=1, max=10000)]
    )
    is_retired = BooleanField(_l("Retired"), description=_l("No new classes are held here."))
    submit = SubmitField(_l("Save room"))


class SessionForm(Form):
    day = DateField(_l("Day"), validators=[Optional()])
    starts = TimeField(_l("Starts at"), validators=[Optional()])
    ends = TimeField(_l("Ends at"), validators=[Optional()])


class ClassForm(VersionedForm):
    sessions = FieldList(FormField(SessionForm), label=_l("Sessions"))
    room_id = SelectField(_l("Room"), coerce=int, validate_choice=False)
    online_url = StringField(
        _l("Online link"),
        validators=[
            Optional(),
            Length(max=500),
            URL(message=_l("Enter a full web address (https://...).")),
        ],
        description=_l("For an online or blended class."),
    )
    trainers = MultiCheckboxField(_l("Trainers"), coerce=int, validate_choice=False)
    capacity = IntegerField(
        _l("Seats"), validators=[InputRequired(), NumberRange(min=1, max=10000)]
    )
    min_size = IntegerField(
        _l("Minimum size"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=10000)],
        description=_l("The PMO is warned while fewer have enrolled."),
    )
    enrol_opens_at = DateTimeLocalField(_l("Enrolment opens"), validators=[Optional()])
    enrol_closes_at = DateTimeLocalField(_l("Enrolment closes"), validators=[Optional()])
    cancel_deadline = DateTimeLocalField(
        _l("Withdrawals until"),
        validators=[Optional()],
        description=_l("After this, learners ask the PMO to withdraw them."),
    )
    offer_hours = IntegerField(
        _l("Hold a freed seat for (hours)"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=720)],
        description=_l("0: the first on the waitlist is moved in at once and told."),
    )
    submit = SubmitField(_l("Save class"))


class CancelClassForm(BaseForm):
    reason = TextAreaField(
        _l("Why is the class cancelled?"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Everyone enrolled and waiting is told, with this reason."),
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Cancel the class"))


class CheckInForm(BaseForm):
    code = StringField(
        _l("Check-in code"),
        validators=[DataRequired(), Length(max=16)],
        description=_l("The code your trainer shows, or scan their QR code."),
    )
    submit = SubmitField(_l("Check in"))


class ApologyForm(BaseForm):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Send apologies"))


class FeedbackForm(BaseForm):
    rating = RadioField(
        _l("How useful was the class?"),
        coerce=int,
        choices=[SelectChoice(n, str(n)) for n in range(1, 6)],
        validators=[InputRequired(message=_l("Choose 1 to 5."))],
        description=_l("1: not useful, 5: very useful."),
    )
    comment = TextAreaField(
        _l("Comment"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    submit = SubmitField(_l("Send feedback"))


class NominateForm(BaseForm):
    emails = TextAreaField(
        _l("People to put forward"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l("Their e-mail addresses, one per line or separated by commas."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Nominate"))


class DecideEnrolmentForm(BaseForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Needed when you refuse: say what they should do instead."),
        render_kw={"rows": 2},
    )
    approve = SubmitField(_l("Approve"))
    refuse = SubmitField(_l("Refuse"))

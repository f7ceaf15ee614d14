"""The forms of lessons learned: a lesson, the PMO's return (with a reason) and methodology
link, a follow-up action (its owner picked by name) and its status."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.i18n import lazy_gettext as _l
from lms.web.forms import BaseForm, VersionedForm

from ..forum.forms import MARKDOWN_HINT
from ..tags.forms import TagField, TagSelectField
from ..tags.models import TagGroup
from .models import FOLLOW_UP_LABELS
from .services import TEXT_MAX

IMPACT_CHOICES = [
    SelectChoice(1, _l("1 – minor")),
    SelectChoice(2, _l("2 – low")),
    SelectChoice(3, _l("3 – medium")),
    SelectChoice(4, _l("4 – high")),
    SelectChoice(5, _l("5 – severe")),
]


def _text(label, hint=MARKDOWN_HINT, required: bool = False):
    return TextAreaField(
        label,
        validators=[DataRequired() if required else Optional(), Length(max=TEXT_MAX)],
        description=hint,
        render_kw={"rows": 4},
    )


class LessonForm(VersionedForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(min=4, max=200)],
        description=_l("The lesson in one line, e.g. “Book test environments before sprint 1”."),
    )
    project = StringField(_l("Project"), validators=[Optional(), Length(max=200)])
    phase_id = TagSelectField(_l("Phase"), group=TagGroup.PHASE)
    area_id = TagSelectField(_l("Knowledge area"), group=TagGroup.AREA)
    is_positive = RadioField(
        _l("Kind of experience"),
        choices=[
            SelectChoice("yes", _l("Positive: repeat it")),
            SelectChoice("no", _l("Negative: avoid it")),
        ],
        default="no",
    )
    impact = SelectField(_l("Impact"), coerce=int, choices=IMPACT_CHOICES, default=3)
    what_happened = _text(_l("What happened"))
    effect = _text(_l("Effect on the project"))
    root_cause = _text(_l("Root cause or trigger"))
    warning_signs = _text(_l("Early warning signs"))
    is_known_risk = BooleanField(_l("It was a known risk (in the risk register)"))
    recommendation = _text(_l("Recommendation"), required=True)
    tag_ids = TagField(_l("Tags"))
    submit = SubmitField(_l("Save lesson"))


class ReturnForm(BaseForm):
    reason = TextAreaField(
        _l("Why it goes back"),
        validators=[DataRequired(), Length(max=1000)],
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Return to the author"))


class AppliedForm(BaseForm):
    document = StringField(
        _l("Methodology document"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("Its title or address in the library."),
    )
    submit = SubmitField(_l("Link to the methodology"))


class FollowUpForm(BaseForm):
    title = StringField(_l("Action"), validators=[DataRequired(), Length(min=2, max=300)])
    # a person picker: a name or an e-mail (add_follow_up finds the one member it names),
    # its datalist offering people as it is typed (look_up_at)
    owner_email = StringField(
        _l("Owner"),
        validators=[DataRequired(), Length(max=400)],  # "Name <e-mail>"
        description=_l("A club member: type their name and choose them, or give their e-mail."),
        render_kw={"list": "owner_email-people", "autocomplete": "off"},
    )
    due_on = DateField(_l("Due"), validators=[Optional()])
    submit = SubmitField(_l("Add action"))

    def look_up_at(self, url: str) -> FollowUpForm:
        """The owner field asks `url` (with what was typed) for the people to offer: htmx
        replaces its datalist's options."""
        self.owner_email.render_kw = {
            **self.owner_email.render_kw,
            "hx-get": url,
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "#owner_email-people",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
        return self


class FollowUpStatusForm(BaseForm):
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(s.value, label) for s, label in FOLLOW_UP_LABELS.items()],
    )
    submit = SubmitField(_l("Update"))

"""The forms of the methodology library: a document (with the revision its editor started
from), a suggestion and its comments, and the PMO's review decisions."""

from __future__ import annotations

from wtforms import (
    DateField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from lms.i18n import lazy_gettext as _l
from lms.web.forms import BaseForm

from ..forum.forms import MARKDOWN_HINT
from ..tags.forms import TagField
from .models import KIND_LABELS
from .services import BODY_MAX, NOTE_MAX, TITLE_MAX


def _title(description=None) -> StringField:
    return StringField(
        _l("Title"),
        validators=[DataRequired(), Length(min=3, max=TITLE_MAX)],
        description=description,
    )


def _body(label, rows: int = 18) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[Optional(), Length(max=BODY_MAX)],
        description=MARKDOWN_HINT,
        render_kw={"rows": rows, "class": "font-monospace"},
    )


class CompetencyField(SelectMultipleField):
    """Competencies of the framework in use, chosen by area (read when the form is made)."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators, coerce=int, validate_choice=False, **kwargs)

    def process(self, formdata, data=None, **kwargs) -> None:
        from competencies.framework.queries import competency_areas_in_use

        self.areas = competency_areas_in_use()
        self.choices = [
            SelectChoice(cid, name) for area in self.areas for cid, name in area.competencies
        ]
        super().process(formdata, data if data is not None else [], **kwargs)


class DocumentForm(BaseForm):
    title = _title(_l("e.g. “Project risk management process”"))
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(str(k), label) for k, label in KIND_LABELS.items()]
    )
    body = _body(_l("Text"))
    change_note = StringField(
        _l("What changed"),
        validators=[Optional(), Length(max=NOTE_MAX)],
        description=_l("Shown in the history, e.g. “added the escalation step”."),
    )
    owner_email = StringField(
        _l("Owner (e-mail)"),
        validators=[Optional(), Length(max=254)],
        description=_l("Who keeps the document up to date and is reminded to review it."),
        render_kw={"autocomplete": "off"},
    )
    review_by = DateField(
        _l("Review by"),
        validators=[Optional()],
        description=_l(
            "After this day the document shows “needs review” and its owner is reminded."
        ),
    )
    tag_ids = TagField(_l("Tags"))
    competency_ids = CompetencyField(_l("Related competencies"))
    attachments = MultipleFileField(
        _l("Attach files"),
        description=_l(
            "DOCX, XLSX, PPTX, PDF or images. A file with the name of one already attached "
            "replaces it; the old file stays with the earlier versions."
        ),
    )
    remove_file_ids = SelectMultipleField(
        _l("Remove"), coerce=int, validate_choice=False, widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )  # fmt: skip
    base_revision = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField(_l("Save"))


class SuggestionForm(BaseForm):
    title = _title()
    body = _body(_l("The text you propose"), rows=14)
    reason = TextAreaField(
        _l("Why"),
        validators=[Optional(), Length(max=5000)],
        description=_l("What the change fixes or adds, e.g. a lesson your project learned."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Send to the PMO"))


class CommentForm(BaseForm):
    body = TextAreaField(
        _l("Comment"), validators=[DataRequired(), Length(max=10_000)], render_kw={"rows": 3}
    )
    submit = SubmitField(_l("Comment"))


class SendBackForm(BaseForm):
    reason = StringField(_l("What should change"), validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField(_l("Send back to draft"))


class DecisionForm(BaseForm):
    note = StringField(_l("Note to the suggester"), validators=[Optional(), Length(max=2000)])


class PublishForm(BaseForm):
    level = RadioField(
        _l("Version"),
        choices=[
            SelectChoice("minor", _l("Minor: corrections and small additions")),
            SelectChoice("major", _l("Major: the way of working changes (readers asked again)")),
        ],
        default="minor",
    )
    release_notes = TextAreaField(
        _l("Release notes"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )
    submit = SubmitField(_l("Publish"))


class RetireForm(BaseForm):
    successor_id = SelectField(_l("Replaced by"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Retire"))


class PlanGoalForm(BaseForm):
    goal_id = SelectField(_l("Under the goal"), coerce=int)
    submit = SubmitField(_l("Add to my plan"))


class StartForm(BaseForm):
    """What a project document made from a template needs (its placeholders)."""

    project_name = StringField(_l("Project name"), validators=[DataRequired(), Length(max=200)])
    project_manager = StringField(_l("Project manager"), validators=[Optional(), Length(max=200)])
    sponsor = StringField(_l("Sponsor"), validators=[Optional(), Length(max=200)])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    department = StringField(_l("Department"), validators=[Optional(), Length(max=200)])
    file_format = RadioField(
        _l("Download as"),
        choices=[SelectChoice("docx", _l("Word (DOCX)")), SelectChoice("md", _l("Markdown"))],
        default="docx",
    )
    submit = SubmitField(_l("Download"))

    def validate_end_date(self, field) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end comes after the start."))


class FeedbackForm(BaseForm):
    is_useful = RadioField(
        _l("Was this useful?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[DataRequired()],
    )
    comment = TextAreaField(
        _l("What would make it better?"),
        validators=[Optional(), Length(max=2000)],
        description=_l("The document's owner is told and follows it up."),
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Send feedback"))


class CourseMaterialForm(BaseForm):
    course_id = SelectField(_l("Course"), coerce=int)
    submit = SubmitField(_l("List as course material"))

"""The forms of projects: the project with its complexity, a baseline (the plan, with a reason
when it re-plans), the actuals grid, a milestone, a locked month and a day rate."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..i18n import lazy_gettext as _l
from ..web.forms import BaseForm, VersionedForm, email_address
from .labels import EFFORT_ROLES, FACTORS, IMPORT_FIELDS, PM_ROLES, RAGS
from .models import COMPLEXITY_FACTORS, EffortRole, PeriodKind

DAYS_MAX = 1_000_000
SCORES = [SelectChoice("", _l("Not rated"))] + [SelectChoice(str(n), str(n)) for n in range(1, 5)]


def _days(label):
    return DecimalField(
        label, places=2, validators=[Optional(), NumberRange(min=0, max=DAYS_MAX)], default=None
    )


class ProjectForm(VersionedForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=30)],
        description=_l("As the PMO's register names it, e.g. PRJ-2027-014."),
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    objectives = TextAreaField(
        _l("Objectives"),
        validators=[Optional(), Length(max=5000)],
        description=_l(
            "What the project is to achieve; the summary report sets results beside it."
        ),
        render_kw={"rows": 3},
    )
    department_id = SelectField(_l("Department"), coerce=int, validators=[DataRequired()])
    pm_email = StringField(
        _l("Project manager (e-mail)"), validators=[DataRequired(), email_address]
    )
    pm_role = SelectField(
        _l("The PM's role"), choices=[SelectChoice(k, v) for k, v in PM_ROLES.items()]
    )
    sponsor = StringField(_l("Sponsor"), validators=[Optional(), Length(max=120)])
    status = SelectField(_l("Status"))
    period_kind = SelectField(
        _l("Actuals are reported"),
        choices=[SelectChoice(PeriodKind.MONTH, _l("Monthly")),
                 SelectChoice(PeriodKind.WEEK, _l("Weekly"))],
    )  # fmt: skip
    team_size = IntegerField(
        _l("Team size"), validators=[DataRequired(), NumberRange(min=1, max=10_000)], default=1
    )
    is_key = BooleanField(
        _l("Key project"), description=_l("The PMO staffs key projects from the ranked candidates.")
    )
    submit = SubmitField(_l("Save project"))


for _factor in COMPLEXITY_FACTORS:
    setattr(
        ProjectForm,
        _factor,
        SelectField(FACTORS[_factor][0], choices=SCORES, validators=[Optional()], default=""),
    )


class BaselineForm(BaseForm):
    name = StringField(
        _l("Name"), validators=[Optional(), Length(max=120)], description=_l("e.g. “Approved plan”")
    )
    reason = TextAreaField(
        _l("Why the plan changes"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    start_on = DateField(_l("Start"), validators=[DataRequired()])
    end_on = DateField(_l("Finish"), validators=[DataRequired()])
    budget = DecimalField(
        _l("Budget"), places=2, validators=[DataRequired(), NumberRange(min=0, max=10**12)]
    )
    submit = SubmitField(_l("Save baseline"))


for _role in EffortRole:
    setattr(BaselineForm, f"days_{_role}", _days(EFFORT_ROLES[_role]))


class PeriodRowForm(BaseForm):
    """One period's row of the actuals grid (no CSRF of its own: the grid has it)."""

    class Meta:
        csrf = False

    period_start = HiddenField()
    version = HiddenField()
    percent_complete = DecimalField(
        _l("Percent complete"), places=1, validators=[Optional(), NumberRange(min=0, max=100)]
    )
    cost_entered = DecimalField(
        _l("Cost (entered)"), places=2, validators=[Optional(), NumberRange(min=0, max=10**12)]
    )
    pm_rag = SelectField(
        _l("Your RAG"),
        choices=[SelectChoice("", "–"), *(SelectChoice(k, v) for k, v in RAGS.items())],
        validators=[Optional()],
    )
    note = StringField(_l("Status note"), validators=[Optional(), Length(max=500)])


for _role in EffortRole:
    setattr(PeriodRowForm, f"days_{_role}", _days(EFFORT_ROLES[_role]))


class ActualsForm(BaseForm):
    rows = FieldList(FormField(PeriodRowForm))
    submit = SubmitField(_l("Save actuals"))


class MilestoneForm(BaseForm):
    title = StringField(_l("Milestone"), validators=[DataRequired(), Length(max=200)])
    due_on = DateField(_l("Due"), validators=[DataRequired()])
    submit = SubmitField(_l("Add milestone"))


class ReachedForm(BaseForm):
    done_on = DateField(_l("Reached on"), validators=[Optional()])


class LockForm(BaseForm):
    month = StringField(
        _l("Month"),
        validators=[DataRequired()],
        render_kw={"type": "month"},
        description=_l("Records of periods starting in it can no longer change."),
    )
    submit = SubmitField(_l("Lock month"))


class RateForm(BaseForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(k, v) for k, v in EFFORT_ROLES.items()])
    effective_from = DateField(_l("From"), validators=[DataRequired()])
    day_rate = DecimalField(
        _l("Day rate"), places=2, validators=[DataRequired(), NumberRange(min=0, max=10**9)]
    )
    submit = SubmitField(_l("Save rate"))


class TimesheetSettings(BaseForm):
    """How to read a timesheet's numbers and dates (shared by the upload and the re-read)."""

    unit = SelectField(
        _l("Effort is in"),
        choices=[SelectChoice("hours", _l("Hours")), SelectChoice("days", _l("Person-days"))],
        default="hours",
    )
    hours_per_day = DecimalField(
        _l("Hours per person-day"),
        places=1,
        validators=[DataRequired(), NumberRange(min=1, max=24)],
    )
    day_first = SelectField(
        _l("A date such as 03/04/2026 is"),
        choices=[SelectChoice("day", _l("3 April (day first)")),
                 SelectChoice("month", _l("March 4 (month first)"))],
        default="day",
    )  # fmt: skip


class TimesheetUploadForm(TimesheetSettings):
    file = FileField(
        _l("Timesheet (CSV)"),
        validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("Upload a .csv file."))],
        description=_l(
            "Redmine's time entries, a Jira or Tempo worklog export, or our template, saved as "
            "CSV (Excel's “CSV UTF-8” or with semicolons both read)."
        ),
    )
    submit = SubmitField(_l("Check the file"))


class MappingForm(TimesheetSettings):
    submit = SubmitField(_l("Read the file again"))


for _name, _label in IMPORT_FIELDS.items():
    setattr(MappingForm, f"column_{_name}", SelectField(_label, validators=[Optional()]))


class CloseForm(BaseForm):
    summary = TextAreaField(
        _l("Summary report"),
        validators=[DataRequired(), Length(max=50_000)],
        description=_l("Markdown. Prefilled with the project's figures and the PMO's template."),
        render_kw={"rows": 18},
    )
    submit = SubmitField(_l("Close the project"))


for _n in (1, 2):
    setattr(
        CloseForm,
        f"lesson{_n}_title",
        StringField(_l("Lesson"), validators=[Optional(), Length(max=200)]),
    )
    setattr(
        CloseForm,
        f"lesson{_n}_what_happened",
        TextAreaField(
            _l("What happened"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 2}
        ),
    )
    setattr(
        CloseForm,
        f"lesson{_n}_recommendation",
        TextAreaField(
            _l("What to do next time"),
            validators=[Optional(), Length(max=5000)],
            render_kw={"rows": 2},
        ),
    )
    setattr(CloseForm, f"lesson{_n}_is_positive", BooleanField(_l("A practice to repeat")))


class StaffingForm(VersionedForm):
    person = RadioField(_l("Project manager"), coerce=int, validators=[DataRequired()])
    reason = TextAreaField(
        _l("Why this PM"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Kept with the decision, with who decided and the figures shown here."),
        render_kw={"rows": 3},
    )
    add_to_plan = BooleanField(
        _l("Add the assignment to their development plan as a stretch activity"), default=True
    )
    submit = SubmitField(_l("Assign"))

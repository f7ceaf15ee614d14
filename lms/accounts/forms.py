"""Forms for logging in, passwords, profiles, people, departments and the people import."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..config import LANGUAGES
from ..i18n import lazy_gettext as _l
from ..permissions import ROLE_LABELS
from ..web.forms import BaseForm, MultiCheckboxField, VersionedForm, email_address


class LoginForm(BaseForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(), email_address, Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me logged in on this device"))
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Change password"))


class ProfileForm(BaseForm):
    locale = SelectField(
        _l("Language"),
        choices=[SelectChoice("", _l("As my browser prefers"))]
        + [SelectChoice(code, name) for code, name in LANGUAGES.items()],
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save"))


class PersonForm(VersionedForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(), email_address, Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=120)])
    department_id = SelectField(_l("Department"), coerce=int, validators=[Optional()])
    roles = MultiCheckboxField(
        _l("Roles"), choices=[SelectChoice(str(r), _l(label)) for r, label in ROLE_LABELS.items()]
    )
    submit = SubmitField(_l("Save"))


class DepartmentForm(VersionedForm):
    name = StringField(_l("Department name"), validators=[DataRequired(), Length(max=120)])
    director_email = StringField(
        _l("Director's e-mail"), validators=[Optional(), email_address, Length(max=254)]
    )
    parent_id = SelectField(_l("Parent department"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Save"))


class ImportPeopleForm(BaseForm):
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("Upload a .csv file."))],
    )
    initial_password = PasswordField(
        _l("Initial password for new accounts"),
        description=_l(
            "Optional. New people must change it at their first login. "
            "Leave empty to issue passwords one by one later."
        ),
        validators=[Optional(), Length(min=10, max=200)],
    )
    submit = SubmitField(_l("Import"))

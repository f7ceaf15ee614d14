"""Form building blocks shared by every package."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import HiddenInput

from ..errors import ServiceError
from .validators import is_email


class ConfirmForm(FlaskForm):
    """A CSRF-only form for one-button actions (deactivate, mark read, delete)."""


class VersionedForm(FlaskForm):
    """Carries the row version the editor saw, so a concurrent edit is refused, not lost."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def email_address(form, field) -> None:
    if field.data and not is_email(field.data.strip()):
        raise ValidationError(_l("Enter a valid e-mail address."))


def attach_error(form: FlaskForm, error: ServiceError) -> None:
    """Put a service's refusal next to the field it concerns (or on top of the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)

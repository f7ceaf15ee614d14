"""Form building blocks shared by every package."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..db import check_version, committing
from ..errors import ServiceError
from .validators import is_email


class ConfirmForm(FlaskForm):
    """A CSRF-only form for one-button actions (deactivate, mark read, delete)."""


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes; the form macro lays them out (and scrolls a long list)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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


def save_form(
    form: FlaskForm, save: Callable[[], Any], *, version_of: Any = None
) -> tuple[bool, Any]:
    """The shape of every form POST: when the form is submitted and valid, run `save` (the
    view's service calls) in one transaction and return (True, what it returned). A refusal —
    the service's, or a lost race, or `version_of` changed since the form was shown (a
    VersionedForm) — goes onto the form instead, nothing is saved, and (False, None) comes back.
    """
    if not form.validate_on_submit():
        return False, None
    try:
        with committing():
            if version_of is not None:
                check_version(version_of, form.version.data)
            return True, save()
    except ServiceError as error:
        attach_error(form, error)
        return False, None


def run_action(
    service: Callable[..., Any], target: Any, message: str | Callable[[Any], str] | None
) -> Any:
    """The shape of every one-button POST (deactivate, delete, publish): check its CSRF-only
    form, run `service(target, actor=current_user)` in one transaction and flash `message` (or
    `message(result)`; None for an action whose effect shows by itself, such as marking read).
    A refusal or a lost race is flashed instead and changes nothing. Returns what the service
    returned; None when refused.
    """
    if not ConfirmForm().validate_on_submit():
        return None
    try:
        with committing():
            result = service(target, actor=current_user)
    except ServiceError as error:
        flash(error.message, "warning")
        return None
    if message is not None:
        flash(message(result) if callable(message) else message, "success")
    return result

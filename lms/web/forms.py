"""Form building blocks shared by every package."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from flask import abort, flash
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    PasswordField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..db import check_version, committing
from ..errors import ImportRefused, PermissionDenied, ServiceError
from ..i18n import CONTENT_LANGUAGES
from ..i18n import lazy_gettext as _l
from .validators import forbidden_character, forbidden_character_message, is_email

NAME_LABELS = {"en": _l("Name (English)"), "zh_CN": _l("Name (Chinese)")}
DESCRIPTION_LABELS = {"en": _l("Description (English)"), "zh_CN": _l("Description (Chinese)")}


class StorableText:
    """Refuses text no stored text may hold: control characters and broken characters, and in a
    one-line field tabs and line breaks too (validators.forbidden_character)."""

    def __init__(self, *, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        text = field.data if isinstance(field.data, str) else ""
        char = forbidden_character(text, multiline=self.multiline)
        if char is not None:
            raise ValidationError(forbidden_character_message(char))


class BaseForm(FlaskForm):
    """The base of every form on the site: each text field (text areas allow tabs and line
    breaks) refuses what the imports refuse, so no page can store a text that would break an
    export or the database. Passwords are hashed, never stored as text, so they are left alone.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField) and not isinstance(field, PasswordField):
                multiline = isinstance(field, TextAreaField)
                field.validators = [*field.validators, StorableText(multiline=multiline)]
            return field


class ConfirmForm(BaseForm):
    """A CSRF-only form for one-button actions (deactivate, mark read, delete)."""


_CHOICE_KEYS = itertools.count()


class CachedChoices(tuple):
    """Choices that are reference data, the same object for every request until that data
    changes (lms.reference): form_html renders a select of them once per field, value and
    attributes, not once per request."""

    @property
    def rendered(self) -> dict:
        return self.__dict__.setdefault("_rendered", {})

    @property
    def key(self) -> int:
        """A number of its own, for keys of what is rendered from it (no two share one)."""
        return self.__dict__.setdefault("_key", next(_CHOICE_KEYS))


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes; the form macro lays them out (and scrolls a long list)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VersionedForm(BaseForm):
    """Carries the row version the editor saw, so a concurrent edit is refused, not lost."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def translatable_fields(
    *,
    name_length: int,
    description_length: int | None = None,
    description_labels: dict | None = None,
    rows: int = 3,
) -> type:
    """A form mixin with a name (required in English) and optionally a description per content
    language: `name_en`, `name_zh_CN`, `description_en`, ... — what every translatable record's
    form asks for (frameworks, competencies, career levels; courses and documents later).
    `form_texts` reads them back as translatable data, `fill_texts` fills them from it."""
    fields: dict[str, Any] = {}
    for lang in CONTENT_LANGUAGES:
        required = DataRequired() if lang == "en" else Optional()
        fields[f"name_{lang}"] = StringField(
            NAME_LABELS[lang], validators=[required, Length(max=name_length)]
        )
        if description_length:
            fields[f"description_{lang}"] = TextAreaField(
                (description_labels or DESCRIPTION_LABELS)[lang],
                validators=[Optional(), Length(max=description_length)],
                render_kw={"rows": rows},
            )
    return type("TranslatableFields", (), fields)


def form_texts(form: FlaskForm, name: str) -> dict[str, str]:
    """{"en": ..., "zh_CN": ...} from the `<name>_<lang>` fields."""
    return {lang: form[f"{name}_{lang}"].data or "" for lang in CONTENT_LANGUAGES}


def fill_texts(form: FlaskForm, name: str, texts: dict[str, str]) -> None:
    for lang in CONTENT_LANGUAGES:
        form[f"{name}_{lang}"].data = texts.get(lang, "")


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


def flash_errors(form: FlaskForm) -> None:
    """A small form posted from a page that shows it inline (a reason, a code, a rating) whose
    view redirects back: each refusal of its fields and of the form is flashed on that page."""
    for field in form:
        for message in field.errors:
            if isinstance(message, str):
                flash(message, "warning")
    for message in form.form_errors:
        flash(message, "warning")


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
    except PermissionDenied:
        abort(403)  # the view let in someone the service refuses: their predicates disagree
    except ServiceError as error:
        attach_error(form, error)
        return False, None


def run_import(form: FlaskForm, run: Callable[[FlaskForm], Any]) -> tuple[Any, list]:
    """The shape of every file-import POST: when the form is valid, run `run(form)` (the
    import service) in one transaction. A file refused whole (ImportRefused) writes nothing and
    its problems come back to be listed; any other refusal goes onto the form's `file` field.
    Returns (what `run` returned, or None; the problems)."""
    if not form.validate_on_submit():
        return None, []
    try:
        with committing():
            return run(form), []
    except PermissionDenied:
        abort(403)
    except ImportRefused as refused:
        return None, refused.problems
    except ServiceError as error:
        attach_error(form, ServiceError(error.message, field=error.field or "file"))
        return None, []


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
    except PermissionDenied:
        abort(403)
    except ServiceError as error:
        flash(error.message, "warning")
        return None
    if message is not None:
        flash(message(result) if callable(message) else message, "success")
    return result

"""Form pieces as the site lays them out, called by templates as Jinja globals: `field`, one
field with its label, help text and inline error (Bootstrap 5 validation styles, described for
screen readers), and `action_button`, a one-button POST form.

They were Jinja macros; written in Python they cost a third as much, and a page renders tens of
them (a career level's targets, the framework editor's descriptors and its buttons per
competency, the profile's forms and evidence).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..i18n import locale_code
from .forms import CachedChoices

_SHOWN: dict[tuple, Markup] = {}  # field() of fields as a fresh form shows them
MAX_SHOWN = 2048


def field(f, type: str | None = None, autocomplete=None, autofocus: bool = False) -> Markup:
    """`type` overrides the input's type (email, date, file); `autocomplete` and `autofocus`
    become attributes of the control.

    A field as a form shows it before anything was posted (no errors, nothing typed) is the
    same HTML for everything that goes into it (`_shown_key`): worked out once, kept."""
    key = _shown_key(f, type, autocomplete, autofocus)
    if key is None:
        return _field(f, type, autocomplete, autofocus)
    html = _SHOWN.get(key)
    if html is None:
        if len(_SHOWN) >= MAX_SHOWN:
            _SHOWN.clear()
        html = _SHOWN[key] = _field(f, type, autocomplete, autofocus)
    return html


def _shown_key(f, type, autocomplete, autofocus) -> tuple | None:
    """Everything field() renders from, for a field nothing was posted to; None otherwise."""
    if f.errors or f.raw_data:
        return None
    choices = getattr(f, "choices", None)
    if isinstance(choices, CachedChoices):
        choices = choices.key
    elif choices is not None:
        choices = tuple((c.value, str(c.label)) for c in f._choices_from_input(choices))
    return (
        f.__class__,
        f.widget.__class__,
        repr(vars(f.widget)),
        f.id,
        f.name,
        str(f.label.text),
        str(f.description),
        repr(f.data),  # formats, flags and attributes may hold lists: compared as text
        repr(getattr(f, "format", None)),
        repr(sorted(vars(f.flags).items())),
        repr(sorted((f.render_kw or {}).items())),
        choices if isinstance(choices, int) else repr(choices),
        type,
        autocomplete,
        autofocus,
        locale_code(),
    )


def _field(f, type: str | None, autocomplete, autofocus: bool) -> Markup:
    invalid = " is-invalid" if f.errors else ""
    help_id, error_id = f"{f.id}-help", f"{f.id}-error"
    parts: list = ['<div class="mb-3">']
    if f.type == "BooleanField":
        parts += [
            '<div class="form-check">',
            f(**{"class": "form-check-input" + invalid}),
            f.label(**{"class": "form-check-label"}),
            "</div>",
        ]
    elif f.type == "MultiCheckboxField":
        long = " checklist-long border rounded p-2" if len(f.choices) > 8 else ""
        parts += [
            "<fieldset>",
            Markup('<legend class="form-label fs-6">%s</legend>') % f.label.text,
            f'<div class="d-flex flex-wrap column-gap-3 row-gap-1{long}">',
        ]
        parts += _checkboxes(f)
        parts += ["</div>", "</fieldset>"]
    else:
        control = "form-select" if f.type == "SelectField" else "form-control"
        attrs: dict = {"class": control + invalid}
        described = [help_id] * bool(f.description) + [error_id] * bool(f.errors)
        if described:
            attrs["aria-describedby"] = " ".join(described)
        if f.errors:
            attrs["aria-invalid"] = "true"
        if autocomplete:
            attrs["autocomplete"] = autocomplete
        if autofocus:
            attrs["autofocus"] = True
        if f.flags.required:
            attrs["required"] = True
        if type:
            attrs["type"] = type
        parts += [f.label(**{"class": "form-label"}), _control(f, attrs)]
    if f.description:
        parts.append(Markup('<div id="%s" class="form-text">%s</div>') % (help_id, f.description))
    if f.errors:
        errors = " ".join(str(escape(error)) for error in f.errors)
        parts.append(
            Markup('<div id="%s" class="invalid-feedback d-block">') % error_id
            + Markup(errors)
            + Markup("</div>")
        )
    parts.append("</div>")
    return Markup("".join(str(part) for part in parts))


def _control(f, attrs: dict) -> Markup:
    """The field's control; a select of reference choices (CachedChoices) rendered once per
    field, value and attributes."""
    choices = getattr(f, "choices", None)
    if not isinstance(choices, CachedChoices):
        return f(**attrs)
    key = (f.id, f.name, repr(f.data), tuple(sorted(attrs.items())))
    html = choices.rendered.get(key)
    if html is None:
        html = choices.rendered[key] = f(**attrs)
    return html


def _checkboxes(f) -> list:
    """Each choice of a MultiCheckboxField as WTForms renders it, byte for byte, without the
    bound field WTForms makes per choice (a confirmation lists every piece of the person's
    evidence). Falls back to WTForms' own for what its options would take from the field."""
    if f.render_kw or any(flag in f.flags for flag in ("required", "disabled")):
        return [
            Markup('<div class="form-check">%s %s</div>')
            % (
                option(**{"class": "form-check-input"}),
                option.label(**{"class": "form-check-label"}),
            )
            for option in f
        ]
    parts = []
    name = escape(f.name)
    for index, choice in enumerate(f._iter_choices_normalized()):
        option_id = escape(f"{f.id}-{index}")
        checked = "checked " if choice.selected else ""  # attributes in html_params' order
        parts.append(
            f'<div class="form-check"><input {checked}class="form-check-input" id="{option_id}" '
            f'name="{name}" type="checkbox" value="{escape(str(choice.value))}"> '
            f'<label class="form-check-label" for="{option_id}">'
            f"{escape(choice.label or choice.value)}</label></div>"
        )
    return parts


def action_button(
    action: str, label: str, form, confirm: str | None = None, icon: str | None = None, **attrs
) -> Markup:
    """A one-button POST form to `action`, carrying `form`'s hidden fields (its CSRF token);
    `confirm` asks before destructive actions (static/js/app.js); `class` styles the button."""
    css = escape(attrs.get("class", "btn btn-outline-secondary"))
    asks = f' data-confirm="{escape(confirm)}"' if confirm else ""
    symbol = f'<i class="bi bi-{escape(icon)}" aria-hidden="true"></i> ' if icon else ""
    return Markup(
        f'<form method="post" action="{escape(action)}" class="d-inline"{asks}>'
        f'{hidden_fields(form)}<button type="submit" class="{css}">{symbol}{escape(label)}'
        "</button></form>"
    )


def hidden_fields(form) -> Markup:
    """form.hidden_tag(), worked out once per form: a page's buttons share one form, and its
    hidden fields (the request's CSRF token) are the same for each."""
    hidden = getattr(form, "_hidden_html", None)
    if hidden is None:
        hidden = form._hidden_html = form.hidden_tag()
    return hidden

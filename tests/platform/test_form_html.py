"""lms.web.form_html.field lays out a field as the site's forms expect: label, control, help
text and error tied together for screen readers, every text escaped."""

from __future__ import annotations

from flask import render_template_string
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from lms.web.form_html import field
from lms.web.forms import BaseForm, MultiCheckboxField


class SampleForm(BaseForm):
    class Meta:
        csrf = False

    title = StringField("Title <b>", validators=[DataRequired("Say <what>")], description="A & B")
    kind = SelectField("Kind", choices=[SelectChoice("a", "A"), SelectChoice("b", "B")])
    agree = BooleanField("Agree")
    tags = MultiCheckboxField(
        "Tags <i>", choices=[SelectChoice(str(n), f"Tag {n}") for n in range(9)]
    )


def test_a_refused_field_names_its_help_and_error_and_escapes_them(app):
    with app.test_request_context():
        form = SampleForm(formdata=MultiDict({"title": ""}))
        form.validate()
        html = str(field(form.title, type="email", autocomplete="username", autofocus=True))
    assert html.startswith(
        '<div class="mb-3"><label class="form-label" for="title">Title &lt;b&gt;'
    )
    assert 'aria-describedby="title-help title-error"' in html
    assert 'aria-invalid="true"' in html and "autofocus" in html and "required" in html
    assert 'autocomplete="username"' in html and 'type="email"' in html
    assert 'class="form-control is-invalid"' in html
    assert '<div id="title-help" class="form-text">A &amp; B</div>' in html
    assert '<div id="title-error" class="invalid-feedback d-block">Say &lt;what&gt;</div>' in html


def test_selects_checkboxes_and_checklists_take_their_own_classes(app):
    with app.test_request_context():
        form = SampleForm(formdata=MultiDict({"title": "x", "kind": "a", "tags": ["1", "3"]}))
        form.validate()
        select, agree, tags = field(form.kind), field(form.agree), field(form.tags)
    assert '<select class="form-select" id="kind" name="kind">' in select
    assert "aria-describedby" not in select and "-error" not in select
    assert '<div class="form-check"><input class="form-check-input" id="agree"' in agree
    assert '<label class="form-check-label" for="agree">Agree</label>' in agree
    assert '<legend class="form-label fs-6">Tags &lt;i&gt;</legend>' in tags
    assert "checklist-long" in tags  # more than eight choices scroll inside the form
    assert tags.count('class="form-check-input"') == 9 and tags.count("checked") == 2


def test_templates_call_it_as_a_global(app):
    with app.test_request_context():
        form = SampleForm(formdata=MultiDict({"title": "x"}))
        html = render_template_string("{{ field(form.title, type='search') }}", form=form)
    assert html == str(field(form.title, type="search"))
    assert 'type="search"' in html and 'value="x"' in html


def test_an_action_button_posts_with_the_token_and_asks_first(app, monkeypatch):
    from lms.web.form_html import action_button
    from lms.web.forms import ConfirmForm

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    with app.test_request_context():
        form = ConfirmForm()
        html = render_template_string(
            "{{ action_button('/x?a=1&b=2', 'Delete <it>', form, confirm='Sure \"it\"?',"
            " class='btn btn-link', icon='trash') }}|{{ action_button('/y', 'Go', form) }}",
            form=form,
        )
        token = str(form.hidden_tag())
    first, second = html.split("|")
    assert first == (
        '<form method="post" action="/x?a=1&amp;b=2" class="d-inline"'
        ' data-confirm="Sure &#34;it&#34;?">' + token + '<button type="submit"'
        ' class="btn btn-link"><i class="bi bi-trash" aria-hidden="true"></i> Delete &lt;it&gt;'
        "</button></form>"
    )
    assert second == (
        f'<form method="post" action="/y" class="d-inline">{token}<button type="submit"'
        ' class="btn btn-outline-secondary">Go</button></form>'
    )
    assert 'name="csrf_token"' in token
    assert action_button("/z", "Z", form).count('name="csrf_token"') == 1


def test_checkboxes_render_as_wtforms_renders_them(app):
    """form_html renders a MultiCheckboxField's choices itself; WTForms' own output is the
    reference, with awkward values and labels, some checked."""
    from lms.web.form_html import _checkboxes

    class Awkward(BaseForm):
        class Meta:
            csrf = False

        tags = MultiCheckboxField(
            "Tags",
            choices=[
                SelectChoice('a"b', "<i>A & B</i>"),
                SelectChoice("2", "二"),
                SelectChoice("3", ""),
            ],
        )

    with app.test_request_context():
        form = Awkward(formdata=MultiDict([("tags", 'a"b'), ("tags", "3")]))
        wtforms_own = [
            f'<div class="form-check">{option(**{"class": "form-check-input"})} '
            f"{option.label(**{'class': 'form-check-label'})}</div>"
            for option in form.tags
        ]
        assert [str(part) for part in _checkboxes(form.tags)] == wtforms_own
        assert "checked" in wtforms_own[0] and "checked" not in wtforms_own[1]


def test_a_select_of_reference_choices_renders_as_any_other_and_follows_its_value(app):
    """CachedChoices: the select is rendered once per field, value and attributes."""
    from lms.web.forms import CachedChoices

    cached = CachedChoices([SelectChoice("a", "A <b>"), SelectChoice("b", "B")])
    with app.test_request_context():
        plain = SampleForm(formdata=MultiDict({"kind": "b"}))
        plain.kind.choices = list(cached)
        reused = SampleForm(formdata=MultiDict({"kind": "b"}))
        reused.kind.choices = cached
        assert field(reused.kind) == field(plain.kind)
        assert len(cached.rendered) == 1
        assert field(reused.kind) == field(plain.kind), "from the memo"
        other = SampleForm(formdata=MultiDict({"kind": "a"}))
        other.kind.choices = cached
        html = field(other.kind)
        assert '<option selected value="a">A &lt;b&gt;</option>' in html
        assert len(cached.rendered) == 2


def test_a_fresh_field_is_rendered_once_and_a_posted_one_every_time(app):
    """field() keeps the HTML of fields nothing was posted to, keyed by all it renders from:
    the same as rendering afresh, and never for a field with errors or typed data."""
    from lms.web import form_html

    with app.test_request_context(headers={"Accept-Language": "en"}):
        form_html._SHOWN.clear()
        first = SampleForm(formdata=None)
        html = {name: field(first[name]) for name in ("title", "kind", "agree", "tags")}
        assert len(form_html._SHOWN) == 4
        again = SampleForm(formdata=None)
        assert {name: field(again[name]) for name in html} == html
        assert {name: form_html._field(again[name], None, None, False) for name in html} == html
        again.title.label.text = "Another <label>"
        assert "Another &lt;label&gt;" in field(again.title), "a changed label is another key"
        posted = SampleForm(formdata=MultiDict({"title": ""}))
        posted.validate()
        before = len(form_html._SHOWN)
        assert "is-invalid" in field(posted.title) and len(form_html._SHOWN) == before
        typed = SampleForm(formdata=MultiDict({"title": "typed"}))
        assert 'value="typed"' in field(typed.title) and len(form_html._SHOWN) == before

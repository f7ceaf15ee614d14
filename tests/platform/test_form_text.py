"""Every form refuses the text the imports refuse: control characters and broken characters in
any text field, tabs and line breaks in one-line fields (text areas keep theirs)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField, TextAreaField

import competencies
import lms
from lms.accounts.models import Department
from lms.web.forms import BaseForm


class TextForm(BaseForm):
    class Meta:
        csrf = False

    title = StringField()
    notes = TextAreaField()
    password = PasswordField()


def _errors(**data) -> dict:
    form = TextForm(formdata=MultiDict(data))
    form.validate()
    return form.errors


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"title": "Plan\x00"}, "title", "U+0000"),
        ({"title": "\x1b[31mPlan"}, "title", "U+001B"),
        ({"title": "Plan\x85"}, "title", "U+0085"),
        ({"title": "Half \ud83d"}, "title", "U+D83D"),
        ({"title": "Two\tcells"}, "title", "one line"),
        ({"notes": "Bell\x07"}, "notes", "U+0007"),
        ({"notes": "Rub\x7fout"}, "notes", "U+007F"),
    ],
)
def test_a_text_field_refuses_what_no_stored_text_may_hold(app, data, field, text):
    errors = _errors(**data)
    assert list(errors) == [field] and text in errors[field][0]


def test_text_areas_keep_tabs_and_line_breaks_and_passwords_are_not_text(app):
    assert (
        _errors(title="Plain 中文 title", notes="Line one\r\n\tLine two\n", password="a\x00") == {}
    )


def _forms() -> set[type]:
    """Every form class the site's packages define (their modules imported first)."""
    for package in (lms, competencies):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if module.name.rsplit(".", 1)[-1] == "forms" or module.name.endswith("views"):
                importlib.import_module(module.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for form in todo.pop().__subclasses__():
            todo.append(form)
            if form.__module__.startswith(("lms.", "competencies.", "community.")):
                found.add(form)
    return found


def test_every_form_of_the_site_is_a_base_form():
    forms = _forms()
    assert len(forms) > 10
    assert [form.__qualname__ for form in forms if not issubclass(form, BaseForm)] == []


def test_a_department_name_with_a_nul_is_refused_on_the_page(client, db, people, login_as):
    login_as(people["hr"])
    before = db.session.scalar(select(func.count()).select_from(Department))
    response = client.post("/departments/new", data={"name": "Deli\x00very", "version": ""})
    assert response.status_code == 422
    assert "Remove the invisible control character U+0000." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Department)) == before


@pytest.mark.parametrize(
    "attributes",
    [
        {"name": "q", "id": "q", "class_": "form-control", "value": 'say "hi" & <go>'},
        {"checked": True, "readonly": False, "data_id": "12", "aria_describedby": "a b"},
        {"value": Markup('already <b>"marked"</b>'), "title": "中文 · ünïcode", "for_": "x"},
        {"value": 0, "selected": True, "data_chart": '{"a": [1, 2]}'},
    ],
)
def test_the_faster_html_params_writes_what_wtforms_writes(attributes):
    from lms.web import html_params

    assert html_params.html_params(**attributes) == html_params.ORIGINAL(**attributes)
    assert isinstance(html_params.html_params(**attributes), Markup)


def test_every_widget_renders_with_the_faster_html_params(app):
    """Inputs and buttons hold their own reference to WTForms' function: installed there too."""
    import wtforms.widgets.core as core

    from lms.web import html_params

    holders = [w for w in vars(core).values() if isinstance(w, type) and "html_params" in vars(w)]
    assert {w.__name__ for w in holders} >= {"Input", "Button"}
    assert all(w.html_params is html_params.html_params for w in holders)


def test_selects_pick_their_option_renderer_once(app, monkeypatch):
    """WTForms inspects render_option's signature for every select it renders; installed, the
    answer is kept per widget class, and options still render as WTForms renders them."""
    import inspect

    from wtforms import SelectField
    from wtforms.fields.choices import SelectChoice

    class Choose(BaseForm):
        class Meta:
            csrf = False

        pick = SelectField(choices=[SelectChoice(1, "<One>"), SelectChoice(2, "Two")], coerce=int)

    with app.test_request_context():
        form = Choose(formdata=MultiDict({"pick": "2"}))
        form.pick()  # the first select of its class may look
        looked: list = []
        real = inspect.signature
        monkeypatch.setattr(inspect, "signature", lambda *a, **k: looked.append(a) or real(*a, **k))
        html = form.pick()
    assert not looked
    assert html == (
        '<select id="pick" name="pick"><option value="1">&lt;One&gt;</option>'
        '<option selected value="2">Two</option></select>'
    )

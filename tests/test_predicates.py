"""The predicate registry: one name per question, and every name a template asks about exists —
checked here for every template, so a typo fails the suite instead of a page at render time."""

from __future__ import annotations

import pytest
from jinja2 import nodes

from lms.permissions import _PREDICATES, predicate, predicate_names


def _asked(app) -> dict[str, set[str]]:
    """{predicate name: templates asking `can('<name>', ...)`} over every template."""
    asked: dict[str, set[str]] = {}
    env = app.jinja_env
    for name in env.list_templates(extensions=["html", "txt"]):
        source = env.loader.get_source(env, name)[0]
        for call in env.parse(source).find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == "can":
                first = call.args[0] if call.args else None
                assert isinstance(first, nodes.Const), f"{name}: can() needs a literal name"
                asked.setdefault(first.value, set()).add(name)
    return asked


def test_every_predicate_a_template_asks_about_exists(app):
    asked = _asked(app)
    assert asked, "no template asks can(...)? the scan is broken"
    unknown = {
        name: sorted(where) for name, where in asked.items() if name not in predicate_names()
    }
    assert not unknown, f"templates ask about predicates that do not exist: {unknown}"


def test_a_second_predicate_with_the_same_name_is_refused():
    def can_view_people(user) -> bool:  # same name as lms.accounts.permissions'
        return True

    with pytest.raises(ValueError, match="defined twice"):
        predicate(can_view_people)
    assert _PREDICATES["view_people"].__module__ == "lms.accounts.permissions"


def test_a_predicate_must_be_named_can_verb_noun():
    def may_view(user) -> bool:
        return True

    with pytest.raises(ValueError, match="can_<verb>_<noun>"):
        predicate(may_view)

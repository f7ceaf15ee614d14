"""The signal catalogue (lms/signals.py): every signal has a sender in the code and reaches a
receiver with the arguments its doc promises; receivers return data (lms.outcomes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from competencies.framework import services as frameworks
from lms import signals
from lms.accounts import services as accounts
from lms.accounts.importers import import_people
from lms.outcomes import Outcome
from tests.accounts.test_import import make_csv
from tests.factories import FrameworkFactory

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = {
    name: value
    for name, value in vars(signals).items()
    if isinstance(value, type(signals.user_created))
}


def _sources() -> str:
    return "\n".join(
        path.read_text()
        for package in ("lms", "competencies", "community")
        for path in (ROOT / package).rglob("*.py")
    )


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_signal_has_a_sender(name):
    assert re.search(rf"\b{name}\.send\(", _sources()), f"nothing sends signals.{name}"


class Heard(list):
    def __call__(self, sender, **kwargs):
        self.append((sender, kwargs))


def test_adding_a_person_is_announced(db, people):
    heard = Heard()
    with signals.user_created.connected_to(heard):
        person = accounts.create_person(actor=people["hr"], email="new@x.test", name="New")
    assert heard == [(person, {"actor": people["hr"]})]


def test_an_import_announces_every_person_it_creates(db, people):
    heard, imported = Heard(), Heard()
    with signals.user_created.connected_to(heard), signals.people_imported.connected_to(imported):
        result = import_people(make_csv(100), actor=people["admin"])
    assert result.created == 100 and len(heard) == 100
    assert {user.email for user, _kwargs in heard} == {
        f"pm{n:03d}@corp.example" for n in range(100)
    }
    assert all(kwargs == {"actor": people["admin"]} and user.id for user, kwargs in heard)
    assert imported == [(result, {"actor": people["admin"]})]


def test_deactivating_a_person_is_announced(db, people):
    heard = Heard()
    with signals.user_deactivated.connected_to(heard):
        accounts.deactivate_person(people["pm"], actor=people["admin"])
    assert heard == [(people["pm"], {"actor": people["admin"]})]


def test_publishing_is_announced_and_the_careers_receiver_answers_with_data(db, people):
    first = FrameworkFactory()
    draft = frameworks.new_version(first, actor=people["pmo"], version_label="1.1")
    heard = Heard()
    with signals.framework_published.connected_to(heard):
        outcomes = frameworks.publish_framework(draft, actor=people["pmo"])
    assert heard == [(draft, {"replaced": [first], "actor": people["pmo"]})]
    assert all(isinstance(outcome, Outcome) for outcome in outcomes)  # not sentences
    assert {o.what for o in outcomes} <= {"careers.levels_copied", "careers.people_moved"} | {
        "careers.untargeted"
    }


def test_closing_a_project_is_announced_and_both_receivers_answer_with_data(db, people, department):
    from datetime import date

    from lms.projects.closing import LessonEntry, close_project
    from tests.projects.conftest import make_project, plan

    project = make_project(people, department, code="SIG")
    plan(project, people, date(2026, 1, 1), date(2026, 3, 31), 1_000)
    heard = Heard()
    with signals.project_closed.connected_to(heard):
        close_project(
            project, actor=people["pmo"], summary="Done",
            lessons=[LessonEntry(title="Plan the cut-over", recommendation="Rehearse it")],
        )  # fmt: skip
    sender, kwargs = heard[0]
    assert sender is project and kwargs["person_id"] == people["pm"].id
    assert set(kwargs) == {
        "person_id", "code", "name", "months", "team_size", "complexity", "closed_on",
        "lessons", "actor",
    }  # fmt: skip
    results = signals.project_closed.send(project, **kwargs | {"lessons": []})
    assert all(isinstance(o, Outcome) for _receiver, found in results for o in found)

"""Fixtures of the competency tests: the small framework (tests.factories.SMALL)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator

import pytest
from flask import Flask

from competencies.framework.files import json_format
from competencies.framework.files.exchange import save_framework
from competencies.framework.models import FrameworkState
from lms import create_app
from lms.accounts.models import Department, User, UserRole
from lms.extensions import db
from lms.permissions import SYSTEM
from tests import databases
from tests.factories import SMALL, FrameworkFactory


@pytest.fixture
def small_json():
    return copy.deepcopy(SMALL)


def published_framework(document: dict, state: FrameworkState = FrameworkState.PUBLISHED):
    return FrameworkFactory(document=document, state=state)


@pytest.fixture
def small_framework(db, small_json):
    return published_framework(small_json)


def competency_fields(competency, **changes) -> dict:
    """The keyword arguments of editing.update_competency as the competency stands, with
    `changes` applied."""
    values = {
        "idnumber": competency.idnumber,
        "parent": competency.parent,
        "names": dict(competency.names),
        "descriptions": dict(competency.descriptions),
        "talent_triangle": str(competency.talent_triangle or "") or None,
        "programme_only": competency.is_programme_only,
        "descriptors": {k: dict(v) for k, v in competency.descriptors.items()},
        "related": list(competency.related),
    }
    return {**values, **changes}


def delivery_team_app(name: str, tmp_path) -> Iterator[Flask]:
    """For concurrency tests (requests in threads, real commits): an app on a database of its
    own holding the Delivery department's director (dir@example.com), its PM (pm@example.com),
    a PMO (pmo@example.com) and the small framework, published. Use as a fixture's body."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": databases.fresh_database(name, tmp_path)})
    with app.app_context():
        db.create_all()
        director = User(email="dir@example.com", name="Dee", role_rows=[UserRole(role="director")])
        pmo = User(email="pmo@example.com", name="Po", role_rows=[UserRole(role="pmo")])
        department = Department(name="Delivery", director=director)
        pm = User(
            email="pm@example.com",
            name="Pat",
            department=department,
            role_rows=[UserRole(role="pm")],
        )
        db.session.add_all([director, pmo, department, pm])
        save_framework(
            json_format.parse(json.dumps(SMALL)), state=FrameworkState.PUBLISHED, actor=SYSTEM
        )
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()

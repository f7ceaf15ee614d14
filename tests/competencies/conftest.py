"""Fixtures of the competency tests: the small framework (tests.factories.SMALL)."""

from __future__ import annotations

import copy

import pytest

from competencies.framework.models import FrameworkState
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

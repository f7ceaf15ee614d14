"""A small framework for tests: two areas, nested competencies, a three-level scale."""

from __future__ import annotations

import copy
import json

import pytest

from competencies.framework.files import json_format
from competencies.framework.files.exchange import save_framework
from competencies.framework.models import FrameworkState

SMALL = {
    "idnumber": "TEST-FW",
    "version": "1.0",
    "name": {"en": "Test framework", "zh_CN": "测试框架"},
    "description": {"en": "For tests.", "zh_CN": "用于测试。"},
    "scale": {
        "levels": [
            {
                "value": 0,
                "proficient": False,
                "name": {"en": "None", "zh_CN": "无"},
                "descriptor": {"en": "Nothing yet."},
            },
            {
                "value": 1,
                "proficient": False,
                "name": {"en": "Some", "zh_CN": "一些"},
                "descriptor": {"en": "Some."},
            },
            {
                "value": 2,
                "proficient": True,
                "name": {"en": "Able", "zh_CN": "胜任"},
                "descriptor": {"en": "Able."},
            },
        ]
    },
    "competencies": [
        {
            "idnumber": "A",
            "name": {"en": "Area A", "zh_CN": "领域 A"},
            "talent_triangle": "power_skills",
            "children": [
                {
                    "idnumber": "A-1",
                    "name": {"en": "Listening", "zh_CN": "倾听"},
                    "description": {"en": "Hears people out."},
                    "talent_triangle": "power_skills",
                    "descriptors": {
                        "0": {"en": "Interrupts.", "zh_CN": "打断别人。"},
                        "2": {"en": "Listens."},
                    },
                    "related": ["B-1"],
                    "children": [{"idnumber": "A-1-a", "name": {"en": "Summarising"}}],
                },
            ],
        },
        {
            "idnumber": "B",
            "name": {"en": "Area B"},
            "children": [
                {
                    "idnumber": "B-1",
                    "name": {"en": "Planning", "zh_CN": "计划"},
                    "programme_only": True,
                },
            ],
        },
    ],
}


@pytest.fixture
def small_json():
    return copy.deepcopy(SMALL)


def published_framework(document: dict, state: FrameworkState = FrameworkState.PUBLISHED):
    return save_framework(json_format.parse(json.dumps(document)), state=state)


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

"""Default career levels for PMO-CORE, with a target level for every competency."""

from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db

from ..framework.models import Framework, FrameworkState
from ..framework.queries import load_framework
from .models import CareerLevel, CareerTarget

# idnumber, rank, names, default target by area, raised targets, programme-only target
DEFAULT_LEVELS = [
    (
        "COORDINATOR",
        1,
        {"en": "Project coordinator", "zh_CN": "项目协调员"},
        {"PER": 1, "PEO": 2, "PRA": 2},
        {},
        0,
    ),
    (
        "PM",
        2,
        {"en": "Project manager", "zh_CN": "项目经理"},
        {"PER": 2, "PEO": 3, "PRA": 3},
        {"PER-02": 3},
        0,
    ),
    (
        "SENIOR_PM",
        3,
        {"en": "Senior project manager", "zh_CN": "高级项目经理"},
        {"PER": 3, "PEO": 3, "PRA": 3},
        {"PEO-05": 4, "PEO-07": 4, "PRA-10": 4, "PRA-11": 4, "PRA-12": 4},
        1,
    ),
    (
        "PROGRAMME",
        4,
        {"en": "Programme manager", "zh_CN": "项目集经理"},
        {"PER": 4, "PEO": 3, "PRA": 3},
        {"PEO-05": 4, "PEO-09": 4, "PRA-12": 4, "PRA-13": 4},
        4,
    ),
]


def seed_default_career_levels() -> str:
    """Create the four default levels on the published PMO-CORE, once.

    Runs on every start (`make run`), so it stands back as soon as any PMO-CORE version has a
    career level: levels the PMO renamed, renumbered or deleted are not brought back.
    """
    if _has_career_levels("PMO-CORE"):
        return "career levels: present"
    framework_id = db.session.scalar(
        select(Framework.id)
        .where(Framework.idnumber == "PMO-CORE", Framework.state == FrameworkState.PUBLISHED)
        .order_by(Framework.id.desc())
        .limit(1)
    )
    if framework_id is None:
        return "career levels: no published PMO-CORE framework"
    framework = load_framework(framework_id)
    elements = [c for c in framework.competencies if c.parent is not None]
    for idnumber, rank, names, by_area, raised, programme in DEFAULT_LEVELS:
        level = CareerLevel(framework=framework, idnumber=idnumber, rank=rank, names=names)
        level.targets = [
            CareerTarget(
                competency=element,
                level=programme
                if element.is_programme_only
                else raised.get(element.idnumber, by_area[element.parent.idnumber]),
            )
            for element in elements
        ]
        db.session.add(level)
    db.session.flush()
    return f"career levels: {len(DEFAULT_LEVELS)} created"


def _has_career_levels(framework_idnumber: str) -> bool:
    """Whether any version of the framework has a career level."""
    query = (
        select(CareerLevel.id)
        .join(CareerLevel.framework)
        .where(Framework.idnumber == framework_idnumber)
        .limit(1)
    )
    return db.session.scalar(query) is not None

"""factory_boy factories: objects are flushed into the test's transaction, never committed."""

from __future__ import annotations

import copy
import json
from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory

from competencies.careers.models import CareerLevel, CareerTarget
from competencies.framework.files import json_format
from competencies.framework.files.exchange import save_framework
from competencies.framework.models import Framework, FrameworkState
from competencies.profiles.models import Evidence, EvidenceKind, Rating, RatingKind
from competencies.profiles.ratings import make_current
from lms.accounts.models import Department, User, UserRole
from lms.extensions import db
from lms.notifications.models import Notification
from lms.permissions import SYSTEM

PASSWORD = "correct horse battery"


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class DepartmentFactory(_Base):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Department {n}")


class UserFactory(_Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Project manager"
    department = factory.SubFactory(DepartmentFactory)
    password_hash = factory.LazyFunction(lambda: _hash(PASSWORD))

    @classmethod
    def _create(cls, model_class, *args, roles=(), **kwargs):
        kwargs["role_rows"] = [UserRole(role=str(role)) for role in roles]
        return super()._create(model_class, *args, **kwargs)


class NotificationFactory(_Base):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = "account.welcome"
    params = factory.LazyFunction(lambda: {"site": "PMO Academy", "name": "you"})


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


class FrameworkFactory(_Base):
    """A framework saved from a JSON document (SMALL unless `document` is given), published
    unless `state` says otherwise; `idnumber=` / `version=` override the document's."""

    class Meta:
        model = Framework

    @classmethod
    def _create(cls, model_class, *, document=None, state=FrameworkState.PUBLISHED, **overrides):
        document = {**copy.deepcopy(document or SMALL), **overrides}
        return save_framework(json_format.parse(json.dumps(document)), actor=SYSTEM, state=state)


class CareerLevelFactory(_Base):
    """A career level of `framework` with `targets` {competency id number: target level}."""

    class Meta:
        model = CareerLevel

    framework = factory.SubFactory(FrameworkFactory)
    idnumber = factory.Sequence(lambda n: f"L{n}")
    rank = factory.Sequence(lambda n: n + 1)
    names = factory.LazyAttribute(lambda level: {"en": level.idnumber})

    @classmethod
    def _create(cls, model_class, *args, targets=None, **kwargs):
        level = super()._create(model_class, *args, **kwargs)
        by_code = {c.idnumber: c for c in level.framework.competencies}
        level.targets = [
            CareerTarget(competency=by_code[code], level=value)
            for code, value in (targets or {}).items()
        ]
        db.session.flush()
        return level


class RatingFactory(_Base):
    """A rating as the services record it (the current ratings follow), without their rules:
    for setting up a history."""

    class Meta:
        model = Rating

    level = 2
    kind = RatingKind.DIRECTOR
    rated_on = date(2025, 3, 1)

    @classmethod
    def _create(cls, model_class, *args, user, **kwargs):
        rating = super()._create(model_class, *args, user_id=user.id, **kwargs)
        make_current(rating)
        return rating


class EvidenceFactory(_Base):
    class Meta:
        model = Evidence

    kind = EvidenceKind.NOTE
    title = factory.Sequence(lambda n: f"Evidence {n}")

    @classmethod
    def _create(cls, model_class, *args, user, **kwargs):
        return super()._create(model_class, *args, user_id=user.id, **kwargs)


_HASHES: dict[str, str] = {}


def _hash(password: str) -> str:
    from lms.accounts.services import hash_password

    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]

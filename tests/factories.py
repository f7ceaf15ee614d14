"""factory_boy factories: objects are flushed into the test's transaction, never committed."""

from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from lms.accounts.models import Department, User, UserRole
from lms.extensions import db
from lms.notifications.models import Notification

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


_HASHES: dict[str, str] = {}


def _hash(password: str) -> str:
    from lms.accounts.services import hash_password

    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]

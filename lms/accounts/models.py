"""People, their roles, and the departments they belong to."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import TimestampMixin, VersionMixin, may_race, utcnow
from ..extensions import db
from ..permissions import Role


class Department(TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    director_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", use_alter=True, ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )

    director: Mapped[User | None] = relationship(foreign_keys=[director_id], post_update=True)
    parent: Mapped[Department | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Department {self.name}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    # (role, person): the people of a role (every PM of a report or a panel) from the index alone
    __table_args__ = (
        UniqueConstraint("user_id", "role"),
        Index("ix_user_roles_role", "role", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class User(UserMixin, TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "users"
    # Every list of people is sorted by name; with whether they are active beside it, the people
    # page counts its active people from the index alone instead of reading every row.
    # Those without a password are few: a partial index counts them without reading everyone.
    __table_args__ = (
        Index("ix_users_name_is_active", "name", "is_active"),
        Index(
            "ix_users_without_password",
            "id",
            sqlite_where=text("password_hash IS NULL"),
            postgresql_where=text("password_hash IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    job_title: Mapped[str] = mapped_column(String(120), default="")
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str | None] = mapped_column(String(10))
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", order_by=UserRole.role
    )
    # Failed log-ins typed with this person's address, shown to administrators (read only).
    login_throttle: Mapped[LoginThrottle | None] = relationship(
        primaryjoin="User.email == foreign(LoginThrottle.subject)", viewonly=True
    )

    def get_id(self) -> str:
        """Session token: bumping session_version (password change, reset) logs out other sessions."""
        return f"{self.id}:{self.session_version}"

    @property
    def roles(self) -> frozenset[Role]:
        """Worked out again only when the rows change (a page asks tens of times)."""
        rows = tuple(row.role for row in self.role_rows)
        cached = self.__dict__.get("_roles")
        if cached is None or cached[0] != rows:
            cached = self.__dict__["_roles"] = (rows, frozenset(Role(role) for role in rows))
        return cached[1]

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def can_log_in(self) -> bool:
        return self.is_active and self.password_hash is not None

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class LoginThrottle(db.Model):
    """Consecutive failed log-ins for one subject, across every address they came from.

    A subject is an e-mail address as typed at the log-in form, whether or not anyone has it (so
    a lock tells nothing about which accounts exist), or `device:<nonce>` for a browser that
    logged in before (lms/accounts/sign_in.py). The rules live in lms/accounts/login_throttle.py.
    """

    __tablename__ = "login_throttles"

    subject: Mapped[str] = mapped_column(String(254), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locks: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    @staticmethod
    def running(until: datetime | None, moment: datetime) -> datetime | None:
        """`until` if that lock is still running at `moment` (SQLite hands back naive UTC)."""
        if until is not None and until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        return until if until is not None and until > moment else None

    @property
    def lock_ends_at(self) -> datetime | None:
        return self.running(self.locked_until, utcnow())


# Two administrators adding the same e-mail or department, or giving the same role, at once.
may_race("uq_users_email", "uq_departments_name", "uq_user_roles_user_id_role")

"""Career levels with a target level per competency, and where each person stands."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import TimestampMixin, Translatable, VersionMixin, may_race
from lms.extensions import db

from ..framework.models import Competency, Framework


class CareerLevel(Translatable, TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "career_levels"
    __table_args__ = (UniqueConstraint("framework_id", "idnumber"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    idnumber: Mapped[str] = mapped_column(String(60))
    rank: Mapped[int] = mapped_column(Integer, default=0)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)

    framework: Mapped[Framework] = relationship()
    targets: Mapped[list[CareerTarget]] = relationship(
        back_populates="career_level", cascade="all, delete-orphan"
    )


class CareerTarget(db.Model):
    """The level a person at this career level is expected to reach in one competency."""

    __tablename__ = "career_targets"
    __table_args__ = (UniqueConstraint("career_level_id", "competency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    career_level_id: Mapped[int] = mapped_column(ForeignKey("career_levels.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(Integer)

    career_level: Mapped[CareerLevel] = relationship(back_populates="targets")
    competency: Mapped[Competency] = relationship()


class CareerAssignment(TimestampMixin, VersionMixin, db.Model):
    """A person's current career level and the next one they aim for (gaps use the aim)."""

    __tablename__ = "career_assignments"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    current_level_id: Mapped[int | None] = mapped_column(
        ForeignKey("career_levels.id", ondelete="SET NULL")
    )
    next_level_id: Mapped[int | None] = mapped_column(
        ForeignKey("career_levels.id", ondelete="SET NULL")
    )

    current_level: Mapped[CareerLevel | None] = relationship(foreign_keys=[current_level_id])
    next_level: Mapped[CareerLevel | None] = relationship(foreign_keys=[next_level_id])

    @property
    def aim(self) -> CareerLevel | None:
        return self.next_level or self.current_level


# Two editors adding a level with the same id number; HR and the PMO placing a person who had no
# placement yet (both insert the person's row).
may_race("uq_career_levels_framework_id_idnumber", "pk_career_assignments")

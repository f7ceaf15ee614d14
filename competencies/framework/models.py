"""Frameworks, their competencies (any depth), the proficiency scale and level descriptors.

Names, descriptions and descriptors are translatable data: dicts keyed by language code
({"en": ..., "zh_CN": ...}), shown in the reader's language through `lms.i18n.localized`.
"""

from __future__ import annotations

import enum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import TimestampMixin, Translatable, VersionMixin, enum_column, may_race
from lms.extensions import db
from lms.i18n import localized


class FrameworkState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class TalentTriangle(enum.StrEnum):
    """PMI Talent Triangle sides (names since 2022), used to group competencies in reports."""

    WAYS_OF_WORKING = "ways_of_working"
    POWER_SKILLS = "power_skills"
    BUSINESS_ACUMEN = "business_acumen"


competency_relations = Table(
    "competency_relations",
    db.metadata,
    Column("competency_id", ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True),
    Column("related_id", ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True),
)


class CompetencyTree:
    """What a framework's competencies and scale say, for a Framework row and for its
    snapshot (framework.snapshots) alike: `competencies` in the framework's order, `levels`
    by value."""

    @property
    def assessed_competencies(self) -> list[Competency]:
        """What people are rated on: the leaves of the tree (areas only group them; a flat
        framework is all leaves), not retired."""
        parents = {c.parent_id for c in self.competencies}
        return [c for c in self.competencies if c.id not in parents and not c.is_retired]

    def assessed_by_area(self) -> list[tuple[Competency | Framework, list[Competency]]]:
        """The assessed competencies under their parent, in the framework's order; a flat
        framework's competencies have no parent and are grouped under the framework itself."""
        groups: dict[int | None, list[Competency]] = {}
        for competency in self.assessed_competencies:
            groups.setdefault(competency.parent_id, []).append(competency)
        parents = {c.id: c for c in self.competencies}
        return [(parents.get(key, self), members) for key, members in groups.items()]

    @property
    def proficient_from(self) -> int | None:
        """The lowest scale value that counts as proficient."""
        return min((level.value for level in self.levels if level.is_proficient), default=None)


class Framework(Translatable, TimestampMixin, VersionMixin, CompetencyTree, db.Model):
    __tablename__ = "frameworks"
    __table_args__ = (UniqueConstraint("idnumber", "version_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idnumber: Mapped[str] = mapped_column(String(100), index=True)
    version_label: Mapped[str] = mapped_column(String(20), default="1.0")
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[FrameworkState] = enum_column(FrameworkState, default=FrameworkState.DRAFT)
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("frameworks.id", ondelete="SET NULL")
    )

    previous: Mapped[Framework | None] = relationship(remote_side=[id])
    levels: Mapped[list[ScaleLevel]] = relationship(
        back_populates="framework", cascade="all, delete-orphan", order_by="ScaleLevel.value"
    )
    competencies: Mapped[list[Competency]] = relationship(
        back_populates="framework", cascade="all, delete-orphan", order_by="Competency.sort_order"
    )

    @property
    def is_editable(self) -> bool:
        return self.state is FrameworkState.DRAFT


class ScaleLevel(Translatable, VersionMixin, db.Model):
    """One ordered level of the framework's proficiency scale (0 none ... 4 expert)."""

    __tablename__ = "scale_levels"
    __table_args__ = (UniqueConstraint("framework_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(Integer)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    is_proficient: Mapped[bool] = mapped_column(Boolean, default=False)

    framework: Mapped[Framework] = relationship(back_populates="levels")


class Competency(Translatable, TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "competencies"
    __table_args__ = (UniqueConstraint("framework_id", "idnumber"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), index=True
    )
    idnumber: Mapped[str] = mapped_column(String(100))
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptors: Mapped[dict] = mapped_column(JSON, default=dict)  # {"0": {"en": ..}, "1": ...}
    talent_triangle: Mapped[TalentTriangle | None] = enum_column(TalentTriangle, length=30)
    is_programme_only: Mapped[bool] = mapped_column(Boolean, default=False)
    is_retired: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    framework: Mapped[Framework] = relationship(back_populates="competencies")
    parent: Mapped[Competency | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Competency]] = relationship(
        back_populates="parent", order_by="Competency.sort_order"
    )
    related: Mapped[list[Competency]] = relationship(
        secondary=competency_relations,
        primaryjoin=id == competency_relations.c.competency_id,
        secondaryjoin=id == competency_relations.c.related_id,
        order_by="Competency.sort_order",
    )

    def descriptor(self, value: int) -> str:
        return localized(self.descriptors.get(str(value)))


# Two editors importing, copying or adding the same id number (and version) at once.
may_race("uq_frameworks_idnumber_version_label", "uq_competencies_framework_id_idnumber")

"""The club's controlled tag set (phases, knowledge areas, project types), shared by forum
topics, lessons learned and library documents; `link_table` makes a module's association table."""

from __future__ import annotations

import enum

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import TimestampMixin, Translatable, VersionMixin, enum_column, may_race
from lms.extensions import db
from lms.i18n import lazy_gettext as _l


class TagGroup(enum.StrEnum):
    PHASE = "phase"
    AREA = "area"  # a PMBOK knowledge area
    PROJECT_TYPE = "project_type"

    @property
    def label(self) -> str:
        return str(GROUP_LABELS[self])


GROUP_LABELS = {
    TagGroup.PHASE: _l("Phase"),
    TagGroup.AREA: _l("Knowledge area"),
    TagGroup.PROJECT_TYPE: _l("Project type"),
}


class Tag(Translatable, TimestampMixin, VersionMixin, db.Model):
    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[TagGroup] = enum_column(TagGroup)
    slug: Mapped[str] = mapped_column(String(60))
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)


def link_table(name: str, owner_table: str, owner_key: str) -> Table:
    """An association table of some module's rows and tags, e.g.
    `link_table("lesson_tags", "lessons", "lesson_id")`; use it as a relationship's secondary."""
    return Table(
        name,
        db.metadata,
        Column(
            owner_key,
            ForeignKey(f"{owner_table}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


may_race("uq_tags_slug")

"""Reading the tag set: all tags in order, grouped, or one group's (other modules read tags
through these)."""

from __future__ import annotations

from flask import abort, g
from sqlalchemy import select

from lms.extensions import db

from .models import Tag, TagGroup


def all_tags() -> list[Tag]:
    """Every tag in order, read once per request (a form's pickers and a list's filters share
    it); the services that change tags forget it (`forget`)."""
    if "tags" not in g:
        g.tags = list(db.session.scalars(select(Tag).order_by(Tag.group, Tag.position, Tag.id)))
    return g.tags


def forget() -> None:
    g.pop("tags", None)


def grouped(groups: tuple[TagGroup, ...] | None = None) -> list[tuple[TagGroup, list[Tag]]]:
    """[(group, its tags in order)] for `groups` (all by default), in the groups' order."""
    tags = all_tags()
    return [(group, [t for t in tags if t.group == group]) for group in (groups or tuple(TagGroup))]


def in_group(group: TagGroup) -> list[Tag]:
    return dict(grouped((group,)))[group]


def by_ids(ids) -> list[Tag]:
    ids = [int(i) for i in ids or []]
    if not ids:
        return []
    return list(db.session.scalars(select(Tag).where(Tag.id.in_(ids)).order_by(Tag.position)))


def get_tag_or_404(tag_id: int) -> Tag:
    return db.session.get(Tag, tag_id) or abort(404)

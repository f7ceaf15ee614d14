"""Reading the tag set: all tags in order, grouped, or one group's (other modules read tags
through these)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import select

from lms import reference
from lms.db import Translatable, read
from lms.extensions import db

from .models import Tag, TagGroup


@dataclass(frozen=True)
class TagItem(Translatable):
    """A tag as pages and forms read it (plain data, kept per process with the reference
    data: nearly every club page shows tags, and the PMO seldom changes them)."""

    id: int
    group: TagGroup
    slug: str
    names: dict
    descriptions: dict
    position: int


reference.watch(Tag)


def _load() -> tuple[TagItem, ...]:
    rows = read(
        select(Tag.id, Tag.group, Tag.slug, Tag.names, Tag.descriptions, Tag.position).order_by(
            Tag.group, Tag.position, Tag.id
        )
    )
    return tuple(TagItem(*row) for row in rows)


def all_tags() -> tuple[TagItem, ...]:
    """Every tag in order (a form's pickers and a list's filters share them), loaded again
    once any transaction changed a tag."""
    return reference.cached(("tags",), _load)


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


def get_tag_by_slug_or_404(slug: str) -> Tag:
    found = next((tag for tag in all_tags() if tag.slug == slug), None)
    return found if found is not None else abort(404)


def tags_of(link_table, owner_ids) -> dict[int, list[TagItem]]:
    """Each owner's tags in the tag set's order, read from a module's link table (made with
    models.link_table: owner key first, then tag_id) in one statement; the tags themselves come
    from the reference data."""
    ids = list(owner_ids)  # an empty list still asks: a page's statements stay the same
    owner_key, tag_key = link_table.c[0], link_table.c.tag_id
    known = {tag.id: tag for tag in all_tags()}
    found: dict[int, list[TagItem]] = {}
    for owner_id, tag_id in read(select(owner_key, tag_key).where(owner_key.in_(ids))):
        if tag_id in known:
            found.setdefault(owner_id, []).append(known[tag_id])
    for tags in found.values():
        tags.sort(key=lambda tag: tag.position)
    return found

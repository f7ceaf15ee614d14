"""Changing the tag set (the PMO): adding, editing and reordering tags, and seeding the
default set. Each service checks its predicate and flushes in the caller's transaction."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from lms.audit.services import record, register_action
from lms.errors import ServiceError
from lms.extensions import db
from lms.i18n import N_
from lms.permissions import ensure

from .defaults import DEFAULT_TAGS
from .models import Tag, TagGroup
from .permissions import can_manage_tags

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

register_action("tag.saved", N_("Tag saved"))
register_action("tag.moved", N_("Tag moved"))


def save_tag(
    tag: Tag | None,
    *,
    actor,
    group: TagGroup,
    slug: str,
    names: dict[str, str],
    position: int = 0,
) -> Tag:
    """A new tag or the tag changed. Raises ServiceError: a malformed web name or another
    tag's, or no English name."""
    ensure(can_manage_tags(actor))
    slug = slug.strip().lower()
    if not SLUG.fullmatch(slug) or len(slug) > 60:
        raise ServiceError(
            _("Use lower-case letters, digits and single hyphens, e.g. risk."), field="slug"
        )
    taken = db.session.scalar(select(Tag.id).where(Tag.slug == slug))
    if taken is not None and (tag is None or taken != tag.id):
        raise ServiceError(_("Another tag has this web name."), field="slug")
    names = {code: text.strip() for code, text in names.items() if text and text.strip()}
    if not names.get("en"):
        raise ServiceError(_("Give the tag an English name."), field="name_en")
    target = tag or Tag(descriptions={})
    target.group, target.slug, target.names, target.position = (
        TagGroup(group),
        slug,
        names,
        position,
    )
    db.session.add(target)
    db.session.flush()
    record(actor, "tag.saved", target, label=names["en"])
    return target


def move_tag(tag: Tag, *, actor, step: int) -> Tag:
    """Swap the tag with its neighbour in its group (step -1: up, +1: down); at an end it
    stays where it is. The group is renumbered 0, 1, 2... so positions never tie."""
    ensure(can_manage_tags(actor))
    siblings = list(
        db.session.scalars(select(Tag).where(Tag.group == tag.group).order_by(Tag.position, Tag.id))
    )
    index = next(i for i, each in enumerate(siblings) if each.id == tag.id)
    tag = siblings[index]
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, each in enumerate(siblings):
        each.position = position
    db.session.flush()
    record(actor, "tag.moved", tag, label=tag.names.get("en", tag.slug))
    return tag


def seed_tags() -> str:
    """The default tag set (defaults.DEFAULT_TAGS); tags already there are left alone."""
    have = set(db.session.scalars(select(Tag.slug)))
    added = 0
    positions: dict[TagGroup, int] = {}
    for group, slug, en, zh in DEFAULT_TAGS:
        position = positions[group] = positions.get(group, -1) + 1
        if slug in have:
            continue
        db.session.add(
            Tag(group=group, slug=slug, names={"en": en, "zh_CN": zh}, descriptions={},
                position=position)
        )  # fmt: skip
        added += 1
    db.session.flush()
    return f"tags: {added} added, {len(have)} already there"

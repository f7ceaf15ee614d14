"""Read side for frameworks: the list a person may see, one framework with its tree."""

from __future__ import annotations

from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import aliased, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from lms import reference
from lms.db import read
from lms.extensions import db
from lms.trees import depth_first

from .models import Competency, Framework, FrameworkState, ScaleLevel, competency_relations
from .permissions import can_manage_frameworks, can_view_framework


def frameworks_visible_to(user) -> Select:
    """Frameworks with their competency count and whether people are assessed against it,
    newest first; drafts only for the PMO."""
    count = (
        select(func.count(Competency.id))
        .where(Competency.framework_id == Framework.id)
        .correlate(Framework)
        .scalar_subquery()
    )
    in_use = (Framework.id == framework_in_use()).label("in_use")
    query = select(Framework, count.label("size"), in_use).order_by(
        Framework.idnumber, Framework.id.desc()
    )
    if not can_manage_frameworks(user):
        query = query.where(Framework.state == FrameworkState.PUBLISHED)
    return query


@cache
def framework_in_use():
    """The framework people are assessed against unless their career level names another: the
    published version of the framework that has been on the site longest (PMO-CORE unless it
    was archived). Publishing a second, imported framework does not move everyone onto it.

    A scalar subquery, so callers can embed it or scalar() it. Built once: statements are
    immutable, and building this one (aliases, correlation) cost more than running it."""
    family = aliased(Framework)
    first_seen = (
        select(func.min(family.id))
        .where(family.idnumber == Framework.idnumber)
        .correlate(Framework)
        .scalar_subquery()
    )
    return (
        select(Framework.id)
        .where(Framework.state == FrameworkState.PUBLISHED)
        .order_by(first_seen, Framework.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def framework_in_use_id() -> int | None:
    """The id of the framework in use (None before one is published), worked out once per
    change of the frameworks (lms.reference)."""
    return reference.cached(("framework_in_use",), lambda: read(_in_use_id()).scalar())


@cache
def _in_use_id() -> Select:
    return select(framework_in_use())


def find_framework(idnumber: str, version_label: str | None = None) -> Framework | None:
    """The framework with this id number: the given version, else the newest one."""
    query = select(Framework).where(Framework.idnumber == idnumber).order_by(Framework.id.desc())
    if version_label:
        query = query.where(Framework.version_label == version_label)
    return db.session.scalars(query.limit(1)).first()


def load_framework(framework_id: int) -> Framework:
    """A framework with its levels and competencies (and their relations) in four queries."""
    framework = _load_framework(framework_id)
    if framework is None:
        raise LookupError(f"no framework {framework_id}")
    return framework


# Both selects are built once (on first use, when every model is mapped): a framework page
# runs them on every request, and building a select with its loader options cost a sixth of
# loading the framework.


@cache
def _trees() -> Select:
    return (
        select(Framework)
        .where(Framework.id.in_(bindparam("framework_ids", expanding=True)))
        .options(selectinload(Framework.levels), selectinload(Framework.competencies))
    )


@cache
def _relation_pairs() -> Select:
    return (
        select(competency_relations.c.competency_id, competency_relations.c.related_id)
        .join(Competency, Competency.id == competency_relations.c.related_id)
        .where(competency_relations.c.competency_id.in_(bindparam("ids", expanding=True)))
        .order_by(Competency.sort_order, Competency.id)
    )


def _load_framework(framework_id: int) -> Framework | None:
    """load_framework, None for an unknown id."""
    return load_frameworks([framework_id]).get(framework_id)


def load_frameworks(framework_ids) -> dict[int, Framework]:
    """{id: framework with its levels and competencies (and their relations)} of those that
    exist, in four queries however many.

    Related competencies are always the framework's own (editing refuses others), so the
    relations are read as pairs of ids and filled in from the competencies already loaded:
    loading them as rows of competencies again cost more than the rest of the framework."""
    frameworks = db.session.scalars(_trees(), {"framework_ids": list(framework_ids)}).all()
    _fill_related([c for framework in frameworks for c in framework.competencies])
    return {framework.id: framework for framework in frameworks}


def get_framework_with_previous_or_404(
    framework_id: int, user
) -> tuple[Framework, Framework | None]:
    """The framework `user` may see (404 otherwise) and the version it follows (None for a
    first version): both rows, in one query, without their trees."""
    found = db.session.execute(_with_previous(), {"framework_id": framework_id}).one_or_none()
    if found is None or not can_view_framework(user, found[0]):
        abort(404)
    return found[0], found[1]


@cache
def _with_previous() -> Select:
    previous = aliased(Framework)
    return (
        select(Framework, previous)
        .outerjoin(previous, previous.id == Framework.previous_id)
        .where(Framework.id == bindparam("framework_id"))
    )


def _fill_related(competencies: list[Competency]) -> None:
    """Each competency's `related`, in the relationship's order, unless already loaded."""
    unloaded = {c.id: c for c in competencies if "related" not in c.__dict__}  # not loaded yet
    if not unloaded:
        return
    by_id = {c.id: c for c in competencies}
    found: dict[int, list[Competency]] = {id_: [] for id_ in unloaded}
    for competency_id, related_id in db.session.execute(_relation_pairs(), {"ids": list(unloaded)}):
        found[competency_id].append(by_id[related_id])
    for id_, others in found.items():
        set_committed_value(unloaded[id_], "related", others)


def loaded_framework_in_use() -> Framework | None:
    """The framework in use (framework_in_use) with its levels and competencies; None before
    one is published."""
    framework_id = framework_in_use_id()
    return load_framework(framework_id) if framework_id is not None else None


def get_framework_or_404(framework_id: int, user) -> Framework:
    """The framework with its tree (load_framework); 404 when unknown or not `user`'s to see."""
    framework = _load_framework(framework_id)
    if framework is None or not can_view_framework(user, framework):
        abort(404)
    return framework


def get_framework_outline_or_404(framework_id: int, user) -> Framework:
    """get_framework_or_404 with only what an outline of the tree shows: its levels, and its
    competencies' names, id numbers, places and flags (not their descriptions, descriptors or
    relations, which the editor's outline never shows; the rest loads if asked for)."""
    framework = db.session.scalars(_outline(), {"framework_id": framework_id}).one_or_none()
    if framework is None or not can_view_framework(user, framework):
        abort(404)
    return framework


@cache
def _outline() -> Select:
    return (
        select(Framework)
        .where(Framework.id == bindparam("framework_id"))
        .options(
            selectinload(Framework.levels),
            selectinload(Framework.competencies).load_only(
                Competency.framework_id,
                Competency.parent_id,
                Competency.idnumber,
                Competency.names,
                Competency.is_retired,
                Competency.is_programme_only,
                Competency.sort_order,
            ),
        )
    )


def get_competency_or_404(framework: Framework, competency_id: int) -> Competency:
    """One of the (loaded) framework's competencies; 404 for another framework's."""
    found = next((c for c in framework.competencies if c.id == competency_id), None)
    return found if found is not None else abort(404)


def get_level_or_404(framework: Framework, scale_level_id: int) -> ScaleLevel:
    found = next((level for level in framework.levels if level.id == scale_level_id), None)
    return found if found is not None else abort(404)


def tree(framework: Framework) -> list[tuple[Competency, int]]:
    """Competencies in reading order with their depth (parents before children)."""
    return depth_first(framework.competencies)


def competency_areas_in_use() -> tuple:
    """The areas of the framework in use with their assessed competencies, named in the
    reader's language: what a course may develop (lms.training.registry). Worked out once per
    change of the reference data and language."""
    from lms.i18n import locale_code
    from lms.training.registry import CompetencyArea

    from .snapshots import framework_snapshot

    def load() -> tuple:
        framework_id = framework_in_use_id()
        if framework_id is None:
            return ()
        snapshot = framework_snapshot(framework_id)
        return tuple(
            CompetencyArea(
                id=None if area is snapshot else area.id,
                name=area.name,
                competencies=tuple((c.id, c.name) for c in members),
            )
            for area, members in snapshot.assessed_by_area()
        )

    return reference.cached(("competency_areas", locale_code()), load)


def scale_in_use() -> tuple[tuple[int, str], ...]:
    """The levels of the framework in use, (value, name in the reader's language)."""
    from lms.i18n import locale_code

    from .snapshots import framework_snapshot

    def load() -> tuple:
        framework_id = framework_in_use_id()
        if framework_id is None:
            return ()
        return tuple((lv.value, lv.name) for lv in framework_snapshot(framework_id).levels)

    return reference.cached(("scale_in_use", locale_code()), load)


def competency_names_by_id(ids) -> dict[int, str]:
    """What these competencies are called in the reader's language (any framework version)."""
    from lms.i18n import localized

    return {id_: localized(names) for id_, names in read(_names_by_id(), {"ids": list(ids)})}


@cache
def _names_by_id() -> Select:
    return select(Competency.id, Competency.names).where(
        Competency.id.in_(bindparam("ids", expanding=True))
    )

"""Read side of profiles: the person and evidence a viewer may open, a person's current levels,
their rating history and their evidence. profile.py assembles these into the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import NamedTuple

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import aliased, joinedload

from lms.accounts.models import User
from lms.db import Translatable, read
from lms.extensions import db
from lms.web.pagination import page_of

from ..framework.models import Competency, Framework
from .models import (
    CurrentRating,
    Evidence,
    EvidenceKind,
    Rating,
    RatingKind,
    Validity,
    rating_evidence,
)
from .permissions import can_view_profile
from .ratings import current_ratings

HISTORY_PER_PAGE = 20
EVIDENCE_PER_PAGE = 10


def get_person_or_404(user_id: int, viewer) -> User:
    """The person whose profile `viewer` may see; 404 otherwise (its existence stays hidden)."""
    person = db.session.execute(_person(), {"user_id": user_id}).unique().scalar_one_or_none()
    if person is None or not can_view_profile(viewer, person):
        abort(404)
    return person


@cache
def _person() -> Select:
    """The person with their department and roles (the forms ask); populate_existing: the
    viewer may be the person, already loaded without their department."""
    return (
        select(User)
        .where(User.id == bindparam("user_id"))
        .options(joinedload(User.department), joinedload(User.role_rows))
        .execution_options(populate_existing=True)
    )


def get_evidence_or_404(evidence_id: int, viewer) -> Evidence:
    """Evidence on a profile `viewer` may see; 404 otherwise."""
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None:
        abort(404)
    get_person_or_404(evidence.user_id, viewer)
    return evidence


class CurrentLevel(NamedTuple):
    """A current rating as the profile shows it: its level and the day it was given."""

    level: int
    rated_on: date


def current_levels(person: User, framework) -> dict[tuple[str, bool], CurrentLevel]:
    """{(competency id number, confirmed?): the current rating} in one query (ratings.py)."""
    params = {"user_id": person.id, "framework_idnumber": framework.idnumber}
    return {
        (idnumber, is_confirmed): CurrentLevel(level, rated_on)
        for idnumber, is_confirmed, level, rated_on in read(_current_levels(), params)
    }


@cache
def _current_levels() -> Select:
    """Built once with bind parameters (user_id, framework_idnumber), as for every query a
    profile runs: building a statement and its cache key cost more than running it."""
    return (
        current_ratings(bindparam("framework_idnumber"))
        .where(CurrentRating.user_id == bindparam("user_id"))
        .join(Rating, Rating.id == CurrentRating.rating_id)
        .with_only_columns(
            CurrentRating.competency_idnumber,
            CurrentRating.is_confirmed,
            CurrentRating.level,
            Rating.rated_on,
        )
    )


@dataclass(frozen=True)
class HistoryEntry(Translatable):
    """One rating as the profile's history shows it (plain data: a page of twenty)."""

    id: int
    kind: RatingKind
    level: int
    rated_on: date
    comment: str
    justification: str
    rater: str | None  # None: the rater's account is gone
    names: dict  # the competency's, in the version it was rated against
    framework_id: int
    version_label: str
    evidence: list[str] = field(default_factory=list)  # titles of the evidence it cites
    descriptions: dict = field(default_factory=dict)

    @property
    def is_confirmed(self) -> bool:
        return self.kind is not RatingKind.SELF


def rating_history(
    person: User, page: int, competency=None, framework_idnumber: str | None = None
) -> Pagination:
    """That page of the person's ratings, newest first, as HistoryEntry; of one competency
    (of the framework with that id number) on every version of its framework when given."""
    params = {"user_id": person.id}
    if competency is not None:
        params |= {
            "competency_idnumber": competency.idnumber,
            "framework_idnumber": framework_idnumber,
        }
    found = page_of(
        _history(competency is not None),
        page,
        HISTORY_PER_PAGE,
        params,
        rows=lambda result: [HistoryEntry(*row) for row in result],
    )
    if found.items:
        by_id = {entry.id: entry for entry in found.items}
        titles = read(_cited_titles(), {"ids": list(by_id)})
        for rating_id, title in titles:
            by_id[rating_id].evidence.append(title)
    return found


@cache
def _history(of_one: bool) -> Select:
    rater = aliased(User)
    query = (
        select(
            Rating.id,
            Rating.kind,
            Rating.level,
            Rating.rated_on,
            Rating.comment,
            Rating.justification,
            rater.name,
            Competency.names,
            Competency.framework_id,
            Framework.version_label,
        )
        .join(Competency, Competency.id == Rating.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .outerjoin(rater, rater.id == Rating.rated_by_id)
        .where(Rating.user_id == bindparam("user_id"))
    )
    if of_one:
        query = query.where(
            Competency.idnumber == bindparam("competency_idnumber"),
            Framework.idnumber == bindparam("framework_idnumber"),
        )
    return query.order_by(Rating.id.desc())


@cache
def _cited_titles() -> Select:
    return (
        select(rating_evidence.c.rating_id, Evidence.title)
        .join(Evidence, Evidence.id == rating_evidence.c.evidence_id)
        .where(rating_evidence.c.rating_id.in_(bindparam("ids", expanding=True)))
        .order_by(Evidence.id)
    )


@dataclass(frozen=True)
class EvidenceEntry(Validity):
    """A piece of evidence as the profile lists it (plain data), and whether a rating cites it."""

    id: int
    user_id: int
    added_by_id: int | None
    kind: EvidenceKind
    title: str
    details: dict
    occurred_on: date | None
    expires_on: date | None
    file_name: str | None
    stored_name: str | None
    is_cited: bool


def _entries(result) -> list[EvidenceEntry]:
    return [EvidenceEntry(*row) for row in result]


@cache
def _evidence() -> Select:
    cited = (
        select(rating_evidence.c.evidence_id)
        .where(rating_evidence.c.evidence_id == Evidence.id)
        .exists()
    )
    return (
        select(
            Evidence.id,
            Evidence.user_id,
            Evidence.added_by_id,
            Evidence.kind,
            Evidence.title,
            Evidence.details,
            Evidence.occurred_on,
            Evidence.expires_on,
            Evidence.file_name,
            Evidence.stored_name,
            cited.label("is_cited"),
        )
        .where(Evidence.user_id == bindparam("user_id"))
        .order_by(Evidence.id.desc())
    )


def all_evidence(person: User) -> list[EvidenceEntry]:
    return _entries(read(_evidence(), {"user_id": person.id}))


def evidence_page(person: User, page: int) -> Pagination:
    """That page of the person's evidence (EvidenceEntry), newest first."""
    return page_of(_evidence(), page, EVIDENCE_PER_PAGE, {"user_id": person.id}, rows=_entries)


def citable_evidence(person: User) -> list[tuple[int, str]]:
    """(id, title) of all the person's evidence, newest first: what a confirmation may cite."""
    return [tuple(row) for row in read(_citable(), {"user_id": person.id})]


@cache
def _citable() -> Select:
    return (
        select(Evidence.id, Evidence.title)
        .where(Evidence.user_id == bindparam("user_id"))
        .order_by(Evidence.id.desc())
    )

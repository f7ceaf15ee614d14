"""The SQL behind the competency reports: each function is one select() returned as a DataFrame.

A report runs a fixed handful of these whatever the size of the organisation; the arithmetic
(targets against confirmed levels, means, shares) happens in pandas (gaps.py, matrix.py,
heatmap.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, Select, and_, bindparam, case, func, literal, or_, select

from lms import reference
from lms.accounts.models import Department, User, UserRole
from lms.accounts.queries import department_tree
from lms.db import read
from lms.extensions import db
from lms.permissions import Role

from ..careers.models import CareerAssignment, CareerLevel, CareerTarget
from ..framework.models import Competency, Framework
from ..framework.queries import framework_in_use
from ..profiles.models import CurrentRating
from ..profiles.ratings import current_ratings

NO_CAREER_LEVEL = 0  # career_level_id filter: PMs with neither a current nor a next level


@dataclass(frozen=True)
class Filters:
    """Which PMs a report covers. `department_ids` None means every department."""

    department_ids: frozenset[int] | None = None
    career_level_id: int | None = None
    area_id: int | None = None
    exclude_user_id: int | None = None


def frame(statement: Select, params: dict | None = None, *, plain: bool = False) -> pd.DataFrame:
    """Run one select and return its rows, with its column names even when there are none.

    Plain tuples make the DataFrame ten times faster than SQLAlchemy rows (pandas probes each
    row for namedtuple fields), which matters with tens of thousands of ratings. `plain`: every
    column is a number or text, so the driver's own rows need no type processing and are taken
    as they come (a report over the whole organisation reads tens of thousands)."""
    # Core rows: no ORM row processing
    result = read(statement, params)
    try:
        rows = result.cursor.fetchall() if plain else list(map(tuple, result))
        return pd.DataFrame(rows, columns=list(result.keys()))
    finally:
        result.close()


def framework_competencies() -> list:
    """Every competency of the framework the profiles use when nobody has a career level: the
    framework in use (framework.queries.framework_in_use), in the framework's order (rows)."""
    newest = framework_in_use()
    return db.session.execute(
        select(
            Competency.id,
            Competency.framework_id,
            Framework.idnumber.label("framework_idnumber"),
            Competency.parent_id,
            Competency.idnumber,
            Competency.names,
            Competency.is_retired,
        )
        .join(Framework, Framework.id == Competency.framework_id)
        .where(Competency.framework_id == newest)
        .order_by(Competency.sort_order, Competency.id)
    ).all()


def targets(framework_id: int | None) -> pd.DataFrame:
    """Target level per career level and competency, for the career levels of the framework:
    read once per change of the career levels (lms.reference). Treat it as read-only."""
    if framework_id is None:
        return pd.DataFrame(columns=["aim_level_id", "competency_id", "target"])
    return reference.cached(("report_targets", framework_id), lambda: _targets(framework_id))


def _targets(framework_id: int) -> pd.DataFrame:
    query = (
        select(
            CareerTarget.career_level_id.label("aim_level_id"),
            CareerTarget.competency_id,
            CareerTarget.level.label("target"),
        )
        .join(CareerLevel, CareerLevel.id == CareerTarget.career_level_id)
        .where(CareerLevel.framework_id == framework_id)
    )
    return frame(query, plain=True)


def directed_department_ids(user) -> frozenset[int]:
    """The departments `user` directs and every department below them."""
    return frozenset(department_tree().directed_by(user.id))


def _scoped(query: Select, filters: Filters) -> Select:
    """Active PMs within the filters; `query` selects from users. The filters' values are
    bind parameters (`_params`), so a statement built for one shape of filters serves all."""
    query = query.join(UserRole, and_(UserRole.user_id == User.id, UserRole.role == str(Role.PM)))
    query = query.where(User.is_active.is_(True))
    if filters.department_ids is not None:
        query = query.where(User.department_id.in_(bindparam("department_ids", expanding=True)))
    if filters.career_level_id == NO_CAREER_LEVEL:
        query = query.where(User.id.not_in(select(CareerAssignment.user_id).where(_placed())))
    elif filters.career_level_id is not None:
        query = query.where(
            User.id.in_(
                select(CareerAssignment.user_id).where(
                    CareerAssignment.current_level_id == bindparam("career_level_id")
                )
            )
        )
    if filters.exclude_user_id is not None:
        query = query.where(User.id != bindparam("exclude_user_id"))
    return query


def _params(filters: Filters) -> dict:
    """The values of the filters' bind parameters in `_scoped`."""
    params: dict = {}
    if filters.department_ids is not None:
        params["department_ids"] = sorted(filters.department_ids)
    if filters.career_level_id not in (None, NO_CAREER_LEVEL):
        params["career_level_id"] = filters.career_level_id
    if filters.exclude_user_id is not None:
        params["exclude_user_id"] = filters.exclude_user_id
    return params


def _shape(filters: Filters) -> Filters:
    """What `_scoped` builds differently for: which filters are set (not their values)."""
    return Filters(
        department_ids=frozenset() if filters.department_ids is not None else None,
        career_level_id=filters.career_level_id
        if filters.career_level_id == NO_CAREER_LEVEL
        else (-1 if filters.career_level_id is not None else None),
        exclude_user_id=-1 if filters.exclude_user_id is not None else None,
    )


def count_people(filters: Filters) -> int:
    return read(_count_people(_shape(filters)), _params(filters)).scalar_one()


@lru_cache(maxsize=32)
def _count_people(shape: Filters) -> Select:
    return _scoped(select(func.count()).select_from(User), shape)


def _details() -> Select:
    """Each PM as a report row shows them: name, e-mail, department, career levels."""
    return (
        select(
            User.id.label("user_id"),
            User.name,
            User.email,
            User.department_id,
            Department.name.label("department"),
            CareerAssignment.current_level_id,
            CareerAssignment.next_level_id,
        )
        .outerjoin(Department, Department.id == User.department_id)
        .outerjoin(CareerAssignment, CareerAssignment.user_id == User.id)
    )


def people(filters: Filters) -> pd.DataFrame:
    """The PMs a report covers, by name, with their department and career levels."""
    return frame(_people(_shape(filters), False), _params(filters) | {"offset": 0}, plain=True)


def people_page(filters: Filters, offset: int, limit: int) -> list[dict]:
    """people() from `offset`, `limit` of them: a page's rows, as plain records."""
    params = _params(filters) | {"offset": offset, "limit": limit}
    return [dict(row) for row in read(_people(_shape(filters), True), params).mappings()]


@lru_cache(maxsize=64)
def _people(shape: Filters, limited: bool) -> Select:
    query = _details().order_by(User.name, User.id).offset(bindparam("offset"))
    if limited:
        query = query.limit(bindparam("limit"))
    return _scoped(query, shape)


def people_levels(filters: Filters) -> pd.DataFrame:
    """The PMs a report covers as numbers only (person, department, career levels), in no
    particular order: what a report over the whole organisation computes with. Names are read
    for the rows a page shows (people_details); their order comes from name_order."""
    query = select(
        User.id.label("user_id"),
        func.coalesce(User.department_id, -1).label("department_id"),
        func.coalesce(CareerAssignment.current_level_id, -1).label("current_level_id"),
        func.coalesce(CareerAssignment.next_level_id, -1).label("next_level_id"),
    ).outerjoin(CareerAssignment, CareerAssignment.user_id == User.id)
    people = integers_frame(_scoped(query, filters), _params(filters)).astype(float)
    return people.where(people >= 0)  # -1 stood for none: NaN


def name_order() -> pd.Index:
    """Everyone's id in name order, read from the name index alone: sorting ten thousand
    people by name in the query that also joins their roles and levels cost five times more."""
    result = read(select(User.id).order_by(User.name, User.id))
    try:
        return pd.Index(np.fromiter((row[0] for row in result.cursor), dtype=np.int64))
    finally:
        result.close()


def people_details(user_ids: list[int]) -> list[dict]:
    """people() for these PMs only, in the order given, as plain records."""
    rows = read(_details_of(), {"user_ids": list(user_ids)}).mappings()
    found = {row["user_id"]: dict(row) for row in rows}
    return [found[user_id] for user_id in user_ids]


@cache
def _details_of() -> Select:
    return _details().where(User.id.in_(bindparam("user_ids", expanding=True)))


# latest_confirmed's packing: level < POSITION, competency position < PERSON / POSITION
POSITION, PERSON = 1 << 8, 1 << 20


def integers(statement: Select, params: dict | None = None) -> np.ndarray:
    """A select of one integer column, never NULL, as a numpy array."""
    result = read(statement, params)
    try:
        return np.fromiter((row[0] for row in result.cursor), dtype=np.int64)
    finally:
        result.close()


def integers_frame(statement: Select, params: dict | None = None) -> pd.DataFrame:
    """A select of integer columns without NULLs as a DataFrame of int64, read straight into
    one numpy array (tens of thousands of rows, no Python object per value kept)."""
    result = read(statement, params)
    try:
        columns = list(result.keys())
        values = np.fromiter(chain.from_iterable(result.cursor), dtype=np.int64)
    finally:
        result.close()
    return pd.DataFrame(values.reshape(-1, len(columns)), columns=columns)


def _placed():
    """Someone has a career level to measure gaps against: a current or a next one (the aim)."""
    return or_(
        CareerAssignment.current_level_id.is_not(None), CareerAssignment.next_level_id.is_not(None)
    )


def placement_counts(filters: Filters) -> tuple[int, int]:
    """(PMs the filters cover, of them with no career level): one query."""
    query = _scoped(
        select(func.count(), func.count(CareerAssignment.user_id).filter(_placed()))
        .select_from(User)
        .outerjoin(CareerAssignment, CareerAssignment.user_id == User.id),
        filters,
    )
    total, with_level = read(query, _params(filters)).one()
    return total, total - with_level


def rated_people(filters: Filters) -> Select | None:
    """Whose levels a report over many people reads: everyone's for the whole organisation
    (gap_grid keeps the people covered), else those the filters cover (latest_confirmed)."""
    return None if filters == Filters() else people_ids(filters)


def people_ids(filters: Filters) -> Select:
    """The ids of the PMs `people(filters)` returns, as a subquery for other selects (the
    filters' values bound in it)."""
    return _scoped(select(User.id), filters).params(_params(filters))


@lru_cache(maxsize=32)
def _packed_levels(codes: tuple[str, ...], framework_idnumber: str) -> Select:
    """Each current confirmed rating of the framework as one whole number (person, position of
    the shown competency, level), worked out by the database: a report over the whole
    organisation reads tens of thousands, and one number per row costs half as much as three.
    Position 0 is a competency not shown, dropped by the caller: filtering on it in SQL would
    make SQLite probe every person x competency pair instead of reading each one's rows once.
    Built once per set of columns (its CASE has one branch per competency)."""
    position = case(
        {code: n for n, code in enumerate(codes, 1)},
        value=CurrentRating.competency_idnumber,
        else_=0,
    )
    # A 64-bit factor: PostgreSQL's integer would overflow past person 2,047 (a parameter,
    # not a CAST of every row, which SQLite would pay for on each of them)
    packed = (
        CurrentRating.user_id * literal(PERSON, BigInteger)
        + position * POSITION
        + CurrentRating.level
    )
    return current_ratings(framework_idnumber, confirmed=True).with_only_columns(packed)


@lru_cache(maxsize=32)
def _packed_levels_of(codes: tuple[str, ...], framework_idnumber: str) -> Select:
    """_packed_levels of the people in the `user_ids` parameter (a page of them)."""
    return _packed_levels(codes, framework_idnumber).where(
        CurrentRating.user_id.in_(bindparam("user_ids", expanding=True))
    )


LEVEL_COLUMNS = ("user_id", "competency_id", "confirmed")


def latest_confirmed(
    user_ids: Select | Iterable[int] | None, competencies: pd.DataFrame, framework_idnumber: str
) -> dict[str, np.ndarray]:
    """The current confirmed level (profiles.ratings: the newest confirmed rating, on any
    version of the framework) per person and shown competency; `competencies` is indexed by
    the shown competency's id with its id number in `code`. `user_ids` None reads everyone's
    (the organisation-wide reports, which keep the people they cover and drop the rest: asking
    the database to check each rating's person cost more than that). Arrays by column
    (LEVEL_COLUMNS), one entry per rating: tens of thousands need no frame around them."""
    shown = dict(zip(competencies.code.tolist(), competencies.index.tolist(), strict=True))
    if not shown:
        return {name: np.zeros(0, dtype=np.int64) for name in LEVEL_COLUMNS}
    codes = tuple(shown)
    if user_ids is None or isinstance(user_ids, Select):
        query = _packed_levels(codes, framework_idnumber)
        if user_ids is not None:
            query = query.where(CurrentRating.user_id.in_(user_ids))
        values = integers(query)
    else:
        people = {"user_ids": [int(u) for u in user_ids]}
        values = integers(_packed_levels_of(codes, framework_idnumber), people)
    positions = values % PERSON // POSITION
    keep = positions > 0
    ids = np.asarray([shown[code] for code in codes], dtype=np.int64)
    return {
        "user_id": values[keep] // PERSON,
        "competency_id": ids[positions[keep] - 1],
        "confirmed": values[keep] % POSITION,
    }

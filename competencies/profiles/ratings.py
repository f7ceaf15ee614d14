"""The one rule for "a person's level in a competency": the newest self rating and the newest
confirmed rating, across the versions of the framework (models.CurrentRating).

Every rating goes through `make_current`; everything that shows levels — the profile, the
director's "awaiting assessment" panel, the team matrix and the heatmap — starts from
`current_ratings`. Ratings are matched by the framework's id number *and* the competency's id
number: another framework that reuses an id number is another competency.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from lms.extensions import db

from ..framework.models import Competency, Framework
from .models import CurrentRating, Rating, RatingKind

KEY = ("user_id", "framework_idnumber", "competency_idnumber", "is_confirmed")


def make_current(rating: Rating) -> None:
    """Record `rating` as the newest of its kind for its person and competency, unless a newer
    one is recorded already (two confirmations committing in either order keep the later id:
    the conflict update only ever raises the rating id)."""
    values = {
        "framework_idnumber": rating.competency.framework.idnumber,
        "is_confirmed": rating.is_confirmed,
        "user_id": rating.user_id,
        "competency_idnumber": rating.competency.idnumber,
        "rating_id": rating.id,
        "level": rating.level,
    }
    dialect = db.session.get_bind().dialect.name
    upsert = (postgresql if dialect == "postgresql" else sqlite).insert(CurrentRating)
    statement = upsert.values(values).on_conflict_do_update(
        index_elements=list(KEY),
        set_={"rating_id": upsert.excluded.rating_id, "level": upsert.excluded.level},
        where=CurrentRating.rating_id < upsert.excluded.rating_id,
    )
    db.session.execute(statement)


def rebuild_current(user_ids: Iterable[int] | None = None) -> None:
    """Recompute the current ratings from the rating history (bulk loads: demo and benchmark
    data insert ratings without the services); all people, or only `user_ids`."""
    is_confirmed = (Rating.kind != RatingKind.SELF).label("is_confirmed")
    keys = (Rating.user_id, Framework.idnumber, Competency.idnumber, is_confirmed)
    history = (
        select(Rating)
        .join(Competency, Competency.id == Rating.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
    )
    stale = delete(CurrentRating)
    if user_ids is not None:
        ids = sorted(set(user_ids))
        history = history.where(Rating.user_id.in_(ids))
        stale = stale.where(CurrentRating.user_id.in_(ids))
    newest = history.with_only_columns(func.max(Rating.id)).group_by(*keys)
    db.session.execute(stale)
    db.session.execute(
        insert(CurrentRating).from_select(
            [*KEY, "rating_id", "level"],
            history.with_only_columns(*keys, Rating.id, Rating.level).where(Rating.id.in_(newest)),
        )
    )


def current_ratings(framework_idnumber: str, *, confirmed: bool | None = None) -> Select:
    """The one query: people's current ratings in the framework with this id number, as rows
    of CurrentRating (add `.where(CurrentRating.user_id ...)` to narrow it to people);
    `confirmed` True/False keeps only confirmed/self ratings."""
    query = select(CurrentRating).where(CurrentRating.framework_idnumber == framework_idnumber)
    if confirmed is not None:
        query = query.where(CurrentRating.is_confirmed.is_(confirmed))
    return query

"""People x competencies grids of target, confirmed level and gap, computed with pandas.

The rule is the profile's (profiles.queries.ProfileRow): target = the CareerTarget of the person's
aim (next level, else current level); confirmed = the newest non-self rating, 0 when none;
gap = max(target - confirmed, 0), and no gap at all where there is no target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lms.i18n import localized

from . import queries

GAP_CLASSES = ("cell-none", "cell-met", "cell-gap1", "cell-gap2")


@dataclass(frozen=True)
class Competencies:
    """The leaf competencies a report shows as columns, in the framework's order."""

    framework_id: int | None
    framework_idnumber: str | None
    leaves: pd.DataFrame  # index competency id; columns code, name, area_id, area

    @property
    def areas(self) -> list[tuple[int, str]]:
        unique = self.leaves.drop_duplicates("area_id")
        return list(zip(unique.area_id.tolist(), unique.area.tolist(), strict=True))

    def columns(self, area_id: int | None = None) -> pd.DataFrame:
        return self.leaves if area_id is None else self.leaves[self.leaves.area_id == area_id]


def load_competencies() -> Competencies:
    """One query: the leaves of the framework in use, each with its area (top ancestor; a
    competency at the top with nothing inside is its own area)."""
    rows = queries.framework_competencies()
    empty = pd.DataFrame(columns=["code", "name", "area_id", "area"])
    if rows.empty:
        return Competencies(None, None, empty)
    rows["parent_id"] = rows.parent_id.astype("Int64")
    parent_of = rows.set_index("id").parent_id
    is_leaf = ~rows.id.isin(rows.parent_id.dropna())  # a flat framework is all leaves
    leaves = rows[is_leaf & ~rows.is_retired.astype(bool)].set_index("id")
    area = leaves.parent_id.fillna(pd.Series(leaves.index, index=leaves.index, dtype="Int64"))
    while area.map(parent_of).notna().any():  # one step up the tree per pass, not per row
        above = area.map(parent_of)
        area = above.where(above.notna(), area)
    names = rows.set_index("id").names.map(localized)  # translatable data, per competency
    return Competencies(
        int(rows.framework_id.iloc[0]),
        str(rows.framework_idnumber.iloc[0]),
        pd.DataFrame(
            {
                "code": leaves.idnumber,
                "name": names.reindex(leaves.index),
                "area_id": area.astype(int),
                "area": names.reindex(area.astype(int)).to_numpy(),
            },
            index=leaves.index.rename("competency_id"),
        ),
    )


class ShowsColumns:
    """For templates: the competency columns as records, and the areas that group them."""

    columns: pd.DataFrame

    @property
    def column_list(self) -> list[dict]:
        return self.columns.reset_index().to_dict("records")

    @property
    def column_areas(self) -> list[tuple[str, int]]:
        """(area, number of its columns) in column order, for the grouped header row."""
        return list(self.columns.groupby("area", sort=False).size().items())


@dataclass(frozen=True)
class Grid:
    """Three people x competencies frames (index user_id, columns competency id)."""

    target: pd.DataFrame
    confirmed: pd.DataFrame
    gap: pd.DataFrame

    def take(self, positions) -> Grid:
        """The same grid with only (and in the order of) these row positions."""
        return Grid(*(frame.iloc[positions] for frame in (self.target, self.confirmed, self.gap)))

    @property
    def css(self) -> np.ndarray:
        """The colour class of each cell: no target grey, met green, 1 amber, 2 or more red."""
        gap = self.gap.to_numpy(dtype=float)
        return np.select(
            [np.isnan(gap), gap == 0, gap == 1], list(GAP_CLASSES[:3]), default=GAP_CLASSES[3]
        )


def aim_level_ids(people: pd.DataFrame) -> pd.Series:
    """The career level a person's targets come from: the next level, else the current one."""
    aim = people.next_level_id.astype("Float64").fillna(people.current_level_id.astype("Float64"))
    return aim.astype("Int64")


def gap_grid(
    people: pd.DataFrame, targets: pd.DataFrame, ratings: pd.DataFrame, columns: pd.Index
) -> Grid:
    """Targets by aim level and confirmed levels by person, aligned on one people x columns grid.

    Filled by position with numpy (no pivots): a report over the whole organisation builds
    tens of thousands of cells."""
    users = pd.Index(people.user_id.to_numpy(dtype=np.int64), name="user_id")
    shape = (len(users), len(columns))
    target, confirmed = np.full(shape, np.nan), np.full(shape, np.nan)
    if len(targets) and len(users):
        levels = pd.Index(targets.aim_level_id.to_numpy(dtype=np.int64)).unique()
        by_level = np.full((len(levels), len(columns)), np.nan)
        rows = levels.get_indexer(targets.aim_level_id.to_numpy(dtype=np.int64))
        cols = columns.get_indexer(targets.competency_id.to_numpy(dtype=np.int64))
        keep = cols >= 0
        by_level[rows[keep], cols[keep]] = targets.target.to_numpy(dtype=float)[keep]
        aims = aim_level_ids(people).to_numpy(dtype="float64", na_value=np.nan)
        person_level = levels.get_indexer(np.nan_to_num(aims, nan=-1).astype(np.int64))
        placed = person_level >= 0
        target[placed] = by_level[person_level[placed]]
    if len(ratings) and len(users):
        rows = users.get_indexer(ratings.user_id.to_numpy(dtype=np.int64))
        cols = columns.get_indexer(ratings.competency_id.to_numpy(dtype=np.int64))
        keep = (rows >= 0) & (cols >= 0)
        confirmed[rows[keep], cols[keep]] = ratings.confirmed.to_numpy(dtype=float)[keep]
    gap = np.clip(target - np.nan_to_num(confirmed), 0, None)  # NaN stays NaN: no target, no gap
    frames = (
        pd.DataFrame(values, index=users, columns=columns) for values in (target, confirmed, gap)
    )
    return Grid(*frames)

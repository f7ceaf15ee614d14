"""People x competencies grids of target, confirmed level and gap, computed with numpy.

The rule is the profile's (profiles.profile.ProfileRow): target = the CareerTarget of the
person's aim (next level, else current level); confirmed = the current confirmed rating
(profiles.ratings), 0 when none; gap = max(target - confirmed, 0), and no gap at all where there
is no target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from markupsafe import Markup, escape

from lms import reference
from lms.i18n import locale_code, localized

from . import queries

GAP_CLASSES = ("cell-none", "cell-met", "cell-gap1", "cell-gap2")


@dataclass(frozen=True)
class Columns:
    """The competency columns a report shows: as a frame (index competency id; code, name,
    area_id, area), as records for templates, and the areas that group their headers."""

    frame: pd.DataFrame
    records: list[dict]
    areas: list[tuple[str, int]]  # (area, number of its columns) in column order

    # The same on every page until the framework changes: HTML worked out once (only names and
    # id numbers, escaped).
    @cached_property
    def area_heads(self) -> Markup:
        """The header cells of the areas, each over its columns."""
        return Markup(
            "".join(
                f'<th scope="colgroup" colspan="{span}" class="area-head">{escape(area)}</th>'
                for area, span in self.areas
            )
        )

    @cached_property
    def code_heads(self) -> Markup:
        """A header cell per column: its id number, the full name on hover."""
        return Markup(
            "".join(
                f'<th scope="col" class="code-head"><abbr title="{escape(c["name"])}">'
                f"{escape(c['code'])}</abbr></th>"
                for c in self.records
            )
        )

    @cached_property
    def key_items(self) -> Markup:
        """The key below a report: each id number and its name."""
        return Markup(
            "".join(
                f'<dt class="col-4 col-sm-2 col-lg-1 fw-semibold">{escape(c["code"])}</dt>'
                f'<dd class="col-8 col-sm-4 col-lg-3 mb-1">{escape(c["name"])}</dd>'
                for c in self.records
            )
        )


@dataclass(frozen=True)
class Competencies:
    """The leaf competencies a report shows as columns, in the framework's order. Kept per
    process (load_competencies), so the columns of each area are worked out once too."""

    framework_id: int | None
    framework_idnumber: str | None
    leaves: pd.DataFrame  # index competency id; columns code, name, area_id, area
    _shown: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def areas(self) -> list[tuple[int, str]]:
        """(area id, name) in the framework's order, for the filters: worked out once."""
        unique = self.leaves.drop_duplicates("area_id")
        return list(zip(unique.area_id.tolist(), unique.area.tolist(), strict=True))

    def columns(self, area_id: int | None = None) -> pd.DataFrame:
        return self.shown(area_id).frame

    def shown(self, area_id: int | None = None) -> Columns:
        """The columns of every area, or of one."""
        if area_id not in self._shown:
            leaves = self.leaves
            frame = leaves if area_id is None else leaves[leaves.area_id == area_id]
            self._shown[area_id] = Columns(
                frame,
                frame.reset_index().to_dict("records"),
                list(frame.groupby("area", sort=False).size().items()),
            )
        return self._shown[area_id]


def load_competencies() -> Competencies:
    """The leaves of the framework in use, each with its area (top ancestor; a competency at
    the top with nothing inside is its own area), in the reader's language: worked out once
    per change of the frameworks (lms.reference). Treat it as read-only."""
    return reference.cached(("report_competencies", locale_code()), _load_competencies)


def _load_competencies() -> Competencies:
    """One query; some thirty rows, walked in plain Python (quicker than pandas at this size)."""
    rows = queries.framework_competencies()
    empty = pd.DataFrame(columns=["code", "name", "area_id", "area"])
    if not rows:
        return Competencies(None, None, empty)
    parent = {row.id: row.parent_id for row in rows}
    inside = set(parent.values())  # a flat framework is all leaves
    names = {row.id: localized(row.names) for row in rows}  # translatable data

    def area_of(competency_id: int) -> int:
        while parent[competency_id] is not None:
            competency_id = parent[competency_id]
        return competency_id

    leaves = [row for row in rows if row.id not in inside and not row.is_retired]
    areas = [area_of(row.id) for row in leaves]
    return Competencies(
        int(rows[0].framework_id),
        str(rows[0].framework_idnumber),
        pd.DataFrame(
            {
                "code": [row.idnumber for row in leaves],
                "name": [names[row.id] for row in leaves],
                "area_id": areas,
                "area": [names[area] for area in areas],
            },
            index=pd.Index([row.id for row in leaves], name="competency_id"),
        ),
    )


class ShowsColumns:
    """A report over competency columns (`shown`: their frame, and their header and key cells
    for templates)."""

    shown: Columns

    @property
    def columns(self) -> pd.DataFrame:
        return self.shown.frame


@dataclass(frozen=True)
class Grid:
    """Three people x competencies arrays of floats, NaN where there is none (no target, never
    confirmed); rows are `users`, columns the competency ids `columns`."""

    users: pd.Index
    columns: pd.Index
    target: np.ndarray
    confirmed: np.ndarray
    gap: np.ndarray

    def take(self, positions) -> Grid:
        """The same grid with only (and in the order of) these row positions."""
        return Grid(
            self.users[positions],
            self.columns,
            *(values[positions] for values in (self.target, self.confirmed, self.gap)),
        )

    def frame(self, name: str) -> pd.DataFrame:
        """One of the arrays as a DataFrame (index user_id, columns competency id)."""
        return pd.DataFrame(getattr(self, name), index=self.users, columns=self.columns)

    @property
    def below(self) -> np.ndarray:
        """How many competencies each person is below target in."""
        return (self.gap > 0).sum(axis=1)

    @property
    def css(self) -> np.ndarray:
        """The colour class of each cell: no target grey, met green, 1 amber, 2 or more red."""
        gap = self.gap
        return np.select(
            [np.isnan(gap), gap == 0, gap == 1], list(GAP_CLASSES[:3]), default=GAP_CLASSES[3]
        )


Table = pd.DataFrame | dict[str, np.ndarray]  # columns by name: a frame, or arrays


def _column(table: Table, name: str, dtype) -> np.ndarray:
    return np.asarray(table[name], dtype=dtype)


def _length(table: Table) -> int:
    return len(table) if isinstance(table, pd.DataFrame) else len(next(iter(table.values()), ()))


_BY_LEVEL: dict[tuple[int, int], tuple] = {}  # (targets, columns) -> their layout


def _by_level(targets: Table, columns: pd.Index) -> tuple[pd.Index, np.ndarray]:
    """(career level ids, their target per column), worked out once for a frame of targets the
    reports keep per process (queries.targets) and a set of columns that is kept too (gaps.
    Columns); both are held with the result, so their ids stay theirs. Read-only."""
    key = (id(targets), id(columns))
    found = _BY_LEVEL.get(key)
    if found is not None and found[0] is targets and found[1] is columns:
        return found[2], found[3]
    aim_levels = _column(targets, "aim_level_id", np.int64)
    levels = pd.Index(aim_levels).unique()
    by_level = np.full((len(levels), len(columns)), np.nan)
    rows = levels.get_indexer(aim_levels)
    cols = columns.get_indexer(_column(targets, "competency_id", np.int64))
    keep = cols >= 0
    by_level[rows[keep], cols[keep]] = _column(targets, "target", float)[keep]
    if len(_BY_LEVEL) >= 64:
        _BY_LEVEL.clear()
    _BY_LEVEL[key] = (targets, columns, levels, by_level)
    return levels, by_level


def gap_grid(people: Table, targets: Table, ratings: Table, columns: pd.Index) -> Grid:
    """Targets by aim level and confirmed levels by person, aligned on one people x columns grid.
    `people` has user_id, current_level_id and next_level_id (NaN or None for none); `targets`
    aim_level_id, competency_id and target; `ratings` user_id, competency_id and confirmed: as
    DataFrames or as arrays by column name (a page's few rows need no frame).

    Filled by position with numpy (no pivots): a report over the whole organisation builds
    tens of thousands of cells."""
    users = pd.Index(_column(people, "user_id", np.int64), name="user_id")
    shape = (len(users), len(columns))
    target, confirmed = np.full(shape, np.nan), np.full(shape, np.nan)
    if _length(targets) and len(users):
        levels, by_level = _by_level(targets, columns)
        current = _column(people, "current_level_id", float)
        aims = _column(people, "next_level_id", float)
        aims = np.where(np.isnan(aims), current, aims)  # the aim: next level, else current
        person_level = levels.get_indexer(np.nan_to_num(aims, nan=-1).astype(np.int64))
        placed = person_level >= 0
        target[placed] = by_level[person_level[placed]]
    if _length(ratings) and len(users):
        rows = users.get_indexer(_column(ratings, "user_id", np.int64))
        cols = columns.get_indexer(_column(ratings, "competency_id", np.int64))
        keep = (rows >= 0) & (cols >= 0)
        confirmed[rows[keep], cols[keep]] = _column(ratings, "confirmed", float)[keep]
    gap = np.clip(target - np.nan_to_num(confirmed), 0, None)  # NaN stays NaN: no target, no gap
    return Grid(users, columns, target, confirmed, gap)

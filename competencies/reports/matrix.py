"""The team matrix: each PM's confirmed level and gap per competency, a page at a time or whole."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from . import queries
from .gaps import Competencies, Grid, ShowsColumns, gap_grid

PER_PAGE = 50
SORTS = ("name", "gaps")  # by name; most competencies below target first (ties by name)


class FramePage(Pagination):
    """The shared pagination (macro and all) over the rows of a DataFrame already loaded."""

    def _query_items(self) -> list[dict]:
        rows: pd.DataFrame = self._query_args["frame"]
        return rows.iloc[self._query_offset : self._query_offset + self.per_page].to_dict("records")

    def _query_count(self) -> int:
        return len(self._query_args["frame"])


@dataclass
class TeamMatrix(ShowsColumns):
    columns: pd.DataFrame  # the competencies shown (code, name, area_id, area)
    page: FramePage
    rows: list[dict] = field(default_factory=list)  # one per person: details and `cells`
    has_targets: bool = False


def _level_names(people: pd.DataFrame, levels) -> tuple[pd.Series, pd.Series]:
    names = pd.Series({level.id: level.name for level in levels}, dtype=object)
    current = people.current_level_id.astype("Int64").map(names)
    aim = people.next_level_id.astype("Int64").map(names)
    return current, aim


def _whole_numbers(frame: pd.DataFrame) -> list[list[int | None]]:
    values = frame.to_numpy(dtype=float)
    numbers = np.nan_to_num(values).astype(int).astype(object)
    numbers[np.isnan(values)] = None
    return numbers.tolist()


def _cells(grid: Grid) -> list[list[tuple]]:
    """(confirmed or None, gap or None, css class) per person and competency, for the template."""
    return [
        list(zip(c, g, k, strict=True))
        for c, g, k in zip(
            _whole_numbers(grid.confirmed), _whole_numbers(grid.gap), grid.css.tolist(), strict=True
        )
    ]


def _gaps_first(grid: Grid) -> np.ndarray:
    """Row positions, most competencies below target first; the name order stays among equals."""
    return np.argsort(-(grid.gap > 0).sum(axis=1).to_numpy(), kind="stable")


def team_matrix(
    filters: queries.Filters, competencies: Competencies, levels, page: int = 1, sort: str = "name"
) -> TeamMatrix:
    """One page of PMs with their cells. By name, ratings are read for that page only; by gaps
    the order needs everyone's, read in one query as the heatmap does."""
    people = queries.people(filters)
    columns = competencies.columns(filters.area_id)
    targets = queries.targets(competencies.framework_id)
    whole = None
    if sort == "gaps":
        ratings = queries.latest_confirmed(
            queries.people_ids(filters), columns, competencies.framework_idnumber
        )
        whole = gap_grid(people, targets, ratings, columns.index)
        order = _gaps_first(whole)
        people, whole = people.iloc[order], whole.take(order)
    last = max(1, -(-len(people) // PER_PAGE))  # a page past the end shows the last one
    pagination = FramePage(
        page=min(page, last),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
        error_out=False,
        frame=people,
    )
    start = (pagination.page - 1) * PER_PAGE
    shown = people.iloc[start : start + PER_PAGE]
    if whole is not None:
        grid = whole.take(slice(start, start + PER_PAGE))
    else:
        ratings = queries.latest_confirmed(
            shown.user_id.tolist(), columns, competencies.framework_idnumber
        )
        grid = gap_grid(shown, targets, ratings, columns.index)
    current, aim = _level_names(shown, levels)
    details = shown.assign(level=current, aim=aim, below=(grid.gap > 0).sum(axis=1).to_numpy())
    details = details.astype(object).where(details.notna(), None).to_dict("records")
    rows = [{**d, "cells": cells} for d, cells in zip(details, _cells(grid), strict=True)]
    return TeamMatrix(columns, pagination, rows, bool(grid.target.notna().to_numpy().any()))


def team_table(
    filters: queries.Filters, competencies: Competencies, levels, sort: str = "name"
) -> pd.DataFrame:
    """Every PM the filters cover, one row each, in the page's order, for CSV/XLSX: details, then
    confirmed level and gap per competency (gap empty where there is no target, confirmed empty
    where never rated)."""
    people = queries.people(filters)
    columns = competencies.columns(filters.area_id)
    ratings = queries.latest_confirmed(
        queries.people_ids(filters), columns, competencies.framework_idnumber
    )
    grid = gap_grid(people, queries.targets(competencies.framework_id), ratings, columns.index)
    if sort == "gaps":
        order = _gaps_first(grid)
        people, grid = people.iloc[order].reset_index(drop=True), grid.take(order)
    current, aim = _level_names(people, levels)
    details = pd.DataFrame(
        {
            _("Name"): people.name,
            _("E-mail"): people.email,
            _("Department"): people.department,
            _("Career level"): current,
            _("Aiming for"): aim,
            _("Competencies below target"): (grid.gap > 0).sum(axis=1).to_numpy(),
        }
    )
    labels = columns.code + " " + columns.name
    levels_and_gaps = pd.concat(
        {_("confirmed"): grid.confirmed.astype("Int64"), _("gap"): grid.gap.astype("Int64")},
        axis=1,
    ).swaplevel(axis=1)
    levels_and_gaps = levels_and_gaps.reindex(
        columns=pd.MultiIndex.from_product([columns.index, [_("confirmed"), _("gap")]])
    )
    levels_and_gaps.columns = [
        f"{labels[competency]} · {kind}" for competency, kind in levels_and_gaps.columns
    ]
    return pd.concat([details, levels_and_gaps.reset_index(drop=True)], axis=1)

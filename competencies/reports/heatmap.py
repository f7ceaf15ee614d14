"""The organisation heatmap: per department and competency, the mean gap of its PMs or the share
of them below target. Only PMs with a target (a career level) count; each department counts its
own PMs, and a total row sums up every department shown."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from . import queries
from .gaps import Competencies, ShowsColumns, gap_grid

METRICS = {"mean_gap": _l("Mean gap"), "share_below": _l("Share of PMs below target")}
DEFAULT_METRIC = "mean_gap"
# Upper edges of the colour steps heat-1 ... heat-4 (0 exactly is heat-0, "met")
EDGES = {"mean_gap": [0, 0.5, 1, 2], "share_below": [0, 0.25, 0.5, 0.75]}
NO_DEPARTMENT = 0


@dataclass
class Heatmap(ShowsColumns):
    metric: str
    columns: pd.DataFrame  # the competencies shown (code, name, area_id, area)
    rows: pd.DataFrame  # index department id: department, pms, with_target, then one per column
    total: pd.Series  # the same fields over every department shown

    @property
    def has_targets(self) -> bool:
        return bool(self.total["with_target"])

    @property
    def edges(self) -> list[float]:
        return EDGES[self.metric]

    @property
    def table_rows(self) -> list[dict]:
        """For the template: each department, then the total, with (value, css) per column."""
        frame = pd.concat([self.rows, self.total.to_frame().T])
        values = frame[list(self.columns.index)].astype(float)
        shown = values.astype(object).where(values.notna(), None).to_numpy().tolist()
        css = self.css(values)
        details = frame[["department", "pms", "with_target"]].to_dict("records")
        ids = [*self.rows.index.tolist(), None]  # None: the total row
        html = self._cells_html(values.to_numpy(dtype=float), css)
        return [
            {**d, "id": i, "is_total": i is None, "cells": list(zip(v, c, strict=True)), "html": h}
            for d, i, v, c, h in zip(details, ids, shown, css.tolist(), html, strict=True)
        ]

    def _cells_html(self, numbers: np.ndarray, css: np.ndarray) -> list[Markup]:
        """Each row's cells as HTML (two hundred departments x thirty competencies are too
        many cells for a template loop): numbers and class names only."""
        share = self.metric == "share_below"

        def cell(value: float, css: str) -> str:
            if value != value:  # NaN: nobody with a target
                text = "–"
            else:
                text = f"{int(value * 100 + 0.5)}%" if share else f"{value:.1f}"
            return f'<td class="cell {css}">{text}</td>'

        rows = zip(numbers.tolist(), css.tolist(), strict=True)
        return [Markup("".join(map(cell, *row))) for row in rows]

    def css(self, values: pd.DataFrame) -> np.ndarray:
        """heat-0 (none below) ... heat-4 (worst), heat-none where nobody has a target."""
        numbers = values.to_numpy(dtype=float)
        steps = np.searchsorted(EDGES[self.metric], np.nan_to_num(numbers), side="left")
        return np.where(np.isnan(numbers), "heat-none", np.char.add("heat-", steps.astype(str)))


def organisation_heatmap(
    filters: queries.Filters, competencies: Competencies, metric: str = DEFAULT_METRIC
) -> Heatmap:
    """A handful of queries (people, their levels, targets, department names; the framework
    comes in), then numpy and pandas."""
    metric = metric if metric in METRICS else DEFAULT_METRIC
    people = queries.people_levels(filters)
    columns = competencies.columns(filters.area_id)
    ratings = queries.latest_confirmed(
        queries.rated_people(filters), columns, competencies.framework_idnumber
    )
    grid = gap_grid(people, queries.targets(competencies.framework_id), ratings, columns.index)
    department = people.department_id.fillna(NO_DEPARTMENT).astype(int).to_numpy()
    has_target = grid.gap.notna()
    below = grid.gap > 0
    if metric == "mean_gap":
        values, total = grid.gap.groupby(department).mean(), grid.gap.mean()
    else:
        values = below.groupby(department).sum() / has_target.groupby(department).sum()
        total = below.sum() / has_target.sum()
    summary = pd.DataFrame(
        {"pms": 1, "with_target": has_target.any(axis=1).to_numpy().astype(int)},
        index=department,
    )
    summary = summary.groupby(level=0).agg(pms=("pms", "sum"), with_target=("with_target", "sum"))
    names = queries.department_names(summary.index)
    summary.insert(
        0, "department", [names.get(i, _("No department")) for i in summary.index.tolist()]
    )
    rows = summary.join(values.astype(float)).sort_values("department", kind="stable")
    totals = pd.concat(
        [
            pd.Series({"department": _("All departments shown"), "pms": len(people)}),
            pd.Series({"with_target": int(summary.with_target.sum())}),
            total.astype(float),
        ]
    )
    return Heatmap(metric, columns, rows, totals)


def heatmap_table(heatmap: Heatmap) -> pd.DataFrame:
    """The heatmap as a spreadsheet: departments, head counts, then the metric per competency
    (mean gap to two decimals, or the share below target in per cent)."""
    rows = pd.concat([heatmap.rows, heatmap.total.to_frame().T])
    values = rows[list(heatmap.columns.index)].astype(float)
    values = (values * 100).round(1) if heatmap.metric == "share_below" else values.round(2)
    unit = " (%)" if heatmap.metric == "share_below" else ""
    values.columns = (heatmap.columns.code + " " + heatmap.columns.name + unit).tolist()
    details = pd.DataFrame(
        {
            _("Department"): rows.department.to_numpy(),
            _("PMs"): rows.pms.astype(int).to_numpy(),
            _("PMs with a career level"): rows.with_target.astype(int).to_numpy(),
        }
    )
    return pd.concat([details, values.reset_index(drop=True)], axis=1)

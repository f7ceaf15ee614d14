"""The organisation heatmap: per department and competency, the mean gap of its PMs or the share
of them below target. Only PMs with a target (a career level) count; each department counts its
own PMs, and a total row sums up every department shown."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from flask_babel import gettext as _
from markupsafe import Markup, escape

from lms.accounts.queries import department_tree
from lms.i18n import lazy_gettext as _l

from . import queries
from .gaps import Columns, Competencies, ShowsColumns, gap_grid

METRICS = {"mean_gap": _l("Mean gap"), "share_below": _l("Share of PMs below target")}
DEFAULT_METRIC = "mean_gap"
# Upper edges of the colour steps heat-1 ... heat-4 (0 exactly is heat-0, "met")
EDGES = {"mean_gap": [0, 0.5, 1, 2], "share_below": [0, 0.25, 0.5, 0.75]}
NO_DEPARTMENT = 0


@dataclass
class Heatmap(ShowsColumns):
    metric: str
    shown: Columns  # the competencies shown
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
        """For the template: each department, then the total, with its cells as HTML."""
        frame = pd.concat([self.rows, self.total.to_frame().T])
        values = frame[list(self.columns.index)].to_numpy(dtype=float)
        details = frame[["department", "pms", "with_target"]].to_dict("records")
        ids = [*self.rows.index.tolist(), None]  # None: the total row
        html = self._cells_html(values, self.css(values))
        return [
            {**d, "id": i, "is_total": i is None, "html": h}
            for d, i, h in zip(details, ids, html, strict=True)
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

    def css(self, values) -> np.ndarray:
        """heat-0 (none below) ... heat-4 (worst), heat-none where nobody has a target."""
        numbers = np.asarray(values, dtype=float)
        steps = np.searchsorted(EDGES[self.metric], np.nan_to_num(numbers), side="left")
        return np.where(np.isnan(numbers), "heat-none", np.char.add("heat-", steps.astype(str)))


def heat_row(row: dict, team_url: str) -> Markup:
    """One department's row (a Jinja global), or the total's: its name (linking to its team
    matrix), PMs with a career level of all its PMs, then its cells. Two hundred departments:
    a template loop cost as much as the report's arithmetic."""
    total = row["is_total"]
    name = escape(row["department"])
    if not total and row["id"]:
        name = Markup(f'<a href="{escape(team_url)}{escape(row["id"])}">{name}</a>')
    opening = '<tr class="total-row">' if total else f'<tr data-department="{escape(row["id"])}">'
    weight = "" if total else " fw-normal"
    return Markup(
        f'{opening}<th scope="row" class="sticky-col{weight}">{name}</th>'
        f'<td class="text-center count-cell">{escape(row["with_target"])}'
        f'<span class="text-body-secondary">/{escape(row["pms"])}</span></td>{row["html"]}</tr>'
    )


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
    gap = grid.gap
    sums = _by_department(department, gap)  # department ids sorted; one row per department
    ids = sums.pop("ids")
    with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0: nobody with a target, NaN
        if metric == "mean_gap":
            values = sums["gap"] / sums["with_target"]
            total = np.nansum(gap, axis=0) / (~np.isnan(gap)).sum(axis=0)
        else:
            values = sums["below"] / sums["with_target"]
            total = (gap > 0).sum(axis=0) / (~np.isnan(gap)).sum(axis=0)
    names = dict(department_tree().by_name)
    rows = pd.DataFrame(
        {
            "department": [names.get(i, _("No department")) for i in ids.tolist()],
            "pms": sums["pms"],
            "with_target": sums["people_with_target"],
        },
        index=ids,
    )
    rows = pd.concat([rows, pd.DataFrame(values, index=ids, columns=columns.index)], axis=1)
    rows = rows.sort_values("department", kind="stable")
    totals = pd.concat(
        [
            pd.Series({"department": _("All departments shown"), "pms": len(people)}),
            pd.Series({"with_target": int(sums["people_with_target"].sum())}),
            pd.Series(total, index=columns.index, dtype=float),
        ]
    )
    return Heatmap(metric, competencies.shown(filters.area_id), rows, totals)


def _by_department(department: np.ndarray, gap: np.ndarray) -> dict[str, np.ndarray]:
    """Per department (ids sorted): head count, PMs with a target, and per competency the sum
    of gaps, the PMs below target and the PMs with a target; rows summed where they sit side
    by side once sorted (numpy's reduceat), not group by group."""
    order = np.argsort(department, kind="stable")
    ordered, gap = department[order], gap[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else []
    has_target = ~np.isnan(gap)

    def summed(values: np.ndarray) -> np.ndarray:
        if not len(ordered):
            return np.zeros((0, *values.shape[1:]))
        return np.add.reduceat(values, starts, axis=0)

    return {
        "ids": ordered[starts] if len(ordered) else np.zeros(0, dtype=int),
        "pms": summed(np.ones(len(ordered), dtype=int)),
        "people_with_target": summed(has_target.any(axis=1).astype(int)),
        "gap": summed(np.nan_to_num(gap)),
        "below": summed((gap > 0).astype(int)),
        "with_target": summed(has_target.astype(int)).astype(float),
    }


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

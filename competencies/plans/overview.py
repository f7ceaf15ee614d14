"""The organisation overview's figures for HR and the PMO: plans by department and status, who
has a career level but no open plan, approval lead times. Worked out in SQL over every plan
(tens of milliseconds at 5,000 plans) and kept per process for PLAN_OVERVIEW_SECONDS, so the
page reads them back while people look and compare; the page says when they were worked out and
offers to work them out again."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import pandas as pd
from flask import current_app
from markupsafe import Markup, escape

from lms.clock import utcnow
from lms.i18n import gettext as _
from lms.i18n import locale_code
from lms.kept import kept

from . import queries
from .models import Capacity, PlanState

STATES = [str(state) for state in PlanState]
CAPACITIES = [str(capacity) for capacity in Capacity]


@dataclass
class OverviewFigures:
    counts: list[tuple[str | None, str, int]]  # (department, state, plans)
    missing: list[tuple[int, str, str | None]]  # (person id, name, department)
    lead_times: list[tuple[str, str | None, int, float]]
    computed_at: datetime

    @cached_property
    def table(self) -> list[tuple[str, list[int], int]]:
        """(department, plans per state in STATES order, total) per department, as shown."""
        frame = self.by_department()
        return [
            (name, [int(v) for v in values[:-1]], int(values[-1]))
            for name, values in zip(frame.index, frame.to_numpy().tolist(), strict=True)
        ]

    def table_html(self) -> Markup:
        """The table's body rows, built once per language (two hundred departments of eight
        numbers cost a template loop more than the rest of the page)."""
        code = locale_code()
        found = self._rows_html.get(code)
        if found is None:
            found = self._rows_html[code] = Markup("").join(map(self._row_html, self.table))
        return found

    def _row_html(self, row: tuple[str, list[int], int]) -> Markup:
        name, counts, total = row
        cell = Markup('<td class="text-end">{}</td>')
        days = [_days(self._lead.get((c, name))) for c in CAPACITIES]
        return Markup(
            '<tr><th scope="row">{}</th>{}<td class="text-end fw-semibold">{}</td>{}</tr>'
        ).format(
            name,
            Markup("").join(cell.format(c) for c in counts),
            total,
            Markup("").join(cell.format(d) for d in days),
        )

    @cached_property
    def _lead(self) -> dict:
        return {(capacity, dept or "—"): (n, days) for capacity, dept, n, days in self.lead_times}

    @cached_property
    def lead_overall(self) -> dict[str, tuple[int, float]]:
        """Per approver role: (decisions, average days) over the whole organisation."""
        found = {}
        for capacity in CAPACITIES:
            rows = [(n, days) for (c, _d), (n, days) in self._lead.items() if c == capacity]
            decisions = sum(n for n, _days in rows)
            average = sum(n * d for n, d in rows) / decisions if decisions else 0.0
            found[capacity] = (decisions, average)
        return found

    @cached_property
    def _rows_html(self) -> dict:
        return {}

    @cached_property
    def chart_attribute(self) -> Markup:
        """The chart's data as an attribute value (the page's script reads it)."""
        return Markup(escape(json.dumps(self.chart, ensure_ascii=False)))

    @cached_property
    def chart(self) -> dict:
        columns = list(zip(*(counts for _name, counts, _total in self.table), strict=True))
        return {
            "labels": [name for name, _counts, _total in self.table],
            "series": [
                {"state": state, "values": list(values)}
                for state, values in zip(STATES, columns, strict=True)
                if sum(values)
            ],
        }

    def by_department(self) -> pd.DataFrame:
        """Plans per department (rows) and state (columns, every state), with a total."""
        department = _("Department")
        table: dict[str, dict[str, int]] = {}
        for name, state, count in self.counts:
            row = table.setdefault(name or "—", dict.fromkeys(STATES, 0))
            row[state] += count
        frame = pd.DataFrame.from_dict(table, orient="index", columns=STATES, dtype="int64")
        frame.index.name = department
        frame["total"] = frame.sum(axis=1)
        return frame


def _days(found: tuple[int, float] | None) -> str:
    return f"{found[1]:.1f}" if found else "—"


def overview_figures(*, fresh: bool = False) -> OverviewFigures:
    """The figures, worked out again when `fresh`, older than PLAN_OVERVIEW_SECONDS, or not
    yet worked out in this process."""
    return kept(
        "plan_overview",
        current_app.config.get("PLAN_OVERVIEW_SECONDS", 60),
        lambda: OverviewFigures(
            counts=queries.plans_by_department(),
            missing=queries.missing_plans(),
            lead_times=queries.approval_lead_times(),
            computed_at=utcnow(),
        ),
        fresh=fresh,
    )

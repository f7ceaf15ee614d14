"""The team matrix: each PM's confirmed level and gap per competency, a page at a time or whole."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from flask_babel import gettext as _
from markupsafe import Markup, escape

from lms.web.pagination import CountedPage, last_page_for

from . import queries
from .gaps import Columns, Competencies, Grid, ShowsColumns, gap_grid

PER_PAGE = 25  # like every list of the site: 25 people x 30 competencies is a full screen
SORTS = ("name", "gaps")  # by name; most competencies below target first (ties by name)


@dataclass
class TeamMatrix(ShowsColumns):
    shown: Columns  # the competencies shown
    page: CountedPage
    rows: list[dict] = field(default_factory=list)  # one per person: details and `cells`
    has_targets: bool = False


def _level_names(people: pd.DataFrame, levels) -> tuple[pd.Series, pd.Series]:
    names = pd.Series({level.id: level.name for level in levels}, dtype=object)
    current = people.current_level_id.astype("Int64").map(names)
    aim = people.next_level_id.astype("Int64").map(names)
    return current, aim


def _details(people: list[dict], grid: Grid, levels) -> list[dict]:
    """Each person shown with the names of their career levels and how many competencies they
    are below target in. A page of rows: plain Python."""
    names = {level.id: level.name for level in levels}
    return [
        {
            **person,
            "level": names.get(person["current_level_id"]),
            "aim": names.get(person["next_level_id"]),
            "below": count,
        }
        for person, count in zip(people, grid.below.tolist(), strict=True)
    ]


def _levels_of(people: list[dict]) -> dict[str, list]:
    """What gap_grid reads of a page's people, by column."""
    return {
        name: [person[name] for person in people]
        for name in ("user_id", "current_level_id", "next_level_id")
    }


UNRATED = '<span class="unrated">–</span>'


def _cell_html(confirmed: float, gap: float, css: str) -> str:
    shown = UNRATED if confirmed != confirmed else int(confirmed)  # NaN: never confirmed
    below = f'<span class="gap-value">−{int(gap)}</span>' if gap > 0 else ""
    return f'<td class="cell {css}">{shown}{below}</td>'


def _cells_html(grid: Grid) -> list[Markup]:
    """Each person's row of cells as HTML: a page of people x 30 competencies is too many
    cells for a template loop. Only numbers and fixed class names go in."""
    rows = zip(
        grid.confirmed.tolist(),
        grid.gap.tolist(),
        grid.css.tolist(),
        strict=True,
    )
    return [Markup("".join(map(_cell_html, *row))) for row in rows]


def team_row(row: dict, profile_url) -> Markup:
    """One PM's row of the page (a Jinja global): their name linking to their profile, their
    department and career level, how many competencies they are below target in, then their
    cells. A template loop cost as much as the rest of the page."""
    place = escape(row["department"] or "—")
    if row["level"]:
        place += Markup(" · ") + escape(row["level"])
    return Markup(
        f'<tr data-person="{escape(row["user_id"])}"><th scope="row" class="sticky-col fw-normal">'
        f'<a href="{escape(profile_url(row["user_id"]))}">{escape(row["name"])}</a> '
        f'<span class="d-block small text-body-secondary text-truncate">{place}</span></th>'
        f'<td class="text-center count-cell">{escape(row["below"])}</td>{row["cells_html"]}</tr>'
    )


def _by_name(people: pd.DataFrame) -> pd.DataFrame:
    """The people in name order (queries.name_order), numbers only."""
    rank = queries.name_order().get_indexer(people.user_id.to_numpy(dtype=np.int64))
    return people.iloc[np.argsort(rank, kind="stable")].reset_index(drop=True)


def _gaps_first(grid: Grid) -> np.ndarray:
    """Row positions, most competencies below target first; the name order stays among equals."""
    return np.argsort(-grid.below, kind="stable")


def team_matrix(
    filters: queries.Filters, competencies: Competencies, levels, page: int = 1, sort: str = "name"
) -> TeamMatrix:
    """One page of PMs with their cells. By name the page is read from the database and only
    its PMs' levels; by gaps the order needs everyone's levels (numbers only, as the heatmap
    reads them), then the page's PMs are read."""
    columns = competencies.columns(filters.area_id)
    targets = queries.targets(competencies.framework_id)
    if sort == "gaps":
        everyone = _by_name(queries.people_levels(filters))
        ratings = queries.latest_confirmed(
            queries.rated_people(filters), columns, competencies.framework_idnumber
        )
        whole = gap_grid(everyone, targets, ratings, columns.index)
        total = len(everyone)
        page = last_page_for(page, total, PER_PAGE)
        positions = _gaps_first(whole)[(page - 1) * PER_PAGE : page * PER_PAGE]
        grid = whole.take(positions)
        shown = queries.people_details(everyone.user_id.to_numpy()[positions].astype(int).tolist())
    else:
        total = queries.count_people(filters)
        page = last_page_for(page, total, PER_PAGE)
        shown = queries.people_page(filters, (page - 1) * PER_PAGE, PER_PAGE)
        ratings = queries.latest_confirmed(
            [person["user_id"] for person in shown], columns, competencies.framework_idnumber
        )
        grid = gap_grid(_levels_of(shown), targets, ratings, columns.index)
    rows = [
        {**person, "cells_html": html}
        for person, html in zip(_details(shown, grid, levels), _cells_html(grid), strict=True)
    ]
    pagination = CountedPage(rows, total, page, PER_PAGE)
    has_targets = bool((~np.isnan(grid.target)).any())
    return TeamMatrix(competencies.shown(filters.area_id), pagination, rows, has_targets)


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
            _("Competencies below target"): grid.below,
        }
    )
    labels = columns.code + " " + columns.name
    levels_and_gaps = pd.concat(
        {
            _("confirmed"): grid.frame("confirmed").astype("Int64"),
            _("gap"): grid.frame("gap").astype("Int64"),
        },
        axis=1,
    ).swaplevel(axis=1)
    levels_and_gaps = levels_and_gaps.reindex(
        columns=pd.MultiIndex.from_product([columns.index, [_("confirmed"), _("gap")]])
    )
    levels_and_gaps.columns = [
        f"{labels[competency]} · {kind}" for competency, kind in levels_and_gaps.columns
    ]
    return pd.concat([details, levels_and_gaps.reset_index(drop=True)], axis=1)

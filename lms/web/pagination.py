"""One pagination helper for every list page (the macro in _macros/pagination.html renders it).

`page_of` counts, then reads the page, and shows the last page for one past the end. A query
built once with bind parameters (`params` given) gets its count and page statements built once
too: building a statement and its cache key costs more than SQLite running it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup, escape
from sqlalchemy import Select, bindparam, func, select

from ..db import read
from ..extensions import db

MAX_PER_PAGE = 200


class CountedPage(Pagination):
    """The shared pagination over one page of items already read, of `total` in all."""

    def __init__(self, items: Sequence, total: int, page: int, per_page: int) -> None:
        super().__init__(
            page=page, per_page=per_page, max_per_page=MAX_PER_PAGE, error_out=False,
            items=list(items), total=total,
        )  # fmt: skip

    def _query_items(self) -> list:
        return self._query_args["items"]

    def _query_count(self) -> int:
        return self._query_args["total"]


def last_page_for(page: int, total: int, per_page: int) -> int:
    """A page past the end (an old link, a list that shrank since) is the last one, rather
    than an empty list that looks like "nothing here"."""
    return max(1, min(page, -(-total // per_page)))


_PREBUILT: weakref.WeakKeyDictionary[Select, tuple] = weakref.WeakKeyDictionary()


def _statements(query: Select, prebuilt: bool) -> tuple[Select, Select, Select]:
    """(count, page, page with the total in a last column) statements of `query`; the page
    ones take `_limit` and `_offset`."""
    if prebuilt and (found := _PREBUILT.get(query)) is not None:
        return found
    count = select(func.count()).select_from(query.order_by(None).subquery())
    page = query.limit(bindparam("_limit")).offset(bindparam("_offset"))
    counted = query.add_columns(func.count().over()).limit(bindparam("_limit"))
    counted = counted.offset(bindparam("_offset"))
    if prebuilt:
        _PREBUILT[query] = (count, page, counted)
    return count, page, counted


def page_of(
    query: Select,
    page: int,
    per_page: int,
    params: dict[str, Any] | None = None,
    *,
    rows: Callable | None = None,
    count: Select | None = None,
) -> Pagination:
    """That page of `query`: ORM objects when it selects one entity; with `rows`, `rows(list
    of Core rows)`, counted in the same statement (a window over the query: for the short lists
    of one person or one thing, where counting every row costs nothing). `params`: the query
    was built once with bind parameters, these values. `count`: a cheaper statement counting
    the same rows (the generated one counts a subquery of every column the query selects)."""
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    counting, items, counted = _statements(query, params is not None)
    count = count if count is not None else counting
    params = params or {}
    page = max(page, 1)
    if rows is not None:
        values = {**params, "_limit": per_page, "_offset": (page - 1) * per_page}
        found = read(counted, values).all()
        if found:
            return CountedPage(rows([row[:-1] for row in found]), found[0][-1], page, per_page)
        if page == 1:
            return CountedPage([], 0, 1, per_page)  # nothing at all
        total = read(count, params).scalar_one()  # past the end: show the last page
        return page_of(query, last_page_for(page, total, per_page), per_page, params, rows=rows)
    total = read(count, params).scalar_one()
    page = last_page_for(page, total, per_page)
    found = []
    if total:
        values = {**params, "_limit": per_page, "_offset": (page - 1) * per_page}
        found = db.session.execute(items, values).unique().scalars().all()
    return CountedPage(found, total, page, per_page)


def pagination_html(
    page: Pagination, param: str = "page", anchor: str | None = None, endpoint: str | None = None
) -> Markup:
    """The pagination control of every list page (the `pagination` macro calls it): previous,
    numbers with gaps, next, and "1–25 of 300"; links keep the current filters (url_with),
    `param` names the list's page argument, `anchor` where to land, `endpoint` the page a
    form's POST shows again. One list only: "12 items". Built in Python: a template loop
    with a URL per link cost a list page as much as its rows."""
    from flask_babel import format_decimal

    from ..i18n import N_, ngettext, translate
    from .filters import url_with_each

    if page.pages <= 1:
        if not page.total:
            return Markup("")
        items = ngettext("%(num)s item", "%(num)s items", page.total)
        return Markup('<p class="text-body-secondary small mt-3">%s</p>') % items
    url = url_with_each(param, endpoint, _anchor=anchor)

    def link(number: int) -> str:
        return escape(url(number))

    def edge(enabled: bool, number: int | None, rel: str, label: str) -> str:
        state = "" if enabled else " disabled"
        href = link(number) if enabled else "#"
        return (
            f'<li class="page-item{state}"><a class="page-link" href="{href}" rel="{rel}">'
            f"{escape(label)}</a></li>"
        )

    pages = [edge(page.has_prev, page.prev_num, "prev", translate(N_("Previous")))]
    for number in page.iter_pages(left_edge=1, left_current=2, right_current=2, right_edge=1):
        if number is None:
            pages.append('<li class="page-item disabled"><span class="page-link">…</span></li>')
        elif number == page.page:
            pages.append(
                '<li class="page-item active" aria-current="page">'
                f'<span class="page-link">{number}</span></li>'
            )
        else:
            pages.append(
                f'<li class="page-item"><a class="page-link" href="{link(number)}">{number}</a></li>'
            )
    pages.append(edge(page.has_next, page.next_num, "next", translate(N_("Next"))))
    shown = translate(N_("%(first)s–%(last)s of %(total)s")) % {
        "first": format_decimal(page.first),
        "last": format_decimal(page.last),
        "total": format_decimal(page.total),
    }
    label = escape(translate(N_("Pages")))
    return Markup(
        f'<nav aria-label="{label}" class="d-flex flex-wrap align-items-center '
        'justify-content-between gap-2 mt-3">'
        f'<span class="text-body-secondary small">{escape(shown)}</span>'
        f'<ul class="pagination pagination-sm mb-0">{"".join(pages)}</ul></nav>'
    )


def paginate(
    query: Select,
    params: dict | None = None,
    *,
    per_page: int | None = None,
    count: Select | None = None,
) -> Pagination:
    """The page the request asks for (?page=) of `query`; `params` and `count` as for page_of."""
    return page_of(
        query,
        request.args.get("page", 1, type=int),
        per_page or current_app.config["PER_PAGE"],
        params,
        count=count,
    )

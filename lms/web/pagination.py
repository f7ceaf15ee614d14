"""One pagination helper for every list page (the macro in _macros/pagination.html renders it)."""

from __future__ import annotations

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from ..extensions import db


def page_of(query: Select, page: int, per_page: int) -> Pagination:
    """That page of `query`; a page past the end (an old link, a list that shrank since) shows
    the last one rather than an empty list that looks like "nothing here"."""
    found = db.paginate(query, page=page, per_page=per_page, max_per_page=200, error_out=False)
    if not found.items and found.pages and page > found.pages:
        found = db.paginate(
            query, page=found.pages, per_page=per_page, max_per_page=200, error_out=False
        )
    return found


def paginate(query: Select, *, per_page: int | None = None) -> Pagination:
    return page_of(
        query,
        request.args.get("page", 1, type=int),
        per_page or current_app.config["PER_PAGE"],
    )

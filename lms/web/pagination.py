"""One pagination helper for every list page (the macro in _macros/pagination.html renders it)."""

from __future__ import annotations

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from ..extensions import db


def paginate(query: Select, *, per_page: int | None = None) -> Pagination:
    return db.paginate(
        query,
        page=request.args.get("page", 1, type=int),
        per_page=per_page or current_app.config["PER_PAGE"],
        max_per_page=200,
        error_out=False,
    )

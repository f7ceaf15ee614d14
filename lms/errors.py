"""Service errors that views turn into form messages, and the site's HTTP error pages."""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException


class ServiceError(Exception):
    """A rule said no. `field` names the form field the message belongs to (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ImportRefused(ServiceError):
    """A file was checked whole and refused: `problems` lists every one (with its row or path),
    and nothing was written."""

    def __init__(self, message: str, problems: list, field: str | None = "file") -> None:
        super().__init__(message, field=field)
        self.problems = list(problems)


class PermissionDenied(ServiceError):
    """The actor may not do this. Services re-check the predicate their view checked, so a
    command, an importer or a later feature cannot do what the page refuses."""


class ConflictError(ServiceError):
    """Someone else changed the same thing first; the user should reload and try again."""


def wants_fragment() -> bool:
    """htmx and fetch callers get a bare status, not a full HTML page."""
    return (
        bool(request.headers.get("HX-Request"))
        or request.accept_mimetypes.best == "application/json"
    )


def register_error_handlers(app: Flask) -> None:
    def render_error(error: HTTPException):
        code = error.code or 500
        if wants_fragment():
            return error.description or "", code
        template = (
            f"errors/{code}.html"
            if code in {400, 403, 404, 413, 429, 500}
            else "errors/generic.html"
        )
        return render_template(template, error=error), code

    app.register_error_handler(HTTPException, render_error)

    @app.errorhandler(500)
    def internal_error(error):
        from .extensions import db

        db.session.rollback()
        return render_template("errors/500.html"), 500

"""One way to send a file as a download: `Content-Disposition: attachment` with the name the
person knows (Chinese names included, RFC 6266 / 5987) and a safe ASCII fallback for old clients.

werkzeug quotes the parameters, so a name holding quotes, semicolons or Chinese characters cannot
break the header (an f-string header could).
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Response
from werkzeug.utils import get_content_type, secure_filename

FALLBACK_STEM = "file"


def ascii_name(file_name: str) -> str:
    """The `filename=` fallback for clients without RFC 5987: werkzeug's safe ASCII form of the
    stem, and `file.<ext>` rather than a hidden `.pdf` when nothing of the stem is left.
    """
    stem, dot, extension = file_name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    return f"{secure_filename(stem) or FALLBACK_STEM}{dot}{secure_filename(extension)}"


def content_disposition(file_name: str) -> dict[str, str]:
    """Parameters of `Content-Disposition: attachment`; the Unicode name goes in `filename*`."""
    if file_name.isascii():
        return {"filename": file_name}
    quoted = quote(file_name, safe="!#$&+-.^_`|~")  # RFC 5987 attr-char, as werkzeug does
    return {"filename": ascii_name(file_name), "filename*": f"UTF-8''{quoted}"}


def as_attachment(response: Response, file_name: str) -> Response:
    """Make `response` a download named `file_name`."""
    response.headers.set("Content-Disposition", "attachment", **content_disposition(file_name))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def content_type(mimetype: str) -> str:
    """The Content-Type header for `mimetype`, with exactly one charset: as given when it names
    its charset (werkzeug would add a second one), else UTF-8 for text types, as werkzeug does."""
    return mimetype if "charset=" in mimetype.lower() else get_content_type(mimetype, "utf-8")


def attachment(body: bytes | str, file_name: str, mimetype: str) -> Response:
    """A generated file (an export) as a download; private, never cached by a proxy."""
    response = as_attachment(Response(body, content_type=content_type(mimetype)), file_name)
    response.headers["Cache-Control"] = "private, no-store"
    return response

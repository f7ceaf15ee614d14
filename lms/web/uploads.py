"""Uploaded files: checked by type, content and size; stored outside static/; sent as attachments.

Nothing uploaded is ever served inline or as HTML: a file that claims to be a PDF but starts like
a web page is refused, and every download is `Content-Disposition: attachment` with a sandbox CSP.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from ..errors import ServiceError

# extension -> (content type sent back, accepted leading bytes; None: plain text)
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    "txt": ("text/plain; charset=utf-8", None),
    "csv": ("text/csv; charset=utf-8", None),
}
MARKUP = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<body", b"<head", b"<iframe")


@dataclass(frozen=True)
class StoredFile:
    file_name: str
    stored_name: str
    content_type: str
    size: int


def upload_folder() -> Path:
    folder = Path(
        current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(upload: FileStorage, *, field: str = "file") -> StoredFile:
    """Check and keep an upload; raises ServiceError naming the form field."""
    name = secure_filename(upload.filename or "") or "file"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        allowed = ", ".join(sorted(ALLOWED))
        raise ServiceError(
            _("This type of file is not accepted. Use one of: %(types)s.", types=allowed),
            field=field,
        )
    data = upload.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
    if len(data) > current_app.config["UPLOAD_MAX_BYTES"]:
        limit = current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024)
        raise ServiceError(_("The file is larger than %(size)d MB.", size=limit), field=field)
    if not data:
        raise ServiceError(_("The file is empty."), field=field)
    content_type, signatures = ALLOWED[extension]
    head = data[:512].lstrip().lower()
    if (signatures and not data.startswith(signatures)) or head.startswith(MARKUP):
        raise ServiceError(_("The file's content does not match its type."), field=field)
    stored_name = secrets.token_hex(16)
    (upload_folder() / stored_name).write_bytes(data)
    return StoredFile(name, stored_name, content_type, len(data))


def send_upload(stored_name: str, file_name: str, content_type: str):
    """Always a download, never rendered by the browser."""
    response = send_file(
        upload_folder() / stored_name,
        mimetype=content_type,
        as_attachment=True,
        download_name=file_name,
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

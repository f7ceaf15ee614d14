"""Uploaded files: checked by type, content and size; stored outside static/; sent as attachments.

Nothing uploaded is ever served inline or as HTML: a file that claims to be a PDF but starts like
a web page is refused, and every download is `Content-Disposition: attachment` with a sandbox CSP.
Content is checked as far as it can be without unpacking anything: the leading bytes of PDFs and
images, the ZIP directory of Office files (it must list `[Content_Types].xml`), and text files
must decode as UTF-8 or GB18030 without a NUL byte (and are sent with the charset they are in).
The name the person gave is kept in Unicode (Chinese names are the norm here) for display and
download only; the file on disk always has a random name.

Files follow the transaction: one written for a change that rolls back is deleted again, and one
whose record is deleted goes only once that commits.
"""

from __future__ import annotations

import io
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from ..errors import ServiceError
from ..extensions import db
from . import downloads
from .downloads import FALLBACK_STEM, as_attachment


@dataclass(frozen=True)
class FileType:
    content_type: str
    signatures: tuple[bytes, ...] = ()  # accepted leading bytes; () for any
    package: bool = False  # an Office Open XML package: a ZIP holding [Content_Types].xml
    text: bool = False  # plain text: UTF-8 or GB18030, no NUL; sent with the charset found


ZIP = (b"PK\x03\x04",)
OOXML = "application/vnd.openxmlformats-officedocument"
ALLOWED = {
    "pdf": FileType("application/pdf", (b"%PDF-",)),
    "png": FileType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": FileType(f"{OOXML}.wordprocessingml.document", ZIP, package=True),
    "xlsx": FileType(f"{OOXML}.spreadsheetml.sheet", ZIP, package=True),
    "pptx": FileType(f"{OOXML}.presentationml.presentation", ZIP, package=True),
    "txt": FileType("text/plain", text=True),
    "csv": FileType("text/csv", text=True),
}
TEXT_CHARSETS = ("utf-8", "gb18030")  # as saved here: UTF-8 (a BOM is fine) or Chinese Windows
MARKUP = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<body", b"<head", b"<iframe")
MAX_NAME_LENGTH = 100  # characters of the display name, extension included
SANDBOX_CSP = "sandbox; default-src 'none'"


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


def file_extension(raw_name: str) -> str:
    """The last suffix of the name as sent, lower-cased; "" when there is none.

    A name holding a NUL has no type: the byte exists to make C code see a different suffix.
    """
    name = raw_name.strip()
    if "\x00" in name or "." not in name:
        return ""
    extension = name.rsplit(".", 1)[1].lower()
    return extension if extension.isascii() else ""


def display_name(raw_name: str) -> str:
    """The name shown and offered on download: Unicode kept, no directory parts, no control or
    formatting characters (a right-to-left override can disguise a suffix), no leading dots,
    whitespace collapsed, at most MAX_NAME_LENGTH characters, ending with the checked extension.
    Call it only on a name whose `file_extension` was accepted.
    """
    stem, extension = raw_name.strip().rsplit(".", 1)
    stem = re.split(r"[/\\]", unicodedata.normalize("NFC", stem))[-1]
    stem = "".join(c for c in stem if c.isspace() or unicodedata.category(c)[0] != "C")
    stem = " ".join(stem.split()).lstrip(". ")
    stem = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip()
    return f"{stem or FALLBACK_STEM}.{extension}"


def store_upload(upload: FileStorage, *, field: str = "file") -> StoredFile:
    """Check and keep an upload; raises ServiceError naming the form field."""
    raw_name = upload.filename or ""
    extension = file_extension(raw_name)
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
    content_type = _content_type(ALLOWED[extension], data, extension, field)
    stored_name = secrets.token_hex(16)
    db.session.connection()  # the file belongs to this transaction: begin it if not yet begun
    _pending(db.session, "written").append(upload_folder() / stored_name)
    (upload_folder() / stored_name).write_bytes(data)
    return StoredFile(display_name(raw_name), stored_name, content_type, len(data))


def _content_type(file_type: FileType, data: bytes, extension: str, field: str) -> str:
    """The content type to keep and send for `data`; raises ServiceError when the content is
    not what its type says (a web page named .pdf, a program named .txt, a ZIP named .docx)."""
    head = data[:512].lstrip().lower()
    if (
        head.startswith(MARKUP)
        or (file_type.signatures and not data.startswith(file_type.signatures))
        or (file_type.package and not _is_office_package(data))
    ):
        raise ServiceError(_("The file's content does not match its type."), field=field)
    if not file_type.text:
        return file_type.content_type
    charset = _text_charset(data)
    if charset is None:
        raise ServiceError(
            _(
                "A .%(type)s file must be text (UTF-8 or GB18030) without NUL bytes: save it as UTF-8 text and try again.",
                type=extension,
            ),
            field=field,
        )
    return f"{file_type.content_type}; charset={charset}"


def _is_office_package(data: bytes) -> bool:
    """Whether `data` is a ZIP whose central directory lists the package's content-types part.

    Only the directory is read: no member is inflated, so a ZIP bomb costs nothing here. A
    broken one raises one of these (fuzzed: cut off, bytes changed; multi-disk is not supported,
    a name not in its declared encoding is a ValueError).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError):
        return False
    return any(name.lower() == "[content_types].xml" for name in names)


def _text_charset(data: bytes) -> str | None:
    """The charset text is in, or None for what is not text (a NUL byte: a program, an image,
    UTF-16). Plain ASCII counts as UTF-8."""
    if b"\x00" in data:
        return None
    for charset in TEXT_CHARSETS:
        try:
            data.decode(charset)
        except UnicodeDecodeError:
            continue
        return charset
    return None


def discard_upload(stored_name: str) -> None:
    """Delete a stored file once the current transaction commits (it stays if it rolls back)."""
    _pending(db.session, "discarded").append(upload_folder() / stored_name)


def _pending(session, what: str) -> list[Path]:
    return session.info.setdefault(f"uploads_{what}", [])


def _delete(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the transaction goes on
        return
    session.info.pop("uploads_written", None)
    _delete(session.info.pop("uploads_discarded", []))


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction) -> None:
    """The outermost transaction ended without committing (rolled back, or the session closed
    after an error): files written for it go, files it meant to discard stay."""
    if transaction.parent is not None:
        return
    session.info.pop("uploads_discarded", None)
    _delete(session.info.pop("uploads_written", []))


def send_upload(stored_name: str, file_name: str, content_type: str):
    """Always a download, never rendered by the browser; a text file says its charset once
    (werkzeug would add "; charset=utf-8" to a type that names its own)."""
    response = send_file(
        upload_folder() / stored_name,
        mimetype=content_type.split(";")[0],
        as_attachment=True,
        download_name=file_name,
        max_age=0,
    )
    response.headers["Content-Type"] = downloads.content_type(content_type)
    # werkzeug's own ASCII fallback for 证书.pdf would be the hidden name ".pdf"
    as_attachment(response, file_name)
    response.headers["Content-Security-Policy"] = SANDBOX_CSP
    return response


def download_view(view: Callable) -> Callable:
    """Mark a view that returns `send_upload`. Talisman writes the site-wide CSP onto every
    response after the view has run, replacing the sandbox policy; this per-view option (the
    attribute Talisman's own decorator sets) makes it write the sandbox policy instead.
    """
    view.talisman_view_options = {"content_security_policy": SANDBOX_CSP}
    return view

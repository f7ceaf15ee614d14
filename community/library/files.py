"""A library document's attachments: kept through the shared upload service (type, content
and size checked; stored outside static/; always sent as a download), the text of a DOCX or
PDF taken out once at upload so search finds words that appear only inside it, and the
download page, which serves a file only to someone who may read a revision that has it."""

from __future__ import annotations

import io
import secrets

from flask import Blueprint, abort
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.db import committing
from lms.extensions import db
from lms.web.uploads import download_view, send_upload, store_upload, upload_folder

from .generate import check_docx_template
from .models import (
    Document,
    DocumentFile,
    DocumentKind,
    DocumentRevision,
    DocumentVersion,
    revision_files,
)
from .permissions import can_read_document, can_read_drafts_of
from .services import count_view

TEXT_MAX = 200_000  # characters of an attachment's text kept for search

bp = Blueprint("library_files", __name__, url_prefix="/library/files")


def keep_file(document: Document, upload, *, actor) -> DocumentFile:
    """Check and store an upload for `document` (ServiceError on the "attachment" field)."""
    stored = store_upload(upload, field="attachment")
    data = (upload_folder() / stored.stored_name).read_bytes()
    if document.kind == DocumentKind.TEMPLATE and stored.file_name.lower().endswith(".docx"):
        check_docx_template(data)  # a placeholder we cannot fill is refused, named
    kept = DocumentFile(
        document_id=document.id,
        token=secrets.token_hex(16),
        stored_name=stored.stored_name,
        file_name=stored.file_name,
        content_type=stored.content_type,
        size=stored.size,
        text=extracted_text(stored.file_name, data),
        uploaded_by_id=getattr(actor, "id", None),
    )
    db.session.add(kept)
    db.session.flush()
    return kept


def extracted_text(file_name: str, data: bytes) -> str:
    """The words of a DOCX (paragraphs and tables) or a PDF (each page's text); "" for other
    files and for a file its reader cannot open (it was checked as that type already)."""
    extension = file_name.rsplit(".", 1)[-1].lower()
    readers = {"docx": _docx_text, "pdf": _pdf_text}
    if extension not in readers:
        return ""
    try:
        return readers[extension](data)[:TEXT_MAX]
    except Exception:
        return ""


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(part for part in parts if part.strip())


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def may_download(user, document: Document, file: DocumentFile) -> bool:
    """The document's writers take any of its files; a reader, a file of a published version."""
    if can_read_drafts_of(user, document):
        return True
    published = (
        select(revision_files.c.file_id)
        .join(DocumentRevision, DocumentRevision.id == revision_files.c.revision_id)
        .join(DocumentVersion, DocumentVersion.revision_id == DocumentRevision.id)
        .where(revision_files.c.file_id == file.id)
    )
    return can_read_document(user, document) and db.session.scalar(published) is not None


@bp.route("/<file_key>")
@login_required
@download_view
def download(file_key: str):
    found = db.session.scalar(select(DocumentFile).where(DocumentFile.token == file_key[:32]))
    document = db.session.get(Document, found.document_id) if found is not None else None
    if document is None or not may_download(current_user, document, found):
        abort(404)
    with committing():
        count_view(document, download=True)
    return send_upload(found.stored_name, found.file_name, found.content_type)

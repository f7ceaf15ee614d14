"""What every document row of a library list shares, worked out once per request (the row
macro in templates/community/library/_macros.html): the link builders and the texts in the
reader's language with a stand-in for what varies per row."""

from __future__ import annotations

from flask import g

from lms.i18n import gettext as _
from lms.web.filters import format_day, url_for_each

from .models import DocumentKind

_VALUE = "\x00value\x00"


class DocumentTexts:
    def __init__(self) -> None:
        self.detail = url_for_each("library.detail", "document_id")
        self.tag = url_for_each("library.index", "tag", _slug=True)
        self._version = _("Version %(number)s", number=_VALUE)
        self._owner = _("Owner: %(name)s", name=_VALUE)
        self._published = _("published %(day)s", day=_VALUE)
        self.nobody, self.retired = _("nobody"), _("Retired")
        self.needs_review, self.published_version = _("Needs review"), _("Published version")
        self.kinds = {kind: kind.label for kind in DocumentKind}

    def version(self, label: str) -> str:
        return self._version.replace(_VALUE, label)

    def owner(self, name: str | None) -> str:
        return self._owner.replace(_VALUE, name or self.nobody)

    def published(self, moment) -> str:
        return self._published.replace(_VALUE, format_day(moment))


def document_texts() -> DocumentTexts:
    texts = g.get("document_texts")
    if texts is None:
        texts = g.document_texts = DocumentTexts()
    return texts

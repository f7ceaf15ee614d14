"""What every lesson row of a list shares, worked out once per request (the row macro in
templates/community/lessons/_macros.html): the link builders and the texts in the reader's
language (a url_for and a handful of gettext calls per row were a third of the list page)."""

from __future__ import annotations

from flask import g

from lms.i18n import gettext as _
from lms.web.filters import url_for_each


class LessonTexts:
    def __init__(self) -> None:
        self.detail = url_for_each("lessons.detail", "lesson_id")
        self.tag = url_for_each("lessons.index", "tag", _slug=True)
        self.positive, self.negative = _("Positive"), _("Negative")
        self.applied, self.impact = _("Applied"), _("Impact")
        self.no_project, self.former = _("No project named"), _("Former member")


def lesson_texts() -> LessonTexts:
    texts = g.get("lesson_texts")
    if texts is None:
        texts = g.lesson_texts = LessonTexts()
    return texts

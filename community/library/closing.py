"""The library's answer to a project closing (lms.projects.registry): its published summary
report template, filled in for the project — the shipped one in the reader's language."""

from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.i18n import locale_code

from .generate import fill_markdown
from .models import Document, DocumentKind
from .queries import published_revision

SUMMARY_TITLES = {"en": "Project summary report", "zh_CN": "项目总结报告"}


def filled_summary_template(values: dict[str, str]) -> str | None:
    found = {
        d.published_title: d
        for d in db.session.scalars(
            select(Document).where(
                Document.kind == DocumentKind.TEMPLATE,
                Document.published_title.in_(SUMMARY_TITLES.values()),
            )
        )
        if d.published_version_id is not None
    }
    language = "zh_CN" if locale_code().startswith("zh") else "en"
    preferred = [SUMMARY_TITLES[language], *SUMMARY_TITLES.values()]
    document = next((found[t] for t in preferred if t in found), None)
    revision = published_revision(document) if document is not None else None
    return None if revision is None else fill_markdown(revision.body, values)

"""A topic list's row as one string (a list page shows thirty; a macro per row cost more than
the page's queries)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from flask import g, url_for
from markupsafe import Markup, escape

from lms.i18n import gettext as _
from lms.web.filters import format_moment, url_for_each


def _links():
    links = g.get("forum_links")
    if links is None:
        topic = url_for_each("forum.topic", "topic_id")
        links = g.forum_links = (topic, {})
    return links


def _category_url(slug: str) -> str:
    known = _links()[1]
    if slug not in known:
        known[slug] = url_for("forum.category", slug=slug)
    return known[slug]


def topic_url(item) -> str:
    """Where the topic's title leads: for a returning reader, their first unread post."""
    topic = _links()[0](item.id)
    if item.last_read and item.last_read < item.post_count:
        number = item.first_unread
        return f"{topic}/{number}#post-{number}"
    return topic


def topic_row(item, *, show_category: bool = True) -> Markup:
    badges = []
    if item.is_pinned:
        badges.append(
            f'<span class="badge text-bg-info"><i class="bi bi-pin-angle" aria-hidden="true"></i> {escape(_("Pinned"))}</span>'
        )
    if item.is_locked:
        badges.append(
            f'<span class="badge text-bg-secondary"><i class="bi bi-lock" aria-hidden="true"></i> {escape(_("Closed"))}</span>'
        )
    if item.is_question:
        if item.solution_number:
            badges.append(
                f'<span class="badge text-bg-success" data-testid="solved"><i class="bi bi-check2-square" aria-hidden="true"></i> {escape(_("Solved"))}</span>'
            )
        else:
            badges.append(
                f'<span class="badge text-bg-light border" data-testid="question">{escape(_("Question"))}</span>'
            )
    if item.is_new:
        badges.append(
            f'<span class="badge text-bg-success" data-testid="new-badge">{escape(_("New"))}</span>'
        )
    unread = item.unread
    if unread:
        label = escape(_("%(count)s unread", count=unread))
        badges.append(
            f'<span class="badge rounded-pill text-bg-primary" data-testid="unread-count" title="{label}">{unread}<span class="visually-hidden"> {label}</span></span>'
        )
    category = ""
    if show_category:
        category = (
            f'<a class="small link-secondary" href="{escape(_category_url(item.category_slug))}">'
            f"{escape(item.category)}</a>"
        )
    author = escape(item.author or _("Former member"))
    poster = escape(item.last_poster or _("Former member"))
    weight = "fw-semibold" if item.is_new or unread else ""
    return Markup(
        f'<tr data-testid="topic-row"><td><a class="{weight} topic-title" href="{escape(topic_url(item))}">'
        f"{escape(item.title)}</a> {' '.join(badges)}"
        f'<div class="small text-body-secondary">{category}'
        f"{' · ' if category else ''}{escape(_('by %(name)s', name=author))}</div></td>"
        f'<td class="text-end">{item.replies}</td>'
        f'<td class="text-end small text-nowrap">{escape(format_moment(item.last_posted_at, "short"))}'
        f'<div class="text-body-secondary">{poster}</div></td></tr>'
    )


_WORDS = re.compile(r"\s+|\S+\s*")


def diff_html(old: str, new: str) -> Markup:
    """What changed between two versions of a post's text, word by word: removed words in
    <del>, added ones in <ins>, the rest as it was (all escaped)."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(before[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(after[j1:j2]))}</ins>")
    return Markup("".join(str(p) for p in parts))

"""A topic list's row as one string (a list page shows thirty; a macro per row cost more than
the page's queries)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from flask import g, url_for
from markupsafe import Markup, escape

from lms.i18n import gettext as _
from lms.web.filters import format_moment, url_for_each

_NAME = "\x00name\x00"  # stands in for a name in a translated text worked out once
_COUNT = "\x00count\x00"


class _Texts:
    """What every row of a list shares, worked out once per request: the badges in the
    reader's language, the link builders, each category's link."""

    def __init__(self) -> None:
        def badge(css: str, text: str, icon: str = "", testid: str = "") -> str:
            mark = f'<i class="bi bi-{icon}" aria-hidden="true"></i> ' if icon else ""
            test = f' data-testid="{testid}"' if testid else ""
            return f'<span class="badge {css}"{test}>{mark}{escape(text)}</span>'

        self.pinned = badge("text-bg-info", _("Pinned"), "pin-angle")
        self.closed = badge("text-bg-secondary", _("Closed"), "lock")
        self.solved = badge("text-bg-success", _("Solved"), "check2-square", "solved")
        self.question = badge("text-bg-light border", _("Question"), testid="question")
        self.new = badge("text-bg-success", _("New"), testid="new-badge")
        self.unread = str(escape(_("%(count)s unread", count=_COUNT)))
        self.by = str(escape(_("by %(name)s", name=_NAME)))
        self.former = str(escape(_("Former member")))
        self.topic = url_for_each("forum.topic", "topic_id")
        self.categories: dict[str, str] = {}
        self.tags: dict[int, str] = {}

    def category(self, slug: str, name: str) -> str:
        link = self.categories.get(slug)
        if link is None:
            href = escape(url_for("forum.category", slug=slug))
            link = self.categories[slug] = (
                f'<a class="small link-secondary" href="{href}">{escape(name)}</a> · '
            )
        return link

    def tag(self, tag) -> str:
        link = self.tags.get(tag.id)
        if link is None:
            href = escape(url_for("forum.tag", tag_slug=tag.slug))
            link = self.tags[tag.id] = (
                f' <a class="badge text-bg-light border fw-normal text-decoration-none" '
                f'href="{href}">{escape(tag.name)}</a>'
            )
        return link


def _texts() -> _Texts:
    texts = g.get("forum_texts")
    if texts is None:
        texts = g.forum_texts = _Texts()
    return texts


def topic_url(item) -> str:
    """Where the topic's title leads: for a returning reader, their first unread post."""
    topic = _texts().topic(item.id)
    if item.last_read and item.last_read < item.post_count:
        number = item.first_unread
        return f"{topic}/{number}#post-{number}"
    return topic


def topic_row(item, *, show_category: bool = True, tags=None) -> Markup:
    texts = _texts()
    badges = []
    if item.is_pinned:
        badges.append(texts.pinned)
    if item.is_locked:
        badges.append(texts.closed)
    if item.is_question:
        badges.append(texts.solved if item.solution_number else texts.question)
    if item.is_new:
        badges.append(texts.new)
    unread = item.unread
    if unread:
        label = texts.unread.replace(_COUNT, str(unread))
        badges.append(
            f'<span class="badge rounded-pill text-bg-primary" data-testid="unread-count" '
            f'title="{label}">{unread}<span class="visually-hidden"> {label}</span></span>'
        )
    category = texts.category(item.category_slug, item.category) if show_category else ""
    labels = "".join(texts.tag(tag) for tag in tags or ())
    author = escape(item.author) if item.author else texts.former
    poster = escape(item.last_poster) if item.last_poster else texts.former
    weight = "fw-semibold " if item.is_new or unread else ""
    return Markup(
        f'<tr data-testid="topic-row"><td><a class="{weight}topic-title" '
        f'href="{escape(topic_url(item))}">{escape(item.title)}</a> {" ".join(badges)}{labels}'
        f'<div class="small text-body-secondary">{category}{texts.by.replace(_NAME, author)}'
        f'</div></td><td class="text-end">{item.replies}</td>'
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


class _PostTexts:
    """What every post of a topic page shares, worked out once per request: texts with a
    stand-in for the number, the URL builders, the forms' hidden fields."""

    def __init__(self, topic, form) -> None:
        from lms.web.form_html import hidden_fields

        n = _COUNT
        self.former = str(escape(_("Former member")))
        self.in_reply = str(escape(_("in reply to post %(number)s", number=n)))
        self.post_n = str(escape(_("Post %(number)s,", number=n)))
        self.of_post = str(escape(_("post %(number)s", number=n)))
        self.to_post = str(escape(_("to post %(number)s", number=n)))
        self.hidden = str(escape(_("This post was hidden by a moderator.")))
        self.edited = str(escape(_("edited")))
        self.revisions = str(escape(_("%(count)s revisions", count=n)))
        self.answer = str(escape(_("Answer")))
        self.unmark, self.mark = str(escape(_("Unmark"))), str(escape(_("Mark as the answer")))
        self.likes = str(escape(_("likes")))
        self.edit, self.quote, self.reply = (str(escape(_(w))) for w in ("Edit", "Quote", "Reply"))
        self.at = url_for_each("forum.topic_at", "number", topic_id=topic.id)
        self.history = url_for_each("forum.history", "post_id")
        self.edit_url = url_for_each("forum.edit_post", "post_id")
        self.like = url_for_each("forum.like", "post_id")
        self.unlike = url_for_each("forum.unlike", "post_id")
        self.quote_url = url_for_each("forum.reply", "quote", topic_id=topic.id)
        self.reply_url = url_for_each("forum.reply", "to", topic_id=topic.id)
        self.accept = url_for_each("forum.accept", "number", topic_id=topic.id)
        self.unaccept = url_for("forum.unaccept", topic_id=topic.id)
        self.hide_url = url_for_each("forum.hide_post", "post_id")
        self.show_url = url_for_each("forum.show_post", "post_id")
        self.hide, self.show = str(escape(_("Hide"))), str(escape(_("Show again")))
        self.hide_question = str(escape(_("Hide this post from everyone but moderators?")))
        self.hidden_fields = str(hidden_fields(form))
        self.deleted = str(escape(_("Post deleted.")))
        self.flag, self.flagged = str(escape(_("Flag"))), str(escape(_("Flagged")))
        self.delete = str(escape(_("Delete")))
        self.delete_question = str(escape(_("Delete this post? Others see that it was deleted.")))
        self.flag_url = url_for_each("forum_moderation.flag", "post_id")
        self.delete_url = url_for_each("forum_moderation.delete", "post_id")


def _button(action: str, label: str, css: str, hidden: str, icon: str = "") -> str:
    mark = f'<i class="bi bi-{icon}" aria-hidden="true"></i> ' if icon else ""
    return (
        f'<form method="post" action="{action}" class="d-inline">{hidden}'
        f'<button type="submit" class="{css}">{mark}{label}</button></form>'
    )


def like_button(post_id: int, count: int, liked: bool, hidden: str, texts=None) -> Markup:
    """The like toggle of a post (htmx swaps it for the answer of a click)."""
    if texts is None:
        like, unlike = (
            url_for("forum.like", post_id=post_id),
            url_for("forum.unlike", post_id=post_id),
        )
        likes = str(escape(_("likes")))
    else:
        like, unlike, likes = texts.like(post_id), texts.unlike(post_id), texts.likes
    action = unlike if liked else like
    css = "btn-danger" if liked else "btn-outline-danger"
    return Markup(
        f'<form method="post" action="{action}" hx-post="{action}" hx-swap="outerHTML" '
        f'class="d-inline like-form">{hidden}<button type="submit" class="btn btn-sm {css}" '
        f'aria-pressed="{"true" if liked else "false"}" data-testid="like">'
        f'<i class="bi bi-heart{"-fill" if liked else ""}" aria-hidden="true"></i> {count}'
        f'<span class="visually-hidden"> {likes}</span></button></form>'
    )


def post_article(
    post, topic, *, form, highlight, may_moderate, may_reply, may_accept, user
) -> Markup:
    """One post of a topic page: who wrote it and when, what it says, what the reader may do."""
    from .permissions import can_delete_post, can_edit_post, can_flag_post, can_like_post

    texts = g.get("forum_post_texts")
    if texts is None:
        texts = g.forum_post_texts = _PostTexts(topic, form)
    n = post.number
    number = str(n)
    border = " border-primary" if highlight == n else ""
    author = escape(post.author) if post.author else texts.former
    replying = ""
    if post.reply_to_number:
        to = post.reply_to_number
        replying = (
            f'<a class="small ms-2" href="{texts.at(to)}#post-{to}"><i class="bi bi-reply" '
            f'aria-hidden="true"></i> {texts.in_reply.replace(_COUNT, str(to))}</a>'
        )
    if post.is_deleted:
        body = (
            f'<p class="text-body-secondary fst-italic" data-testid="deleted">{texts.deleted}</p>'
        )
    elif post.is_hidden and not may_moderate:
        body = f'<p class="text-body-secondary fst-italic">{texts.hidden}</p>'
    else:
        body = post.html
    parts = [
        f'<article class="card mb-3 forum-post{border}" id="post-{n}" data-testid="post" '
        f'aria-labelledby="post-{n}-by"><div class="card-header d-flex flex-wrap '
        f'justify-content-between gap-2 bg-transparent"><div><strong id="post-{n}-by">{author}'
        f'</strong>{replying}</div><a class="small text-body-secondary" href="{texts.at(n)}#post-{n}">'
        f'<span class="visually-hidden">{texts.post_n.replace(_COUNT, number)} </span>'
        f"{escape(format_moment(post.created_at, 'short'))} · #{n}</a></div>"
        f'<div class="card-body post-body">{body}</div>'
    ]
    if not post.is_deleted and (not post.is_hidden or may_moderate):
        footer = []
        if post.revision_count or post.edited_at:
            revisions = (
                f" · {texts.revisions.replace(_COUNT, str(post.revision_count))}"
                if post.revision_count
                else ""
            )
            footer.append(
                f'<a class="small text-body-secondary me-auto" href="{texts.history(post.id)}" '
                f'data-testid="edited"><i class="bi bi-pencil" aria-hidden="true"></i> '
                f"{texts.edited}{revisions}</a>"
            )
        else:
            footer.append('<span class="me-auto"></span>')
        if topic.solution_number == n:
            footer.append(
                '<span class="badge text-bg-success" data-testid="answer-badge"><i class="bi '
                f'bi-check2-square" aria-hidden="true"></i> {texts.answer}</span>'
            )
            if may_accept:
                footer.append(
                    _button(
                        texts.unaccept,
                        texts.unmark,
                        "btn btn-sm btn-outline-secondary",
                        texts.hidden_fields,
                    )
                )
        elif may_accept and n > 1 and not post.is_hidden:
            footer.append(
                _button(
                    texts.accept(n),
                    texts.mark,
                    "btn btn-sm btn-outline-success",
                    texts.hidden_fields,
                    "check2-square",
                )
            )
        if can_like_post(user, post):
            footer.append(
                like_button(post.id, post.like_count, post.liked, texts.hidden_fields, texts)
            )
        elif post.like_count:
            footer.append(
                f'<span class="small text-body-secondary" data-testid="likes"><i class="bi '
                f'bi-heart" aria-hidden="true"></i> {post.like_count}<span class="visually-hidden">'
                f" {texts.likes}</span></span>"
            )
        of_post = texts.of_post.replace(_COUNT, number)
        if can_edit_post(user, post):
            footer.append(
                f'<a class="btn btn-sm btn-outline-secondary" href="{texts.edit_url(post.id)}">'
                f'<i class="bi bi-pencil" aria-hidden="true"></i> {texts.edit}'
                f'<span class="visually-hidden"> {of_post}</span></a>'
            )
        if may_moderate and n > 1:
            if post.is_hidden:
                footer.append(
                    _button(
                        texts.show_url(post.id),
                        texts.show,
                        "btn btn-sm btn-outline-danger",
                        texts.hidden_fields,
                    )
                )
            else:
                footer.append(
                    f'<form method="post" action="{texts.hide_url(post.id)}" class="d-inline" '
                    f'data-confirm="{texts.hide_question}">{texts.hidden_fields}'
                    f'<button type="submit" class="btn btn-sm btn-outline-danger">'
                    f'<i class="bi bi-eye-slash" aria-hidden="true"></i> {texts.hide}</button></form>'
                )
        if post.flagged:
            footer.append(
                f'<span class="badge text-bg-warning" data-testid="flagged"><i class="bi bi-flag" '
                f'aria-hidden="true"></i> {texts.flagged}</span>'
            )
        elif can_flag_post(user, post):
            footer.append(
                f'<a class="btn btn-sm btn-outline-secondary" href="{texts.flag_url(post.id)}">'
                f'<i class="bi bi-flag" aria-hidden="true"></i> {texts.flag}'
                f'<span class="visually-hidden"> {of_post}</span></a>'
            )
        if can_delete_post(user, post):
            footer.append(
                f'<form method="post" action="{texts.delete_url(post.id)}" class="d-inline" '
                f'data-confirm="{texts.delete_question}">{texts.hidden_fields}'
                f'<button type="submit" class="btn btn-sm btn-outline-danger">'
                f'<i class="bi bi-trash" aria-hidden="true"></i> {texts.delete}'
                f'<span class="visually-hidden"> {of_post}</span></button></form>'
            )
        if may_reply and not post.is_hidden:
            footer.append(
                f'<a class="btn btn-sm btn-outline-secondary" href="{texts.quote_url(n)}">'
                f'<i class="bi bi-quote" aria-hidden="true"></i> {texts.quote}'
                f'<span class="visually-hidden"> {of_post}</span></a>'
                f'<a class="btn btn-sm btn-outline-secondary" href="{texts.reply_url(n)}">'
                f'<i class="bi bi-reply" aria-hidden="true"></i> {texts.reply}'
                f'<span class="visually-hidden"> {texts.to_post.replace(_COUNT, number)}</span></a>'
            )
        parts.append(
            '<div class="card-footer bg-transparent d-flex flex-wrap gap-2 align-items-center">'
            + "".join(footer)
            + "</div>"
        )
    parts.append("</article>")
    return Markup("".join(parts))

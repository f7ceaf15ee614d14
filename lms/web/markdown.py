"""User Markdown: CommonMark (with tables and strikethrough) rendered once, when it is saved, and
cleaned by an allow-list sanitiser, so a page shows the stored HTML as it is.

Raw HTML in the text is shown as text (markdown-it's `html` off); what the renderer makes is
cleaned by nh3 all the same, so no renderer bug or plugin can let a script, a handler or a
`javascript:` link through. Links get rel="nofollow noopener"; images load only from the site's
own uploads (UPLOADS_PREFIX), never from elsewhere.
"""

from __future__ import annotations

import html
import re
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

UPLOADS_PREFIX = "/uploads/"

TAGS = frozenset(
    {
        "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "img", "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}
_ALIGN = re.compile(r"text-align:\s*(left|right|center)")
_LANGUAGE = re.compile(r"language-[\w+#-]{1,30}")


def _attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if value.startswith(UPLOADS_PREFIX) and "//" not in value else None
    if attribute == "style":
        return value if _ALIGN.fullmatch(value) else None
    if element == "code" and attribute == "class":
        return value if _LANGUAGE.fullmatch(value) else None
    return value


@cache
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


_EMPTY_LINK = re.compile(r"<a\b[^>]*>\s*</a>")


def clean_html(markup: str) -> str:
    """Keep only the allowed tags and attributes of `markup` (safe links, own images). A link
    left with nothing in it (a link written inside another's text is split off) is dropped:
    nobody could tell where it leads."""
    return _EMPTY_LINK.sub("", _clean(markup))


def _clean(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """The sanitised HTML of a user's Markdown, to be stored beside it."""
    return clean_html(_renderer().render(text or ""))


def shown(stored_html: str) -> Markup:
    """Stored, sanitised HTML marked safe for a template."""
    return Markup(stored_html)


_TAG = re.compile(r"<[^>]+>")


def plain_text(stored_html: str) -> str:
    """The words of stored HTML, for search and short excerpts."""
    return " ".join(html.unescape(_TAG.sub(" ", stored_html)).split())

"""User Markdown: CommonMark rendered and cleaned by the allow-list; every known XSS payload
comes out inert (the browser test shows none runs)."""

from __future__ import annotations

import re

import pytest

from lms.web.markdown import plain_text, render_markdown
from tests.community.xss_payloads import PAYLOADS

TAG = re.compile(r"<[a-zA-Z][^>]*>")  # a real tag: text such as &lt;img ...&gt; is inert
HANDLER = re.compile(r"\son\w+\s*=", re.IGNORECASE)
BAD_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*(?:javascript|vbscript|data):""", re.I)


def test_commonmark_with_tables_and_strikethrough():
    html = render_markdown("# Plan\n\n*one* **two** ~~three~~\n\n| a | b |\n|---|--:|\n| 1 | 2 |")
    assert "<h1>Plan</h1>" in html and "<em>one</em>" in html and "<s>three</s>" in html
    assert '<td style="text-align:right">2</td>' in html


def test_links_get_nofollow_noopener_and_images_come_only_from_own_uploads():
    html = render_markdown(
        "[site](https://example.com) ![a](https://evil.example/a.png) ![b](/uploads/b.png)"
    )
    assert '<a href="https://example.com" rel="nofollow noopener">site</a>' in html
    assert "evil.example" not in html and '<img src="/uploads/b.png" alt="b">' in html


def test_raw_html_is_shown_as_text():
    assert render_markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_plain_text_of_stored_html():
    assert plain_text(render_markdown("**Risk** &amp; *scope*")) == "Risk & scope"


def test_there_are_at_least_fifty_payloads():
    assert len(PAYLOADS) >= 50


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_renders_inert(payload):
    html = render_markdown(payload)
    assert "<script" not in html.lower()
    for tag in TAG.findall(html):
        assert not HANDLER.search(tag), html
        assert not BAD_URL.search(tag), html
    for tag in (
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "style",
        "form",
        "input",
        "base",
        "meta",
        "link",
    ):
        assert f"<{tag}" not in html.lower(), html


def test_a_link_inside_another_links_text_leaves_no_empty_link():
    html = render_markdown("[<http://example.com/> wrote](/club/t/1/2)")
    assert "></a>" not in html and "http://example.com/" in html

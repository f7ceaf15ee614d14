"""The PM club in the real browser: known XSS payloads typed as topic titles, posts and quotes
stay inert (no dialog, no script, no injected handler or javascript: link); a PM asks a
question, a director answers with a mention, the PM marks the answer; the club in Chinese."""

from __future__ import annotations

import base64
import re
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from community.forum import services
from community.forum.models import Category, Post, Topic, TopicReader
from lms.accounts.models import User
from lms.extensions import db
from lms.permissions import SYSTEM
from tests.browser.conftest import HAN, PHONE, log_in_any_language, login, screenshot
from tests.community.xss_payloads import PAYLOADS

pytestmark = pytest.mark.browser
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

# Anything a payload could have planted: elements that run code, handler attributes, links and
# sources with a script scheme. Run in the page after it loaded.
PLANTED = """() => {
  const main = document.querySelector('main');
  const found = [];
  for (const el of main.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'base', 'meta', 'link',
         'form', 'input', 'video', 'audio', 'details', 'marquee'].includes(tag)
        && el.closest('.post-body, .topic-title, h1')) found.push(tag);
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (attr.name.startsWith('on')) found.push(tag + '[' + attr.name + ']');
      if (['href', 'src', 'action', 'formaction', 'data', 'background'].includes(attr.name)
          && /^(javascript|vbscript|data):/.test(value)) found.push(tag + '[' + attr.name + ']=' + value);
    }
  }
  return found;
}"""


@pytest.fixture(autouse=True)
def club(browser_app):
    """The demo club's categories and conversations (`make run` loads them)."""
    from community.forum.demo import seed_demo_forum

    with browser_app.app_context():
        seed_demo_forum()
        db.session.commit()


@pytest.fixture
def planted(browser_app):
    """A category holding a topic per payload (title and first post), and one topic whose
    posts are the payloads with each quoted by the next."""
    with browser_app.app_context():
        pm = db.session.scalar(select(User).where(User.email == "pm@academy.test"))
        director = db.session.scalar(select(User).where(User.email == "director@academy.test"))
        category = services.save_category(
            None, actor=SYSTEM, slug="xss-check", names={"en": "XSS check"}, position=99
        )
        for n, payload in enumerate(PAYLOADS):
            services.start_topic(
                category, actor=pm, title=f"Payload {n:02d} {payload}"[:200], body=payload
            )
        thread = services.start_topic(
            category, actor=pm, title="Every payload in one thread", body="Here they come."
        )
        for n, payload in enumerate(PAYLOADS):
            quote = f"> [{payload} wrote in post {n + 1}](/club/t/{thread.id}/{n + 1}):\n>\n> {payload}\n\n"
            services.reply_to_topic(
                thread, actor=director, body=quote + payload, reply_to_number=n + 1
            )
        db.session.commit()
        ids = (category.id, thread.id, thread.post_count)
    yield ids
    with browser_app.app_context():
        topics = select(Topic.id).where(Topic.category_id == ids[0])
        db.session.execute(delete(TopicReader).where(TopicReader.topic_id.in_(topics)))
        db.session.execute(delete(Post).where(Post.topic_id.in_(topics)))
        db.session.execute(delete(Topic).where(Topic.category_id == ids[0]))
        db.session.execute(delete(Category).where(Category.id == ids[0]))
        db.session.commit()


def test_xss_payloads_stay_inert_in_titles_posts_and_quotes(
    page: Page, live_server_url: str, planted
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # images may come from the site's own uploads (the attachments to come): a pixel stands in
    page.route(
        re.compile(r".*/uploads/.*"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=PIXEL),
    )
    login(page, live_server_url, "pmo@academy.test")
    _category, thread, posts = planted
    pages = [f"/club/c/xss-check?page={n}" for n in (1, 2, 3)]
    pages += [f"/club/t/{thread}?page={n}" for n in range(1, posts // 20 + 2)]
    pages += [f"/club/t/{thread}/reply?quote=5", "/club/?page=1"]
    for path in pages:
        page.goto(live_server_url + path)
        expect(page.locator("main")).to_be_visible()
        page.mouse.move(200, 300)  # hover handlers would fire now
        found = page.evaluate(PLANTED)
        assert found == [], f"{path}: {found}"
    shown = page.locator(".post-body").count() + page.locator(".topic-title").count()
    assert shown > 0
    page.goto(f"{live_server_url}/club/t/{thread}?page=2")
    expect(page.get_by_text("<script>alert(1)</script>").first).to_be_visible()
    screenshot(page, "club-xss-payloads-inert")
    assert dialogs == []


def test_a_pm_asks_a_director_answers_and_the_pm_accepts(
    page: Page, live_server_url: str, new_context
):
    title = "Contingency for a fixed-price bid: how much?"
    login(page, live_server_url, "pm@academy.test")
    page.goto(f"{live_server_url}/club/")
    screenshot(page, "club-index-pm")
    page.get_by_role("link", name="New topic").first.click()
    page.get_by_label("Category").select_option(label="Risk management")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Post").fill("We bid fixed price. How do you size the **contingency**?")
    page.get_by_label("This is a question").check()
    expect(page.get_by_test_id("draft-status")).to_contain_text("Draft saved")
    page.get_by_role("button", name="Create topic").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    topic_url = page.url

    director = new_context(viewport=PHONE)
    other = director.new_page()
    login(other, live_server_url, "director@academy.test")
    other.goto(topic_url)
    box = other.get_by_label("Your reply")
    box.fill("From the quantified risks, plus a reserve. @p")
    expect(other.locator("[role=listbox] [data-handle=pm]")).to_be_visible()
    other.keyboard.press("Enter")
    expect(box).to_have_value(re.compile(r"@pm $"))
    box.type("knows our register.")
    other.get_by_role("button", name="Reply", exact=True).last.click()
    expect(other.locator("#post-2")).to_contain_text("knows our register")
    expect(other.locator("#post-2 a.mention")).to_have_text("@pm")
    screenshot(other, "club-topic-answered-phone")
    director.close()

    page.goto(f"{live_server_url}/notifications/")
    expect(page.get_by_text("mentioned you").first).to_be_visible()
    page.goto(topic_url)
    page.get_by_role("button", name="Mark as the answer").click()
    expect(page.get_by_test_id("solution")).to_contain_text("knows our register")
    screenshot(page, "club-topic-solved")
    page.goto(f"{live_server_url}/club/c/risk")
    row = page.get_by_test_id("topic-row").filter(has_text=title)
    expect(row.get_by_test_id("solved")).to_be_visible()


@pytest.fixture
def tagged_topic(browser_app):
    """A topic of the PM's in the risk category, tagged Risk; its title is this run's own."""
    from community.tags.models import Tag

    title = f"Who owns the risk register? ({uuid.uuid4().hex[:6]})"
    with browser_app.app_context():
        pm = db.session.scalar(select(User).where(User.email == "pm@academy.test"))
        category = db.session.scalar(select(Category).where(Category.slug == "risk"))
        risk = db.session.scalar(select(Tag).where(Tag.slug == "risk"))
        services.start_topic(
            category, actor=pm, title=title, body="The PM, the sponsor or the PMO?",
            tag_ids=[risk.id],
        )  # fmt: skip
        db.session.commit()
    return title


def test_a_pm_browses_by_tag_and_retitles_their_topic(
    page: Page, live_server_url: str, new_context, tagged_topic: str
):
    login(page, live_server_url, "pm@academy.test")
    page.goto(f"{live_server_url}/club/")
    page.locator("main").get_by_role("link", name="Tags", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tags")
    screenshot(page, "club-tags")
    page.get_by_test_id("tag-link").get_by_role("link", name="Risk", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Risk")
    row = page.get_by_test_id("topic-row").filter(has_text=tagged_topic)
    expect(row).to_be_visible()
    screenshot(page, "club-tag-risk")

    row.get_by_role("link", name=tagged_topic).click()
    page.locator("#post-1").get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Title")).to_have_value(tagged_topic)
    expect(page.get_by_label("Risk", exact=True)).to_be_checked()
    screenshot(page, "club-topic-edit-first-post")
    retitled = tagged_topic.replace("Who owns", "Who keeps")
    page.get_by_label("Title").fill(retitled)
    page.get_by_label("Risk", exact=True).uncheck()
    page.get_by_label("Stakeholder", exact=True).check()
    page.get_by_label("Reason for the edit").fill("Clearer title; it is about stakeholders")
    page.get_by_role("button", name="Save edit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(retitled)
    page.get_by_role("link", name="Stakeholder", exact=True).first.click()
    expect(page.get_by_test_id("topic-row").filter(has_text=retitled)).to_be_visible()

    phone = new_context(viewport=PHONE)
    other = phone.new_page()
    login(other, live_server_url, "director@academy.test")
    other.goto(f"{live_server_url}/club/")
    expect(other.get_by_test_id("new-count")).to_have_text(re.compile(r"^[1-9]\d*$"))
    other.goto(f"{live_server_url}/club/tag/risk")
    expect(other.get_by_role("heading", level=1)).to_contain_text("Risk")
    expect(other.get_by_test_id("topic-row").filter(has_text=retitled)).to_have_count(0)
    screenshot(other, "club-tag-risk-phone")
    phone.close()


def test_the_club_in_chinese(new_context, live_server_url: str):
    context = new_context(locale="zh-CN")
    page = context.new_page()
    log_in_any_language(page, live_server_url, "director@academy.test")
    page.goto(f"{live_server_url}/club/")
    expect(page.get_by_role("heading", level=1)).to_have_text("项目经理俱乐部")
    expect(page.get_by_role("link", name="最新")).to_be_visible()
    screenshot(page, "zh-club-index")
    page.get_by_test_id("topic-row").first.get_by_role("link").first.click()
    expect(page.get_by_role("button", name="保存")).to_be_visible()
    screenshot(page, "zh-club-topic")
    headed_in_chinese(
        page,
        live_server_url,
        "zh-club",
        [
            ("/club/members", "members"),
            ("/club/experts", "experts"),
            ("/club/tag/", "tags"),
            ("/club/lessons/", "lessons"),
            ("/club/search?q=风险", "search"),
            ("/library/", "library"),
            ("/library/suggestions/new", "library-suggest"),
        ],
    )
    page.goto(f"{live_server_url}/club/tag/")
    page.get_by_test_id("tag-link").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("标签")
    screenshot(page, "zh-club-tag")
    page.goto(f"{live_server_url}/club/members")
    page.get_by_test_id("member-row").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"\S"))
    screenshot(page, "zh-club-member-profile")
    context.close()


def test_the_pmos_club_pages_in_chinese(new_context, live_server_url: str):
    context = new_context(locale="zh-CN")
    page = context.new_page()
    log_in_any_language(page, live_server_url, "pmo@academy.test")
    headed_in_chinese(
        page,
        live_server_url,
        "zh-club-pmo",
        [
            ("/club/review", "review"),
            ("/club/tags/", "tag-set"),
            ("/club/lessons/queue", "lessons-queue"),
            ("/club/categories/", "categories"),
            ("/library/review", "library-review"),
            ("/library/new", "library-new"),
        ],
    )
    context.close()


def headed_in_chinese(page: Page, base: str, prefix: str, pages: list[tuple[str, str]]) -> None:
    """Each page is headed in Chinese; its screenshot has axe-core check it."""
    for path, name in pages:
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(HAN)
        screenshot(page, f"{prefix}-{name}")

"""Moderation in the real browser: a PM flags a post, the category's moderator (the director,
in the demo) finds it in the review queue, agrees after the confirmation, and the PM is told;
a PM deletes their own reply after confirming and others see "post deleted"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from community.forum import services
from community.forum.models import Category
from lms.accounts.models import User
from lms.extensions import db
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def topic_url(browser_app, live_server_url):
    from community.forum.demo import seed_demo_forum

    with browser_app.app_context():
        seed_demo_forum()
        pm, pmo = (
            db.session.scalar(select(User).where(User.email == f"{who}@academy.test"))
            for who in ("pm", "pmo")
        )
        risk = db.session.scalar(select(Category).where(Category.slug == "risk"))
        topic = services.start_topic(
            risk, actor=pmo, title="Risk appetite statements that worked", body="Share yours."
        )
        services.reply_to_topic(topic, actor=pmo, body="Cheap watches, click here")
        services.reply_to_topic(topic, actor=pm, body="Ours fits on one page.")
        db.session.commit()
        return f"{live_server_url}/club/t/{topic.id}"


def test_flag_review_agree_and_delete(page: Page, live_server_url: str, topic_url, new_context):
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server_url, "pm@academy.test")
    page.goto(topic_url)
    page.locator("#post-2").get_by_role("link", name="Flag").click()
    page.get_by_label("It is spam").check()
    page.get_by_role("button", name="Flag post").click()
    expect(page.locator("#post-2").get_by_test_id("flagged")).to_be_visible()
    page.locator("#post-3").get_by_role("button", name="Delete").click()
    expect(page.locator("#post-3").get_by_test_id("deleted")).to_be_visible()

    moderator = new_context()
    other = moderator.new_page()
    other.on("dialog", lambda dialog: dialog.accept())
    login(other, live_server_url, "director@academy.test")
    other.goto(f"{live_server_url}/club/")
    other.get_by_test_id("review-link").click()
    card = other.get_by_test_id("flagged-post").filter(has_text="Cheap watches")
    expect(card.get_by_test_id("flag")).to_contain_text("It is spam")
    screenshot(other, "club-review-queue")
    card.get_by_role("button", name="Agree: hide the post").click()
    expect(other.get_by_test_id("flagged-post").filter(has_text="Cheap watches")).to_have_count(0)
    moderator.close()

    page.goto(f"{live_server_url}/notifications/")
    expect(page.get_by_text("agreed with your flag").first).to_be_visible()

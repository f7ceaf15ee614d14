"""The PM club's journey in the real browser, on a phone where people would use it: a PM finds
an expert in the directory and asks; the expert answers; the PM accepts the answer, which then
shows on the expert's profile; a PM records a lesson learned, the PMO validates and publishes it,
and its discussion topic appears in the club. Known XSS payloads as tag names and as every text
field of a lesson stay inert."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from community.forum import queries as forum_queries
from community.lessons import services as lesson_services
from community.lessons.models import TEXTS, Lesson
from community.tags import services as tag_services
from community.tags.models import TagGroup
from competencies.framework.models import Framework
from competencies.profiles.services import confirm_level
from lms.accounts.models import User
from lms.extensions import db
from lms.permissions import SYSTEM
from tests.browser.conftest import PHONE, login, screenshot
from tests.browser.test_forum import PIXEL, PLANTED
from tests.community.xss_payloads import PAYLOADS

pytestmark = pytest.mark.browser

# PLANTED looks at posts and titles; a lesson's fields and the tag pickers are elsewhere in
# the page, so this looks for what runs code anywhere in the main content.
PLANTED_ANYWHERE = PLANTED.replace(
    "&& el.closest('.post-body, .topic-title, h1')",
    "&& !['form', 'input', 'details'].includes(tag)",
)


@pytest.fixture(autouse=True)
def club(browser_app):
    """The demo club (`make run` loads it) and its lessons-learned category."""
    from community.forum.demo import seed_demo_forum
    from community.tags.services import seed_tags

    with browser_app.app_context():
        seed_tags()
        seed_demo_forum()
        lesson_services.seed_lessons_category()
        db.session.commit()


def _person(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def expert(browser_app):
    """The demo director, confirmed at the top of one competency of the framework in use, and
    the answers of theirs accepted so far."""
    with browser_app.app_context():
        framework = db.session.scalar(select(Framework).order_by(Framework.id))
        competency = framework.assessed_competencies[0]
        director = _person("director@academy.test")
        top = max(level.value for level in framework.levels)
        confirm_level(
            director, competency, top, actor=_person("pmo@academy.test"), justification="Led it."
        )
        db.session.commit()
        answered, _answers = forum_queries.accepted_answers(director.id)  # earlier tests' too
        return director.name, competency.name, answered


def test_a_pm_asks_an_expert_from_the_directory_and_accepts_the_answer(
    new_context, live_server_url: str, expert
):
    name, competency, answered = expert
    title = "How do you keep a steering committee short?"
    pm = new_context(viewport=PHONE).new_page()
    login(pm, live_server_url, "pm@academy.test")
    pm.goto(f"{live_server_url}/club/experts")
    field = pm.get_by_test_id("expert-field").filter(has_text=competency)
    expect(field.get_by_test_id("expert").filter(has_text=name)).to_be_visible()
    screenshot(pm, "club-experts-phone")
    field.get_by_role("link", name=f"Ask {name} about {competency}").click()
    expect(pm.get_by_label("This is a question")).to_be_checked()
    assert pm.get_by_label("Post").input_value().startswith("@director ")
    pm.get_by_label("Title").fill(title)
    pm.get_by_label("Post").press("End")
    pm.get_by_label("Post").type("what goes on the one-page agenda? Ours:")
    pm.get_by_label("Post").press("End")
    pm.get_by_test_id("attach").set_input_files(
        files=[{"name": "agenda.png", "mimeType": "image/png", "buffer": PIXEL}]
    )
    expect(pm.get_by_label("Post")).to_have_value(re.compile(r"!\[agenda\.png\]\(/uploads/\w+\)"))
    pm.get_by_role("button", name="Create topic").click()
    expect(pm.get_by_role("heading", level=1)).to_contain_text(title)
    expect(pm.locator("#post-1 img[alt='agenda.png']")).to_be_visible()
    topic_url = pm.url

    director = new_context(viewport=PHONE).new_page()
    login(director, live_server_url, "director@academy.test")
    director.goto(f"{live_server_url}/")
    waiting = director.get_by_test_id("waiting-questions")
    expect(waiting).to_contain_text(title)
    screenshot(director, "club-home-expert-questions-phone")
    waiting.get_by_role("link", name=title).click()
    director.get_by_label("Your reply").fill("Decisions needed first, then risks; 30 minutes.")
    director.get_by_role("button", name="Reply", exact=True).last.click()
    expect(director.locator("#post-2")).to_contain_text("30 minutes")

    pm.goto(topic_url)
    pm.get_by_role("button", name="Mark as the answer").click()
    expect(pm.get_by_test_id("solution")).to_contain_text("30 minutes")
    screenshot(pm, "club-question-solved-phone")
    pm.goto(f"{live_server_url}/club/experts")
    pm.get_by_role("link", name=name).first.click()
    expect(pm.get_by_test_id("answer-count")).to_have_text(str(answered + 1))
    expect(pm.get_by_role("link", name=title)).to_be_visible()
    screenshot(pm, "club-expert-profile-phone")


def test_a_lesson_is_recorded_validated_published_and_discussed(new_context, live_server_url: str):
    title = "Book the test environments before sprint 1"
    pm = new_context(viewport=PHONE).new_page()
    login(pm, live_server_url, "pm@academy.test")
    pm.goto(f"{live_server_url}/club/lessons/")
    pm.get_by_role("link", name="Log a lesson").first.click()
    pm.get_by_label("Title").fill(title)
    pm.get_by_label("Project", exact=True).fill("CRM replacement")
    pm.get_by_label("Phase").select_option(label="Planning")
    pm.get_by_label("Negative: avoid it").check()
    pm.get_by_label("What happened").fill("Testing waited **three weeks** for servers.")
    pm.get_by_label("Recommendation").fill("Order environments with the kick-off.")
    pm.get_by_role("button", name="Save lesson").click()
    expect(pm.get_by_role("heading", level=1)).to_contain_text(title)
    pm.get_by_role("button", name="Submit to the PMO").click()
    expect(pm.get_by_test_id("lesson-state")).to_have_text("Awaiting validation")
    screenshot(pm, "club-lesson-submitted-phone")

    pmo = new_context().new_page()
    pmo.on("dialog", lambda dialog: dialog.accept())
    login(pmo, live_server_url, "pmo@academy.test")
    pmo.goto(f"{live_server_url}/club/lessons/queue")
    pmo.get_by_role("link", name=title).click()
    pmo.get_by_role("button", name="Validate").click()
    pmo.get_by_role("button", name="Publish").click()
    discuss = pmo.get_by_role("link", name="Discuss it in the club")
    expect(discuss).to_be_visible()
    screenshot(pmo, "club-lesson-published")
    discuss.click()
    expect(pmo.get_by_role("heading", level=1)).to_contain_text(title)

    pm.goto(f"{live_server_url}/club/")
    expect(pm.get_by_test_id("topic-row").filter(has_text=title)).to_be_visible()
    pm.goto(f"{live_server_url}/club/lessons/?q=environments")
    expect(pm.get_by_role("link", name=title)).to_be_visible()
    screenshot(pm, "club-lessons-search-phone")


@pytest.fixture
def planted_lessons(browser_app):
    """A tag per payload (its name), a topic and a lesson carrying them, and published
    lessons whose title and every text field are payloads."""
    from community.forum import services as forum_services
    from community.forum.models import Category

    with browser_app.app_context():
        pm, pmo = _person("pm@academy.test"), _person("pmo@academy.test")
        tags = [
            tag_services.save_tag(
                None,
                actor=SYSTEM,
                group=TagGroup.PROJECT_TYPE,
                slug=f"xss-{n:02d}",
                names={"en": payload[:100]},
                position=100 + n,
            )
            for n, payload in enumerate(PAYLOADS)
        ]
        category = db.session.scalar(select(Category).where(Category.slug == "risk"))
        topic = forum_services.start_topic(
            category, actor=pm, title="Tagged with every payload", body="Tags",
            tag_ids=[t.id for t in tags],
        )  # fmt: skip
        ids = []
        per = len(TEXTS) + 1
        for start in range(0, len(PAYLOADS), per):
            chunk = PAYLOADS[start : start + per]
            texts = dict(zip(TEXTS, [*chunk[1:], *chunk][: len(TEXTS)], strict=True))
            texts["recommendation"] = texts["recommendation"] or "Do it again."
            lesson = lesson_services.save_lesson(
                None,
                actor=pm,
                title=f"Lesson {start:02d} {chunk[0]}"[:200],
                project=chunk[0][:200],
                impact=3,
                tag_ids=[t.id for t in tags[start : start + per]],
                **texts,
            )
            lesson_services.submit_lesson(lesson, actor=pm)
            lesson_services.validate_lesson(lesson, actor=pmo)
            lesson_services.publish_lesson(lesson, actor=pmo)
            ids.append(lesson.id)
        db.session.commit()
        topic_ids = [topic.id] + [db.session.get(Lesson, i).topic_id for i in ids]
        tag_ids = [t.id for t in tags]
    yield topic_ids[0], ids
    with browser_app.app_context():  # gone again, so no other test meets the payloads
        _remove(topic_ids, ids, tag_ids)


def _remove(topic_ids: list[int], lesson_ids: list[int], tag_ids: list[int]) -> None:
    from sqlalchemy import delete, or_

    from community.forum.models import Post, Topic, TopicReader, topic_tags
    from community.lessons.models import LessonStep, lesson_tags
    from community.tags.models import Tag
    from lms.search.models import SearchEntry

    db.session.execute(
        delete(SearchEntry).where(
            or_(
                (SearchEntry.kind == "post") & SearchEntry.parent_id.in_(topic_ids),
                (SearchEntry.kind == "lesson") & SearchEntry.object_id.in_(lesson_ids),
            )
        )
    )
    db.session.execute(delete(lesson_tags).where(lesson_tags.c.lesson_id.in_(lesson_ids)))
    db.session.execute(delete(LessonStep).where(LessonStep.lesson_id.in_(lesson_ids)))
    db.session.execute(delete(Lesson).where(Lesson.id.in_(lesson_ids)))
    db.session.execute(delete(topic_tags).where(topic_tags.c.topic_id.in_(topic_ids)))
    db.session.execute(delete(TopicReader).where(TopicReader.topic_id.in_(topic_ids)))
    db.session.execute(delete(Post).where(Post.topic_id.in_(topic_ids)))
    db.session.execute(delete(Topic).where(Topic.id.in_(topic_ids)))
    db.session.execute(delete(Tag).where(Tag.id.in_(tag_ids)))
    db.session.commit()


def test_xss_payloads_stay_inert_as_tags_and_lesson_fields(
    page: Page, live_server_url: str, planted_lessons
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route(  # images from the site's own uploads are allowed: a pixel stands in
        re.compile(r".*/uploads/.*"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=PIXEL),
    )
    topic_id, lesson_ids = planted_lessons
    login(page, live_server_url, "pmo@academy.test")
    paths = [
        f"/club/t/{topic_id}",
        "/club/",
        "/club/new-topic",
        "/club/search?q=tags",
        "/club/tags/",
        "/club/lessons/",
        "/club/lessons/?page=2",
        "/club/lessons/new",
        *(f"/club/lessons/{lesson_id}" for lesson_id in lesson_ids),
        f"/club/lessons/{lesson_ids[0]}/edit",
    ]
    for path in paths:
        page.goto(live_server_url + path)
        expect(page.locator("main")).to_be_visible()
        page.mouse.move(200, 300)
        found = page.evaluate(PLANTED_ANYWHERE)
        assert found == [], f"{path}: {found}"
    page.goto(f"{live_server_url}/club/lessons/{lesson_ids[0]}")
    expect(page.get_by_text("<script>alert(1)</script>").first).to_be_visible()
    screenshot(page, "club-lesson-xss-inert")
    assert dialogs == []

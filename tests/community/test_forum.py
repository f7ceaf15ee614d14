"""The forum's rules as a Discourse user expects them: post numbers, new and unread, the place
that only moves forward, watching and muting, pinned until read, locked and read-only."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import g
from sqlalchemy import select

from community.forum import queries, services
from community.forum.models import Category, Level, Post, TopicReader
from community.forum.services.reading import place_reader
from lms.audit.models import AuditEntry
from lms.clock import utcnow
from lms.errors import PermissionDenied, ServiceError
from lms.notifications.models import Notification
from tests.community.conftest import make_category, start


def _kinds(db, person) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == person.id)
            .order_by(Notification.id)
        )
    )


def _level(db, person, topic) -> int | None:
    return db.session.scalar(
        select(TopicReader.level).where(
            TopicReader.user_id == person.id, TopicReader.topic_id == topic.id
        )
    )


def test_posts_are_numbered_in_order_and_counted(db, people, category):
    topic = start(category, people["pm"])
    second = services.reply_to_topic(topic, actor=people["director"], body="Use the register.")
    third = services.reply_to_topic(topic, actor=people["pmo"], body="Agreed.", reply_to_number=2)
    assert (second.number, third.number) == (2, 3)
    assert topic.post_count == 3 and topic.last_poster_id == people["pmo"].id
    db.session.refresh(category)
    assert (category.topic_count, category.post_count) == (1, 3)
    assert [p.number for p in queries.posts(topic, 1, people["pm"]).items] == [1, 2, 3]


def test_markdown_is_rendered_once_and_stored_sanitised(db, people, category):
    topic = start(category, people["pm"], body="**bold** <script>alert(1)</script>")
    post = db.session.scalar(select(Post).where(Post.topic_id == topic.id))
    assert "<strong>bold</strong>" in post.html and "<script" not in post.html
    assert post.body.startswith("**bold**")  # the author's text is kept for editing


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [("abc", "A real question here", "title"), ("A long enough title", " ", "body")],
)
def test_a_title_or_post_out_of_bounds_is_refused_at_its_field(
    db, people, category, title, body, field
):
    with pytest.raises(ServiceError) as refused:
        services.start_topic(category, actor=people["pm"], title=title, body=body)
    assert refused.value.field == field


def test_a_topic_is_new_until_opened_then_unread_posts_are_counted(db, people, category):
    pm, director = people["pm"], people["director"]
    topic = start(category, director)
    assert queries.counts(pm) == {"new": 1, "unread": 0}
    [item] = queries.topics(pm, "new", 1).items
    assert item.is_new and item.unread == 0

    services.mark_topic_read(topic, actor=pm, up_to=1)
    assert queries.counts(pm) == {"new": 0, "unread": 0}
    assert _level(db, pm, topic) == Level.TRACKING  # opening a topic starts tracking it

    services.reply_to_topic(topic, actor=director, body="One more thing.")
    services.reply_to_topic(topic, actor=director, body="And another.")
    [item] = queries.topics(pm, "unread", 1).items
    assert (item.unread, item.first_unread) == (2, 2)
    assert queries.counts(pm) == {"new": 0, "unread": 1}

    services.mark_topic_read(topic, actor=pm, up_to=3)
    assert queries.topics(pm, "unread", 1).items == []


def test_a_read_sent_from_a_page_older_than_a_reply_leaves_the_topic_unread(db, people, category):
    """The page a reader scrolls was drawn before the latest reply: their read of post 1
    (as that page knew the topic) lands after the reply and must not hide it."""
    pm, director = people["pm"], people["director"]
    topic = start(category, director)
    services.mark_topic_read(topic, actor=pm, up_to=1)
    services.reply_to_topic(topic, actor=director, body="Posted while the page was open.")
    as_the_page_saw_it = SimpleNamespace(id=topic.id, post_count=1)
    place_reader(pm.id, as_the_page_saw_it, last_read=1, level=None, reason="read")
    assert queries.counts(pm)["unread"] == 1
    [item] = queries.topics(pm, "unread", 1).items
    assert (item.id, item.first_unread) == (topic.id, 2)


def test_an_old_topic_never_opened_is_not_new(db, people, category):
    topic = start(category, people["director"])
    topic.created_at = utcnow() - timedelta(days=queries.NEW_DAYS + 1)
    db.session.flush()
    assert queries.counts(people["pm"])["new"] == 0


def test_a_place_only_moves_forward(db, people, category):
    topic = start(category, people["director"])
    for n in range(4):
        services.reply_to_topic(topic, actor=people["director"], body=f"Reply {n}")
    services.mark_topic_read(topic, actor=people["pm"], up_to=4)
    services.mark_topic_read(topic, actor=people["pm"], up_to=2)  # an older tab scrolled
    services.mark_topic_read(topic, actor=people["pm"], up_to=99)  # past the end: the last post
    assert queries.place_of(people["pm"], topic)[0] == 5


def test_a_normal_topic_counts_no_unread_posts(db, people, category):
    topic = start(category, people["director"])
    services.mark_topic_read(topic, actor=people["pm"], up_to=1)
    services.set_topic_level(topic, actor=people["pm"], level=Level.NORMAL)
    services.reply_to_topic(topic, actor=people["director"], body="News")
    assert queries.counts(people["pm"])["unread"] == 0


def test_creating_or_replying_makes_someone_watch_and_watchers_hear_of_every_post(
    db, people, category
):
    pm, director, pmo = people["pm"], people["director"], people["pmo"]
    topic = start(category, pm)
    assert _level(db, pm, topic) == Level.WATCHING
    services.reply_to_topic(topic, actor=director, body="First answer")
    assert _level(db, director, topic) == Level.WATCHING
    assert _kinds(db, pm) == ["forum.new_post"]
    services.reply_to_topic(topic, actor=pmo, body="Second answer")
    assert _kinds(db, pm) == ["forum.new_post", "forum.new_post"]
    assert _kinds(db, director) == ["forum.new_post"]
    assert _kinds(db, pmo) == []  # nobody hears of their own post


def test_a_muted_topic_tells_nothing_and_leaves_the_latest_list(db, people, category):
    pm, director = people["pm"], people["director"]
    topic = start(category, pm)
    other = start(category, director, title="Another question entirely")
    services.set_topic_level(topic, actor=pm, level=Level.MUTED)
    services.reply_to_topic(topic, actor=director, body="Answer", reply_to_number=1)
    assert _kinds(db, pm) == []
    assert [t.id for t in queries.topics(pm, "latest", 1).items] == [other.id]


def test_the_author_of_the_post_replied_to_hears_of_it_at_normal_level(db, people, category):
    pm, director, pmo = people["pm"], people["director"], people["pmo"]
    topic = start(category, director)
    services.reply_to_topic(topic, actor=pm, body="My view")
    services.set_topic_level(topic, actor=pm, level=Level.NORMAL)
    services.reply_to_topic(topic, actor=pmo, body="I disagree", reply_to_number=2)
    assert _kinds(db, pm) == ["forum.replied"]


def test_a_pinned_topic_heads_the_list_until_the_reader_opens_it(db, people, category):
    pm = people["pm"]
    pinned = start(category, people["pmo"], title="Read this first, everyone")
    services.pin_topic(pinned, actor=people["pmo"])
    later = start(category, people["director"], title="A later question here")
    assert [t.id for t in queries.pinned(pm)] == [pinned.id]
    assert [t.id for t in queries.topics(pm, "latest", 1).items] == [later.id]
    services.mark_topic_read(pinned, actor=pm, up_to=1)
    assert queries.pinned(pm) == []
    assert {t.id for t in queries.topics(pm, "latest", 1).items} == {later.id, pinned.id}
    assert db.session.scalar(
        select(AuditEntry.action).where(
            AuditEntry.object_type == "Topic", AuditEntry.object_id == pinned.id
        )
    ) == ("forum.topic_pinned")


def test_a_locked_topic_takes_replies_from_moderators_only(db, people, category):
    topic = start(category, people["pm"])
    services.lock_topic(topic, actor=people["pmo"])
    with pytest.raises(PermissionDenied):
        services.reply_to_topic(topic, actor=people["director"], body="Late answer")
    services.reply_to_topic(topic, actor=people["pmo"], body="Closing note")
    assert _kinds(db, people["pm"]) == ["forum.locked", "forum.new_post"]


def test_in_an_announcement_category_only_the_pmo_starts_topics_but_members_reply(db, people):
    news = make_category("news", read_only=True)
    with pytest.raises(PermissionDenied):
        start(news, people["pm"])
    topic = start(news, people["pmo"], title="New templates are out")
    services.reply_to_topic(topic, actor=people["pm"], body="Thanks!")


def test_a_category_needs_a_valid_unused_web_name_and_an_english_name(db, people, category):
    pmo = people["pmo"]
    for slug, field in [("Bad Slug", "slug"), ("risk", "slug")]:
        with pytest.raises(ServiceError) as refused:
            services.save_category(None, actor=pmo, slug=slug, names={"en": "X"})
        assert refused.value.field == field
    with pytest.raises(ServiceError) as refused:
        services.save_category(None, actor=pmo, slug="ok", names={"zh_CN": "只有中文"})
    assert refused.value.field == "name_en"
    with pytest.raises(PermissionDenied):
        services.save_category(None, actor=people["hr"], slug="ok", names={"en": "X"})
    assert db.session.scalar(select(Category.slug).where(Category.slug == "ok")) is None


def test_someone_who_left_the_club_cannot_post(db, people, category):
    from community.club.services import leave_club

    leave_club(people["pm"], actor=people["pm"])
    with pytest.raises(PermissionDenied):
        start(category, people["pm"])


def test_watching_a_category_tells_of_every_post_and_muting_it_hides_its_topics(
    db, people, category
):
    pm, director, pmo = people["pm"], people["director"], people["pmo"]
    other = make_category("other", position=1)
    services.set_category_level(category, actor=pm, level=Level.WATCHING)
    topic = start(category, director)
    services.reply_to_topic(topic, actor=pmo, body="A reply in a watched category.")
    kinds = [n.kind for n in db.session.scalars(select(Notification).filter_by(user_id=pm.id))]
    assert kinds.count("forum.new_post") == 2  # the new topic and the reply
    services.set_topic_level(topic, actor=pm, level=Level.NORMAL)  # less for this topic
    services.reply_to_topic(topic, actor=pmo, body="Not told of this one.")
    kinds = [n.kind for n in db.session.scalars(select(Notification).filter_by(user_id=pm.id))]
    assert kinds.count("forum.new_post") == 2

    elsewhere = start(other, director, title="Elsewhere entirely")
    services.set_category_level(category, actor=pm, level=Level.MUTED)
    db.session.expire_all()  # the categories' counts, as the next request reads them
    g.pop("forum_categories", None)
    assert [t.id for t in queries.topics(pm, "latest", 1).items] == [elsewhere.id]
    assert queries.topics(pm, "latest", 1).total == 1
    assert [t.id for t in queries.topics(pm, "new", 1).items] == [elsewhere.id]
    assert queries.counts(pm)["new"] == 1
    # the muted category's own page still lists its topics
    assert [t.id for t in queries.topics(pm, "latest", 1, category=category).items] == [topic.id]


def test_a_member_sets_a_category_level_on_its_page(client, db, people, category, login_as):
    login_as(people["pm"])
    page = client.get(f"/club/c/{category.slug}").get_data(as_text=True)
    assert 'data-testid="category-level"' in page
    response = client.post(f"/club/c/{category.slug}/level", data={"level": int(Level.WATCHING)})
    assert response.status_code == 302
    assert queries.category_levels(people["pm"]) == {category.id: Level.WATCHING}

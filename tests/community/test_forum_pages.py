"""The forum's pages: lists with their tabs, a long topic's pages and the first-unread jump,
quoting, replying, the read marker, levels, moderation buttons, categories, membership."""

from __future__ import annotations

import re

from sqlalchemy import select

from community.forum import queries, services
from community.forum.models import Post, Topic
from tests.community.conftest import make_category, start


def _long_topic(db, category, people, posts: int = 45):
    topic = start(category, people["director"])
    for n in range(posts - 1):
        services.reply_to_topic(topic, actor=people["director"], body=f"Reply number {n + 2}")
    db.session.commit()
    return topic


def test_the_index_lists_topics_with_new_and_unread_tabs(client, db, people, category, login_as):
    topic = start(category, people["director"], title="Sizing contingency reserves")
    db.session.commit()
    login_as(people["pm"])
    page = client.get("/club/").get_data(as_text=True)
    assert "Sizing contingency reserves" in page
    assert 'data-testid="new-badge"' in page
    assert 'hx-get="/club/counts"' in page  # the tabs' counts come once the list has shown
    counts = client.get("/club/counts").get_data(as_text=True)
    assert 'data-testid="new-count">1<' in counts and 'data-testid="unread-total"' not in counts
    assert "Sizing contingency reserves" in client.get("/club/new").get_data(as_text=True)
    assert "Nothing unread" in client.get("/club/unread").get_data(as_text=True)
    assert client.get(f"/club/c/{category.slug}").status_code == 200
    assert client.get("/club/c/nope").status_code == 404
    assert topic.id


def test_a_long_topic_pages_by_twenty_and_jumps_to_the_first_unread(
    client, db, people, category, login_as
):
    topic = _long_topic(db, category, people)
    services.mark_topic_read(topic, actor=people["pm"], up_to=22)
    db.session.commit()
    login_as(people["pm"])
    first = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert re.findall(r'id="post-(\d+)"', first) == [str(n) for n in range(1, 21)]
    assert f'href="/club/t/{topic.id}/23#post-23"' in first  # jump to first unread
    # the list's link lands there too, and that URL shows the page holding post 23
    listed = client.get("/club/unread").get_data(as_text=True)
    assert f"/club/t/{topic.id}/23#post-23" in listed
    landed = client.get(f"/club/t/{topic.id}/23").get_data(as_text=True)
    assert re.findall(r'id="post-(\d+)"', landed) == [str(n) for n in range(21, 41)]
    last = client.get(f"/club/t/{topic.id}?page=3").get_data(as_text=True)
    assert re.findall(r'id="post-(\d+)"', last) == [str(n) for n in range(41, 46)]
    assert 'name="body"' in last  # the reply box is on the last page only
    assert 'name="body"' not in first


def test_the_read_marker_moves_the_readers_place(client, db, people, category, login_as):
    topic = _long_topic(db, category, people, posts=25)
    login_as(people["pm"])
    page = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert 'hx-trigger="revealed"' in page and 'name="number" value="20"' in page
    assert client.post(f"/club/t/{topic.id}/read", data={"number": 20}).status_code == 204
    assert queries.place_of(people["pm"], topic)[0] == 20
    assert client.post(f"/club/t/{topic.id}/read", data={"number": "x"}).status_code == 422


def test_quoting_links_back_to_the_quoted_post(client, db, people, category, login_as):
    topic = start(category, people["director"], body="Keep **5%** for unknowns.")
    db.session.commit()
    login_as(people["pm"])
    form = client.get(f"/club/t/{topic.id}/reply?quote=1").get_data(as_text=True)
    assert "&gt; Keep **5%** for unknowns." in form
    quote = (
        f"> [Director Person wrote in post 1](/club/t/{topic.id}/1#post-1):\n>\n"
        "> Keep **5%** for unknowns.\n\nWhy five?"
    )
    answer = client.post(f"/club/t/{topic.id}/reply", data={"body": quote, "reply_to": 1})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/2#post-2")
    post = db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.number == 2))
    assert post.reply_to_number == 1
    assert (
        f'<blockquote>\n<p><a href="/club/t/{topic.id}/1#post-1" rel="nofollow noopener">'
        in post.html
    )
    shown = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert "in reply to post 1" in shown


def test_an_empty_reply_is_refused_at_its_field_and_nothing_is_saved(
    client, db, people, category, login_as
):
    topic = start(category, people["director"])
    db.session.commit()
    login_as(people["pm"])
    response = client.post(f"/club/t/{topic.id}/reply", data={"body": "  "})
    assert response.status_code == 422
    assert "invalid-feedback" in response.get_data(as_text=True)
    assert db.session.get(Topic, topic.id).post_count == 1


def test_starting_a_topic_from_the_page(client, db, people, category, login_as):
    make_category("news", read_only=True, position=1)
    db.session.commit()
    login_as(people["pm"])
    form = client.get("/club/new-topic").get_data(as_text=True)
    assert "Risk" in form and "News" not in form  # announcements: the PMO's only
    response = client.post(
        "/club/new-topic",
        data={"category_id": category.id, "title": "What goes in a charter?", "body": "Ideas?"},
    )
    assert response.status_code == 302
    topic = db.session.scalar(select(Topic).where(Topic.title == "What goes in a charter?"))
    assert response.headers["Location"].endswith(f"/club/t/{topic.id}")
    news = db.session.scalar(select(Topic.id).where(Topic.category_id != category.id))
    assert news is None
    refused = client.post(
        "/club/new-topic",
        data={"category_id": 999, "title": "Anywhere at all please", "body": "Ideas?"},
    )
    assert refused.status_code == 422


def test_choosing_a_level_on_the_topic_page(client, db, people, category, login_as):
    topic = start(category, people["director"])
    db.session.commit()
    login_as(people["pm"])
    assert client.post(f"/club/t/{topic.id}/level", data={"level": 0}).status_code == 302
    assert queries.place_of(people["pm"], topic)[1] == 0
    assert "never told" in client.get(f"/club/t/{topic.id}").get_data(as_text=True)


def test_moderators_pin_and_lock_from_the_topic_page(client, db, people, category, login_as):
    topic = start(category, people["pm"])
    db.session.commit()
    login_as(people["pmo"])
    page = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert "Close to replies" in page and "Pin" in page
    client.post(f"/club/t/{topic.id}/lock")
    client.post(f"/club/t/{topic.id}/pin")
    db.session.expire_all()
    found = db.session.get(Topic, topic.id)
    assert found.is_locked and found.is_pinned
    client.post("/logout")
    login_as(people["director"])
    shown = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert "it takes no more replies" in shown and "Close to replies" not in shown
    assert client.get(f"/club/t/{topic.id}/reply").status_code == 403


def test_a_hidden_topic_is_not_found_by_members_but_moderators_see_it(
    client, db, people, category, login_as
):
    topic = start(category, people["pm"])
    topic.is_hidden = True
    db.session.commit()
    login_as(people["director"])
    assert client.get(f"/club/t/{topic.id}").status_code == 404
    assert "How do you size" not in client.get("/club/").get_data(as_text=True)
    client.post("/logout")
    login_as(people["pmo"])
    assert client.get(f"/club/t/{topic.id}").status_code == 200


def test_the_pmo_manages_categories(client, db, people, login_as):
    login_as(people["pmo"])
    assert "No categories yet" in client.get("/club/categories/").get_data(as_text=True)
    response = client.post(
        "/club/categories/new",
        data={"name_en": "Lessons", "name_zh_CN": "经验教训", "slug": "lessons", "position": 2},
    )
    assert response.status_code == 302
    bad = client.post(
        "/club/categories/new", data={"name_en": "Again", "slug": "lessons", "position": 1}
    )
    assert bad.status_code == 422 and "Another category has this web name" in bad.get_data(
        as_text=True
    )
    page = client.get("/club/categories/").get_data(as_text=True)
    assert "Lessons" in page


def test_the_club_in_chinese(client, db, people, category, login_as):
    start(category, people["director"])
    people["pm"].locale = "zh_CN"
    db.session.commit()
    login_as(people["pm"])
    page = client.get("/club/").get_data(as_text=True)
    assert "最新" in page and "风险" in page

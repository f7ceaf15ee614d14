"""A topic's title and tags are edited with its first post, as in Discourse: a title edit has a
history (shown word by word, restored with the post), a tag edit moves the topic between the
tag pages and the search's tag filter at once; and the tag pages themselves."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from community.forum import queries, services
from community.forum.models import Post
from community.tags import queries as tag_queries
from community.tags.services import seed_tags
from lms.clock import utcnow
from lms.search.queries import Filters, search
from tests.community.conftest import start
from tests.querycount import count_queries


def _tag(slug: str):
    return next(t for t in tag_queries.all_tags() if t.slug == slug)


def _first_post(db, topic) -> Post:
    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.number == 1))


def _tagged_titles(tag) -> list[str]:
    return [hit.title for hit in search("", Filters(tag_id=tag.id), 1, 30).items]


def test_the_first_posts_form_edits_the_title_and_tags(client, db, people, category, login_as):
    seed_tags()
    risk, closing = _tag("risk"), _tag("closing")
    topic = services.start_topic(
        category, actor=people["pm"], title="Risk registers", body="Short.", tag_ids=[risk.id]
    )
    post = _first_post(db, topic)
    post.created_at = utcnow() - timedelta(hours=1)  # past the quick-edit grace
    db.session.commit()
    login_as(people["pm"])
    form = client.get(f"/club/p/{post.id}/edit").get_data(as_text=True)
    assert 'value="Risk registers"' in form and f'value="{risk.id}" checked' in form
    response = client.post(
        f"/club/p/{post.id}/edit",
        data={
            "title": "Risk registers people read",
            "body": "Short.",
            "tag_ids": [closing.id],
            "reason": "clearer title",
            "seen_revision": 0,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert topic.title == "Risk registers people read" and [t.id for t in topic.tags] == [
        closing.id
    ]
    assert _tagged_titles(closing) == ["Risk registers people read"]  # the search, at once
    assert _tagged_titles(risk) == []
    history = client.get(f"/club/p/{post.id}/history").get_data(as_text=True)
    assert 'data-testid="title-diff"' in history and "people read</ins>" in history
    # restoring the first version brings its title back too
    services.restore_revision(post, 1, actor=people["pm"])
    assert topic.title == "Risk registers"
    assert [hit.title for hit in search("registers", Filters(), 1, 30).items] == ["Risk registers"]


def test_an_empty_title_is_refused_at_the_field_and_nothing_changes(
    client, db, people, category, login_as
):
    topic = start(category, people["pm"], title="Budget reviews", body="Monthly?")
    post = _first_post(db, topic)
    db.session.commit()
    login_as(people["pm"])
    response = client.post(
        f"/club/p/{post.id}/edit", data={"title": " ", "body": "Weekly?", "seen_revision": 0}
    )
    assert response.status_code == 422 and 'id="title"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert topic.title == "Budget reviews" and post.body == "Monthly?"


def test_a_reply_has_no_title_to_edit(client, db, people, category, login_as):
    topic = start(category, people["pm"], title="Budget reviews", body="Monthly?")
    reply = services.reply_to_topic(topic, actor=people["pm"], body="Or weekly.")
    db.session.commit()
    login_as(people["pm"])
    assert 'name="title"' not in client.get(f"/club/p/{reply.id}/edit").get_data(as_text=True)
    services.edit_post(reply, actor=people["pm"], body="Or weekly!", title="Hijacked")
    assert topic.title == "Budget reviews"


def test_retagging_alone_makes_no_revision(db, people, category):
    seed_tags()
    topic = start(category, people["pm"], title="Budget reviews", body="Monthly?")
    post = _first_post(db, topic)
    post.created_at = utcnow() - timedelta(hours=1)
    made = services.edit_post(post, actor=people["pm"], body="Monthly?", tag_ids=[_tag("risk").id])
    assert (
        made is False
        and post.revision_count == 0
        and [t.id for t in topic.tags] == [_tag("risk").id]
    )


def test_a_tag_page_lists_its_shown_topics_and_the_tags_page_counts_them(
    client, db, people, category, login_as
):
    seed_tags()
    risk = _tag("risk")
    kept = services.start_topic(
        category, actor=people["pm"], title="Risk owners", body="Who?", tag_ids=[risk.id]
    )
    hidden = services.start_topic(
        category, actor=people["pm"], title="Risk spam", body="Buy now", tag_ids=[risk.id]
    )
    start(category, people["pm"], title="Untagged topic", body="No tags here")
    services.hide_topic(hidden, actor=people["pmo"], reason="spam")
    db.session.commit()
    login_as(people["director"])
    page = client.get(f"/club/tag/{risk.slug}").get_data(as_text=True)
    assert "Risk owners" in page and "Risk spam" not in page and "Untagged topic" not in page
    assert f'href="/club/tag/{risk.slug}"' in client.get("/club/").get_data(as_text=True)
    assert f'href="/club/tag/{risk.slug}"' in client.get(f"/club/t/{kept.id}").get_data(
        as_text=True
    )
    tags = client.get("/club/tag/").get_data(as_text=True)
    row = tags[tags.index(f'href="/club/tag/{risk.slug}"') :].split("</li>")[0]
    assert ">1<" in row  # the hidden topic is not counted
    assert client.get("/club/tag/no-such-tag").status_code == 404
    empty = client.get(f"/club/tag/{_tag('closing').slug}").get_data(as_text=True)
    assert "No topics with this tag yet" in empty
    client.post("/logout")
    login_as(people["pmo"])  # moderators see hidden topics in lists, as elsewhere
    assert "Risk spam" in client.get(f"/club/tag/{risk.slug}").get_data(as_text=True)


def test_a_tag_page_runs_the_same_statements_however_many_topics(
    app, client, db, people, category, login_as
):
    seed_tags()
    risk = _tag("risk")
    url = f"/club/tag/{risk.slug}"
    login_as(people["pm"])

    def statements() -> list[str]:
        with count_queries(db.engine) as counter:
            assert client.get(url).status_code == 200
        return list(counter.statements)

    services.start_topic(
        category, actor=people["pm"], title="One topic", body="Some text", tag_ids=[risk.id]
    )
    db.session.commit()
    statements()  # the first page reads once what later pages keep (the plan deputies)
    few = statements()
    for n in range(12):
        services.start_topic(
            category,
            actor=people["director"],
            title=f"Topic {n:02d}",
            body="Some text",
            tag_ids=[risk.id],
        )
    db.session.commit()
    more = statements()
    assert len(more) == len(few), "\n".join(sorted(set(few) ^ set(more)))
    assert len(queries.tagged_topics(people["pm"], risk, 1).items) == 13

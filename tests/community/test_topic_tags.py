"""Topics carry the club's tags: chosen when the topic is started, shown on the topic and in
the lists, and a search filter (with words, or a tag alone)."""

from __future__ import annotations

from community.forum import services
from community.tags import queries as tag_queries
from community.tags.services import seed_tags
from lms.search.queries import Filters, search
from tests.community.conftest import start


def _tag(slug: str):
    return next(t for t in tag_queries.all_tags() if t.slug == slug)


def test_a_topic_started_with_tags_is_found_by_them(client, db, people, category, login_as):
    seed_tags()
    risk, closing = _tag("risk"), _tag("closing")
    login_as(people["pm"])
    response = client.post(
        "/club/new-topic",
        data={
            "category_id": category.id,
            "title": "Risk registers that people read",
            "body": "Short ones, reviewed weekly.",
            "tag_ids": [risk.id, closing.id],
        },
    )
    assert response.status_code == 302
    tagged = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="topic-tags"' in tagged and risk.name in tagged
    assert closing.name in client.get("/club/").get_data(as_text=True)  # in the list's row
    other = start(category, people["director"], title="Risk budgets", body="risk reserve")
    services.reply_to_topic(other, actor=people["pm"], body="A registers reply")

    def found(typed: str, tag) -> list[str]:
        return [hit.title for hit in search(typed, Filters(tag_id=tag.id), 1, 30).items]

    assert found("risk", risk) == ["Risk registers that people read"]
    assert found("", closing) == ["Risk registers that people read"]  # a tag alone
    assert found("registers", _tag("planning")) == []
    page = client.get(f"/club/search?tag={risk.slug}").get_data(as_text=True)
    assert "Risk registers that people read" in page and "Risk budgets" not in page

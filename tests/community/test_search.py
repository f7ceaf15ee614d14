"""Search finds by words in any visible post (all words must match), ranks title matches
first, never shows hidden posts or topics, changes at once after an edit or a hide, filters by
category, author, solved and date, and finds Chinese words of two characters."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from community.forum import services
from community.forum.models import Post
from lms.audit.models import AuditEntry
from lms.clock import utcnow
from lms.search.queries import Filters, highlight, search
from lms.search.words import index_words, query_terms
from tests.community.conftest import make_category, start


def _found(typed: str, **filters) -> list[tuple[int, int]]:
    return [(h.parent_id, h.number) for h in search(typed, Filters(**filters), 1, 30).items]


def _post(db, topic, number: int) -> Post:
    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.number == number))


def test_chinese_runs_become_character_pairs():
    assert index_words("项目风险管理plan") == "项目 目风 风险 险管 管理 plan"
    assert query_terms("Risk 风险管理") == [["risk"], ["风险", "险管", "管理"]]


def test_every_word_must_match_and_words_match_as_prefixes(db, people, category):
    a = start(category, people["pm"], title="Weekly status meetings", body="risk mitigation plans")
    b = start(category, people["pm"], title="Another topic entirely", body="risk appetite only")
    assert set(_found("risk")) == {(a.id, 1), (b.id, 1)}
    assert _found("risk mitigation") == [(a.id, 1)]
    assert _found("mitig") == [(a.id, 1)]  # a prefix
    assert _found("nothing-like-this") == []
    assert _found("") == []


def test_title_matches_rank_first(db, people, category):
    body_only = start(
        category, people["pm"], title="Sprint planning basics",
        body="contingency " * 30,
    )  # fmt: skip
    titled = start(category, people["pm"], title="Contingency reserves", body="How much?")
    assert _found("contingency")[0] == (titled.id, 1)
    assert (body_only.id, 1) in _found("contingency")


def test_replies_are_found_and_an_edit_changes_what_is_found_at_once(db, people, category):
    topic = start(category, people["pm"])
    reply = services.reply_to_topic(topic, actor=people["director"], body="Use a burndown chart")
    assert _found("burndown") == [(topic.id, 2)]
    services.edit_post(reply, actor=people["director"], body="Use a cumulative flow diagram")
    assert _found("burndown") == []
    assert _found("cumulative flow") == [(topic.id, 2)]


def test_a_hidden_post_or_topic_is_never_found_and_comes_back_when_shown(db, people, category):
    topic = start(category, people["pm"], body="Vendor escalation path")
    reply = services.reply_to_topic(topic, actor=people["director"], body="Escalation matrix here")
    services.hide_post(reply, actor=people["pmo"], reason="off topic")
    assert _found("escalation") == [(topic.id, 1)]
    services.hide_topic(topic, actor=people["pmo"])
    assert _found("escalation") == []
    services.show_topic(topic, actor=people["pmo"])
    assert _found("escalation") == [(topic.id, 1)]  # the hidden reply stays hidden
    services.show_post(reply, actor=people["pmo"])
    assert set(_found("escalation")) == {(topic.id, 1), (topic.id, 2)}
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-4:] == [
        "forum.post_hidden", "forum.topic_hidden", "forum.topic_shown", "forum.post_shown"
    ]  # fmt: skip


def test_chinese_words_are_found_even_of_two_characters(db, people, category):
    topic = start(category, people["pm"], title="风险管理的经验", body="我们每周评审风险登记册。")
    assert _found("风险") == [(topic.id, 1)]
    assert _found("登记册") == [(topic.id, 1)]
    assert _found("风登") == []  # characters that are not next to each other
    hit = search("风险", Filters(), 1, 30).items[0]
    assert "<mark>风险</mark>" in hit.snippet


def test_filters_by_category_author_solved_and_date(db, people, category):
    other = make_category("other", position=1)
    question = services.start_topic(
        category, actor=people["pm"], title="Estimating a migration?", body="migration estimate",
        is_question=True,
    )  # fmt: skip
    services.reply_to_topic(question, actor=people["director"], body="migration by analogy")
    elsewhere = start(other, people["director"], title="Migration lessons", body="migration")
    assert {t for t, _n in _found("migration", scope_id=other.id)} == {elsewhere.id}
    assert _found("migration", author_id=people["director"].id) == [
        (elsewhere.id, 1),
        (question.id, 2),
    ] or set(_found("migration", author_id=people["director"].id)) == {
        (elsewhere.id, 1),
        (question.id, 2),
    }
    assert _found("migration", solved=True) == []
    services.accept_answer(question, 2, actor=people["pm"])
    assert {t for t, _n in _found("migration", solved=True)} == {question.id}
    assert _found("migration", after=utcnow() + timedelta(days=1)) == []


def test_snippets_mark_the_words_and_escape_the_text():
    html = str(highlight("<b>Risk</b> reviews & risky bets", [["risk"]], around=True))
    assert html == "&lt;b&gt;<mark>Risk</mark>&lt;/b&gt; reviews &amp; <mark>risky</mark> bets"


def test_the_search_page(client, db, people, category, login_as):
    topic = start(category, people["pm"], title="Stakeholder mapping", body="power interest grid")
    hidden = start(category, people["pm"], title="Stakeholder gossip", body="nothing to see")
    services.hide_topic(hidden, actor=people["pmo"])
    db.session.commit()
    login_as(people["hr"])
    page = client.get("/club/search?q=stakeholder").get_data(as_text=True)
    assert "<mark>Stakeholder</mark> mapping" in page and "gossip" not in page
    assert f"/club/t/{topic.id}/1#post-1" in page and "1 posts found" in page
    assert "Nothing found" in client.get("/club/search?q=zzzz").get_data(as_text=True)
    assert "Search topics and posts" in client.get("/club/search").get_data(as_text=True)
    filtered = client.get("/club/search?q=stakeholder&author=@nobody").get_data(as_text=True)
    assert "Nothing found" in filtered
    assert client.get("/club/search?q=power&after=not-a-date").status_code == 200

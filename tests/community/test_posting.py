"""Editing with history and the quick-edit grace, likes, accepted answers and server-kept
drafts, as a Discourse user expects them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.forum import queries, services
from community.forum.models import Draft, Post, PostLike, PostRevision, Topic
from lms.clock import utcnow
from lms.errors import PermissionDenied, ServiceError
from lms.notifications.models import Notification
from tests.community.conftest import start
from tests.conftest import login


def _first_post(db, topic) -> Post:
    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.number == 1))


def _age(db, post, minutes: int) -> None:
    post.created_at = utcnow() - timedelta(minutes=minutes)
    db.session.flush()


def test_a_quick_fix_within_the_grace_period_makes_no_revision(db, people, category):
    topic = start(category, people["pm"], body="Contingncy question")
    post = _first_post(db, topic)
    assert services.edit_post(post, actor=people["pm"], body="Contingency question") is False
    assert post.revision_count == 0 and post.body == "Contingency question"
    assert db.session.scalar(select(func.count()).select_from(PostRevision)) == 0
    assert post.edited_at is not None


def test_a_later_edit_keeps_what_the_post_said_with_the_reason(db, people, category):
    topic = start(category, people["pm"], body="Keep 5% for unknowns.")
    post = _first_post(db, topic)
    _age(db, post, 10)
    assert services.edit_post(
        post, actor=people["pm"], body="Keep 8% for unknowns.", reason="new data"
    )
    [version_1, version_2] = queries.history(post)
    assert (version_1.body, version_2.body) == ("Keep 5% for unknowns.", "Keep 8% for unknowns.")
    assert version_2.reason == "new data" and version_2.editor == "Pm Person"


def test_a_moderators_edit_always_makes_a_revision_and_tells_the_author(db, people, category):
    topic = start(category, people["pm"], body="A rude remark")
    post = _first_post(db, topic)
    assert services.edit_post(post, actor=people["pmo"], body="A remark", reason="tone")
    assert (
        db.session.scalar(select(Notification.kind).where(Notification.user_id == people["pm"].id))
        == "forum.edited"
    )


def test_restoring_a_version_is_itself_an_edit(db, people, category):
    topic = start(category, people["pm"], body="First words")
    post = _first_post(db, topic)
    _age(db, post, 10)
    services.edit_post(post, actor=people["pm"], body="Second words")
    services.restore_revision(post, 1, actor=people["pm"])
    assert post.body == "First words" and post.revision_count == 2
    assert [v.body for v in queries.history(post)] == ["First words", "Second words", "First words"]
    assert queries.history(post)[-1].reason == "Restored version 1"


def test_an_edit_from_a_stale_form_is_refused_not_lost(db, people, category):
    topic = start(category, people["pm"], body="Original")
    post = _first_post(db, topic)
    _age(db, post, 10)
    services.edit_post(post, actor=people["pmo"], body="The moderator's version", seen_revision=0)
    with pytest.raises(ServiceError):
        services.edit_post(post, actor=people["pm"], body="The author's version", seen_revision=0)
    assert post.body == "The moderator's version"


def test_only_the_author_or_a_moderator_edits_and_not_in_a_closed_topic(db, people, category):
    topic = start(category, people["pm"])
    post = _first_post(db, topic)
    with pytest.raises(PermissionDenied):
        services.edit_post(post, actor=people["director"], body="Hijack")
    services.lock_topic(topic, actor=people["pmo"])
    with pytest.raises(PermissionDenied):
        services.edit_post(post, actor=people["pm"], body="Change after closing")


def test_history_page_shows_the_word_diff_and_restores(client, db, people, category, login_as):
    topic = start(category, people["pm"], body="Size the reserve from the register")
    post = _first_post(db, topic)
    _age(db, post, 10)
    services.edit_post(post, actor=people["pm"], body="Size the reserve from quantified risks")
    db.session.commit()
    login_as(people["pm"])
    page = client.get(f"/club/p/{post.id}/history").get_data(as_text=True)
    assert "<del>the register</del><ins>quantified risks</ins>" in page
    assert client.post(f"/club/p/{post.id}/restore/1").status_code == 302
    db.session.expire_all()
    assert db.session.get(Post, post.id).body == "Size the reserve from the register"
    shown = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert 'data-testid="edited"' in shown and "2 revisions" in shown


def test_editing_from_the_page(client, db, people, category, login_as):
    topic = start(category, people["pm"], body="Typo hre")
    post = _first_post(db, topic)
    db.session.commit()
    login_as(people["pm"])
    form = client.get(f"/club/p/{post.id}/edit").get_data(as_text=True)
    assert "Typo hre" in form
    response = client.post(
        f"/club/p/{post.id}/edit",
        data={"title": topic.title, "body": "Typo here", "seen_revision": 0},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/1#post-1")
    stale = client.post(
        f"/club/p/{post.id}/edit", data={"title": topic.title, "body": "Again", "seen_revision": 5}
    )
    assert stale.status_code == 422 and "edited this post in the meantime" in stale.get_data(
        as_text=True
    )
    client.post("/logout")
    login_as(people["director"])
    assert client.get(f"/club/p/{post.id}/edit").status_code == 403


def test_one_like_per_person_and_post_and_never_ones_own(db, people, category):
    topic = start(category, people["pm"])
    post = _first_post(db, topic)
    assert services.like_post(post, actor=people["director"]) is True
    assert services.like_post(post, actor=people["director"]) is False  # a second click
    services.like_post(post, actor=people["pmo"])
    assert post.like_count == 2
    assert services.unlike_post(post, actor=people["director"]) is True
    assert post.like_count == 1
    with pytest.raises(PermissionDenied):
        services.like_post(post, actor=people["pm"])
    assert db.session.scalar(select(func.count()).select_from(PostLike)) == 1


def test_liking_from_the_page_answers_the_button(client, db, people, category, login_as):
    topic = start(category, people["pm"])
    post = _first_post(db, topic)
    db.session.commit()
    login_as(people["director"])
    button = client.post(f"/club/p/{post.id}/like", headers={"HX-Request": "true"})
    html = button.get_data(as_text=True)
    assert button.status_code == 200 and 'aria-pressed="true"' in html and "/unlike" in html
    page = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page


def test_the_asker_accepts_an_answer_shown_under_the_question_and_solved_in_lists(
    client, db, people, category, login_as
):
    topic = services.start_topic(
        category,
        actor=people["pm"],
        title="Which estimate do we give?",
        body="Any advice?",
        is_question=True,
    )
    services.reply_to_topic(topic, actor=people["director"], body="Give a range, P50 to P80.")
    with pytest.raises(PermissionDenied):
        services.accept_answer(topic, 2, actor=people["director"])  # not the asker
    with pytest.raises(ServiceError):
        services.accept_answer(topic, 1, actor=people["pm"])  # the question is no answer
    services.accept_answer(topic, 2, actor=people["pm"])
    assert topic.solution_number == 2
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == people["director"].id)
    ).all()
    assert "forum.accepted" in kinds
    db.session.commit()
    login_as(people["hr"])
    page = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert 'data-testid="solution"' in page and "P50 to P80" in page
    assert 'data-testid="solved"' in client.get("/club/").get_data(as_text=True)


def test_accepting_from_the_page_and_unmarking(client, db, people, category, login_as):
    topic = services.start_topic(
        category,
        actor=people["pm"],
        title="Which estimate do we give?",
        body="Any advice?",
        is_question=True,
    )
    services.reply_to_topic(topic, actor=people["director"], body="A range.")
    db.session.commit()
    login_as(people["pm"])
    assert "Mark as the answer" in client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    client.post(f"/club/t/{topic.id}/accept/2")
    db.session.expire_all()
    assert db.session.get(Topic, topic.id).solution_number == 2
    client.post(f"/club/t/{topic.id}/unaccept")
    db.session.expire_all()
    assert db.session.get(Topic, topic.id).solution_number is None


def test_a_draft_is_kept_on_the_server_and_comes_back_on_another_device(
    app, client, db, people, category, login_as
):
    topic = start(category, people["director"])
    db.session.commit()
    login_as(people["pm"])
    saved = client.post(
        f"/club/drafts/topic-{topic.id}", data={"body": "Half a thought", "draft_version": 0}
    )
    assert "Draft saved" in saved.get_data(as_text=True) and 'value="1"' in saved.get_data(
        as_text=True
    )
    other = app.test_client()  # another device
    assert login(other, people["pm"]).status_code == 302
    page = other.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert "Half a thought" in page and "Carrying on from your draft" in page
    # that window is behind once the first saves again: it is told, not overwritten
    client.post(
        f"/club/drafts/topic-{topic.id}", data={"body": "A whole thought", "draft_version": 1}
    )
    late = other.post(f"/club/drafts/topic-{topic.id}", data={"body": "Stale", "draft_version": 1})
    assert "changed in another window" in late.get_data(as_text=True)
    assert db.session.scalar(select(Draft.body)) == "A whole thought"
    # posting the reply is the end of the draft
    client.post(f"/club/t/{topic.id}/reply", data={"body": "A whole thought"})
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_a_new_topic_draft_and_discarding_it(client, db, people, category, login_as):
    login_as(people["pm"])
    client.post(
        "/club/drafts/new",
        data={"title": "Half a title", "body": "Body", "category_id": category.id},
    )
    form = client.get("/club/new-topic").get_data(as_text=True)
    assert 'value="Half a title"' in form and "Discard draft" in form
    assert client.post("/club/drafts/new/discard").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    assert client.post("/club/drafts/bogus", data={"body": "x"}).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_a_mention_links_the_member_and_tells_them_once(db, people, category):
    topic = start(category, people["pm"], body="Hi @director, and `@pmo` in code is no mention")
    post = _first_post(db, topic)
    assert '<a class="mention" href="/club/members?q=Director+Person">@director</a>' in post.html
    assert "<code>@pmo</code>" in post.html
    kinds = lambda person: db.session.scalars(  # noqa: E731
        select(Notification.kind).where(Notification.user_id == person.id)
    ).all()
    assert kinds(people["director"]) == ["forum.mentioned"] and kinds(people["pmo"]) == []
    # an edit tells only those it newly mentions
    _age(db, post, 10)
    services.edit_post(post, actor=people["pm"], body="Hi @director and @pmo")
    assert kinds(people["director"]) == ["forum.mentioned"]
    assert kinds(people["pmo"]) == ["forum.mentioned"]


def test_a_mention_of_someone_who_muted_the_topic_or_is_unknown_tells_nobody(db, people, category):
    topic = start(category, people["pm"])
    services.set_topic_level(topic, actor=people["director"], level=0)
    services.reply_to_topic(topic, actor=people["pm"], body="@director @nobody-here what now?")
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.kind == "forum.mentioned")
        )
        == 0
    )


def test_mention_suggestions_put_the_topics_people_first(client, db, people, category, login_as):
    topic = start(category, people["pm"])
    services.reply_to_topic(topic, actor=people["pmo"], body="Noted.")
    db.session.commit()
    login_as(people["pm"])
    handles = [p["handle"] for p in client.get(f"/club/mentions?q=p&topic={topic.id}").get_json()]
    assert handles[:2] == ["pm", "pmo"]  # the topic's participants, then anyone else by name
    assert "hr" not in handles  # HR is not in the club
    assert [p["name"] for p in client.get("/club/mentions?q=dir").get_json()] == ["Director Person"]
    assert 'data-mentions="/club/mentions?topic=' in client.get(f"/club/t/{topic.id}").get_data(
        as_text=True
    )

"""Moderation: per-category moderators, members' flags and the review queue (agree hides,
disagree dismisses, flaggers told), deleting posts (gone from search at once), moving a topic
and merging one into another (renumbered, reply links kept, search and counts follow)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.forum import moderation, queries, services
from community.forum.models import (
    Category,
    FlagState,
    Post,
    PostFlag,
    Topic,
    TopicReader,
)
from lms.accounts.models import User, UserRole
from lms.audit.models import AuditEntry
from lms.errors import PermissionDenied, ServiceError
from lms.extensions import db as _db
from lms.notifications.models import Notification
from lms.permissions import SYSTEM
from lms.search.models import SearchEntry
from lms.search.queries import Filters, search
from tests.community.conftest import make_category, start
from tests.conftest import login
from tests.querycount import count_queries
from tests.test_concurrency import run_together, shared_app  # noqa: F401  (the fixture)


def _kinds(person) -> list[str]:
    return list(
        _db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == person.id)
            .order_by(Notification.id)
        )
    )


def _actions(obj) -> list[str]:
    return list(
        _db.session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.object_type == type(obj).__name__, AuditEntry.object_id == obj.id
            )
        )
    )


def _found(typed: str) -> list[tuple[int, int]]:
    return [(h.parent_id, h.number) for h in search(typed, Filters(), 1, 30).items]


def _moderate(category, person):
    return services.save_category(
        category,
        actor=SYSTEM,
        slug=category.slug,
        names=category.names,
        moderator_emails=[person.email],
    )


@pytest.fixture
def thread(db, people, category):
    """The PM's topic with the director's reply."""
    topic = start(category, people["pm"])
    reply = services.reply_to_topic(topic, actor=people["director"], body="Spam spam spam")
    return topic, reply


# --- per-category moderators -----------------------------------------------------------------


def test_a_category_moderator_moderates_their_category_only(db, people, category, thread):
    topic, reply = thread
    other = make_category("other")
    elsewhere = start(other, people["pm"], title="Somewhere else")
    _moderate(category, people["hr"])
    services.pin_topic(topic, actor=people["hr"])
    services.hide_post(reply, actor=people["hr"])
    assert topic.is_pinned and reply.is_hidden
    with pytest.raises(PermissionDenied):
        services.lock_topic(elsewhere, actor=people["hr"])
    with pytest.raises(PermissionDenied):  # categories stay the PMO's
        services.save_category(category, actor=people["hr"], slug="risk", names={"en": "R"})


def test_unknown_moderator_addresses_are_refused(db, category):
    with pytest.raises(ServiceError) as refused:
        services.save_category(
            category, actor=SYSTEM, slug="risk", names={"en": "R"}, moderator_emails=["x@no.t"]
        )
    assert refused.value.field == "moderators"


def test_the_pmo_names_moderators_on_the_category_form(db, people, category, login_as):
    client = login_as(people["pmo"])
    page = client.get(f"/club/categories/{category.id}/edit").get_data(as_text=True)
    version = category.version
    response = client.post(
        f"/club/categories/{category.id}/edit",
        data={
            "name_en": "Risk",
            "slug": "risk",
            "position": 0,
            "moderators": f"{people['hr'].email}, {people['director'].email}",
            "version": version,
        },
    )
    assert 'name="moderators"' in page
    assert response.status_code == 302
    _db.session.expire_all()
    moderators = {m.id for m in _db.session.get(Category, category.id).moderators}
    assert moderators == {people["hr"].id, people["director"].id}
    listed = client.get("/club/categories/").get_data(as_text=True)
    assert 'data-testid="moderators"' in listed and people["hr"].name in listed


def test_a_category_moderator_gets_the_buttons_and_reads_hidden_topics(
    db, people, category, thread, login_as
):
    topic, _reply = thread
    _moderate(category, people["director"])
    services.hide_topic(topic, actor=people["pmo"])
    page = login_as(people["director"]).get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert f"/club/t/{topic.id}/move" in page and f"/club/t/{topic.id}/show" in page
    assert [
        t.id for t in queries.topics(people["director"], "latest", 1, category=category).items
    ] == [topic.id]
    assert queries.topics(people["director"], "latest", 1, category=category).total == 1
    assert queries.topics(people["pm"], "latest", 1, category=category).items == []


# --- flags and the review queue ----------------------------------------------------------------


def test_members_flag_others_posts_once_with_a_reason(db, people, thread):
    _topic, reply = thread
    moderation.flag_post(reply, actor=people["pm"], reason="spam")
    with pytest.raises(ServiceError):
        moderation.flag_post(reply, actor=people["pm"], reason="off_topic")
    with pytest.raises(ServiceError) as no_words:
        moderation.flag_post(reply, actor=people["pmo"], reason="other")
    assert no_words.value.field == "text"
    with pytest.raises(PermissionDenied):  # one's own post
        moderation.flag_post(reply, actor=people["director"], reason="spam")
    with pytest.raises(PermissionDenied):  # not a member
        moderation.flag_post(reply, actor=people["hr"], reason="spam")


def test_the_flagger_sees_flagged_on_the_post(db, people, thread, login_as):
    topic, reply = thread
    client = login_as(people["pm"])
    response = client.post(f"/club/p/{reply.id}/flag", data={"reason": "spam"})
    assert response.status_code == 302
    page = client.get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert 'data-testid="flagged"' in page


def test_other_needs_words_at_the_field(db, people, thread, login_as):
    _topic, reply = thread
    response = login_as(people["pm"]).post(f"/club/p/{reply.id}/flag", data={"reason": "other"})
    assert response.status_code == 422
    assert "Say what is wrong" in response.get_data(as_text=True)


def test_the_queue_groups_flags_per_post_oldest_first(db, people, category, thread):
    topic, reply = thread
    later = services.reply_to_topic(topic, actor=people["director"], body="Another one")
    moderation.flag_post(reply, actor=people["pm"], reason="spam")
    moderation.flag_post(later, actor=people["pm"], reason="off_topic")
    moderation.flag_post(reply, actor=people["pmo"], reason="other", text="An advert")
    page = queries.review_queue(people["pmo"], 1)
    assert [item.id for item in page.items] == [reply.id, later.id]
    assert page.items[0].count == 2
    assert [f[:2] for f in page.items[0].flags] == [("spam", ""), ("other", "An advert")]
    assert queries.review_count(people["pmo"]) == 2
    other = make_category("other")
    _moderate(other, people["hr"])
    assert queries.review_queue(people["hr"], 1).items == []  # not their category


def test_agreeing_hides_the_post_and_tells_flaggers_and_author(db, people, thread):
    _topic, reply = thread
    moderation.flag_post(reply, actor=people["pm"], reason="spam")
    moderation.agree_with_flags(reply, actor=people["pmo"])
    assert reply.is_hidden
    assert _db.session.scalar(select(PostFlag.state)) == FlagState.AGREED
    assert "forum.flag_agreed" in _kinds(people["pm"])
    assert "forum.post_hidden" in _kinds(people["director"])
    assert queries.review_count(people["pmo"]) == 0


def test_disagreeing_dismisses_the_flags_audited_and_told(db, people, thread):
    _topic, reply = thread
    moderation.flag_post(reply, actor=people["pm"], reason="spam")
    moderation.disagree_with_flags(reply, actor=people["pmo"])
    assert not reply.is_hidden
    assert _db.session.scalar(select(PostFlag.state)) == FlagState.DISAGREED
    assert "forum.flag_disagreed" in _kinds(people["pm"])
    assert "forum.flags_dismissed" in _actions(reply)
    with pytest.raises(ServiceError):  # a second moderator finds nothing left
        moderation.disagree_with_flags(reply, actor=people["pmo"])


@pytest.mark.parametrize("how", ["hide_post", "delete_post", "hide_topic"])
def test_flags_are_resolved_when_the_post_goes_by_any_path(db, people, thread, how):
    topic, reply = thread
    moderation.flag_post(reply, actor=people["pm"], reason="spam")
    if how == "hide_post":
        services.hide_post(reply, actor=people["pmo"])
    elif how == "delete_post":
        moderation.delete_post(reply, actor=people["director"])  # by its author
    else:
        services.hide_topic(topic, actor=people["pmo"])
    assert _db.session.scalar(select(PostFlag.state)) == FlagState.AGREED


def test_review_page_for_moderators_only(db, people, category, thread, login_as, app):
    _topic, reply = thread
    moderation.flag_post(reply, actor=people["pm"], reason="spam")
    _moderate(category, people["trainer"])
    assert app.test_client().get("/club/review").status_code == 302  # signed out
    pmo = login_as(people["pmo"])
    assert 'data-testid="review-count">1<' in pmo.get("/club/").get_data(as_text=True)
    page = pmo.get("/club/review").get_data(as_text=True)
    assert page.count('data-testid="flagged-post"') == 1 and "Spam spam spam" in page
    assert pmo.post(f"/club/p/{reply.id}/agree").status_code == 302
    assert "Nothing to review" in pmo.get("/club/review").get_data(as_text=True)


def test_the_review_page_is_refused_to_non_moderators(db, people, login_as):
    assert login_as(people["pm"]).get("/club/review").status_code == 403


def _queries(read) -> int:
    _db.session.expire_all()
    with count_queries(_db.engine) as counter:
        read()
    return counter.count


def test_the_review_queue_takes_the_same_queries_for_more_posts(db, people, category):
    topic = start(category, people["pm"])

    def flag_one():
        post = services.reply_to_topic(topic, actor=people["director"], body="Buy now")
        for person in (people["pm"], people["pmo"]):
            moderation.flag_post(post, actor=person, reason="spam")

    flag_one()
    few = _queries(lambda: queries.review_queue(people["pmo"], 1))
    for _ in range(5):
        flag_one()
    assert _queries(lambda: queries.review_queue(people["pmo"], 1)) == few


# --- deleting ------------------------------------------------------------------------------------


def test_an_author_deletes_their_reply_placeholder_and_gone_from_search(db, people, thread):
    topic, reply = thread
    assert _found("spam") == [(topic.id, 2)]
    moderation.delete_post(reply, actor=people["director"])
    assert reply.is_deleted and reply.deleted_at is not None
    assert _found("spam") == []
    assert "forum.post_deleted" in _actions(reply)
    assert "forum.post_deleted" not in _kinds(people["director"])  # their own doing


def test_a_moderator_deletes_and_the_author_is_told(db, people, thread, login_as):
    topic, reply = thread
    client = login_as(people["pmo"])
    assert client.post(f"/club/p/{reply.id}/delete").status_code == 302
    assert "forum.post_deleted" in _kinds(people["director"])
    page = login_as(people["pm"]).get(f"/club/t/{topic.id}").get_data(as_text=True)
    assert 'data-testid="deleted"' in page and "Spam spam spam" not in page


def test_the_first_post_with_replies_is_not_its_authors_to_delete(db, people, thread):
    topic, _reply = thread
    first = _db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.number == 1))
    with pytest.raises(PermissionDenied):
        moderation.delete_post(first, actor=people["pm"])
    moderation.delete_post(first, actor=people["pmo"])  # deletes the topic
    assert topic.is_hidden
    assert _db.session.scalar(select(func.count()).where(Post.is_deleted.is_(False))) == 0
    assert _db.session.scalar(select(func.count()).select_from(SearchEntry)) == 0
    assert topic.category.topic_count == 0


def test_an_author_deletes_their_topic_while_nobody_replied(db, people, category, login_as):
    topic = start(category, people["pm"], title="Posted by mistake", body="Oops wrong place")
    first = _db.session.scalar(select(Post).where(Post.topic_id == topic.id))
    response = login_as(people["pm"]).post(f"/club/p/{first.id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/club/c/risk")
    _db.session.expire_all()
    assert _db.session.get(Topic, topic.id).is_hidden
    assert _found("oops") == []
    assert _db.session.get(Category, category.id).topic_count == 0


# --- moving --------------------------------------------------------------------------------------


def test_moving_a_topic_moves_counts_search_and_tells_the_author(db, people, category, thread):
    topic, _reply = thread
    target = make_category("target")
    moderation.move_topic(topic, target, actor=people["pmo"])
    _db.session.expire_all()
    assert _db.session.get(Topic, topic.id).category_id == target.id
    assert (category.topic_count, category.post_count) == (0, 0)
    assert (target.topic_count, target.post_count) == (1, 2)
    scopes = set(_db.session.scalars(select(SearchEntry.scope_id)))
    assert scopes == {target.id}
    assert "forum.topic_moved" in _actions(topic)
    assert "forum.topic_moved" in _kinds(people["pm"])


def test_moving_needs_a_moderator_of_both_categories(db, people, category, thread, login_as, app):
    topic, _reply = thread
    target = make_category("target")
    _moderate(category, people["trainer"])
    with pytest.raises(PermissionDenied):
        moderation.move_topic(topic, target, actor=people["trainer"])
    director = app.test_client()
    assert login(director, people["director"]).status_code == 302
    assert director.get(f"/club/t/{topic.id}/move").status_code == 403
    client = login_as(people["trainer"])
    assert client.get(f"/club/t/{topic.id}/move").status_code == 200  # nowhere to go
    response = client.post(f"/club/t/{topic.id}/move", data={"category_id": target.id})
    assert response.status_code == 422


# --- merging -------------------------------------------------------------------------------------


def _numbers(topic) -> list[tuple[int, int | None, str]]:
    return [
        tuple(row)
        for row in _db.session.execute(
            select(Post.number, Post.reply_to_number, Post.body)
            .where(Post.topic_id == topic.id)
            .order_by(Post.number)
        )
    ]


def test_merging_appends_renumbers_and_keeps_reply_links(db, people, category, login_as):
    target = start(category, people["pm"], title="The main topic", body="Main question")
    services.reply_to_topic(target, actor=people["director"], body="Main answer")
    source = start(make_category("other"), people["director"], title="A duplicate", body="Dup q")
    services.reply_to_topic(source, actor=people["pm"], body="Dup answer", reply_to_number=1)
    services.mark_topic_read(target, actor=people["pmo"], up_to=2)
    services.mark_topic_read(target, actor=people["pm"], up_to=2)
    moderation.merge_topic(source, target, actor=people["pmo"])
    _db.session.expire_all()
    assert _numbers(target) == [
        (1, None, "Main question"),
        (2, None, "Main answer"),
        (3, None, "Dup q"),
        (4, 3, "Dup answer"),
    ]
    merged = _db.session.get(Topic, target.id)
    assert merged.post_count == 4
    assert (_db.session.get(Topic, source.id).merged_into_id, source.is_hidden) == (target.id, True)
    assert set(_found("dup")) == {(target.id, 3), (target.id, 4)}
    assert _db.session.scalar(select(func.count()).where(SearchEntry.parent_id == source.id)) == 0
    counts = {c.slug: (c.topic_count, c.post_count) for c in _db.session.scalars(select(Category))}
    assert counts == {"risk": (1, 4), "other": (0, 0)}
    readers = dict(
        _db.session.execute(
            select(TopicReader.user_id, TopicReader.last_read).where(
                TopicReader.topic_id == target.id
            )
        ).all()
    )
    assert readers[people["pm"].id] == 4  # read all of both: still all read
    assert readers[people["pmo"].id] == 2
    assert queries.counts(people["pmo"])["unread"] == 1  # the merged posts are unread to them
    assert queries.counts(people["pm"])["unread"] == 0
    assert "forum.topic_merged" in _actions(target)
    assert "forum.topic_merged" in _kinds(people["director"])
    response = login_as(people["pm"]).get(f"/club/t/{source.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/club/t/{target.id}"
    )


def test_a_reply_to_a_merged_topic_is_refused(db, people, category, thread):
    topic, _reply = thread
    other = start(category, people["pm"], title="Elsewhere")
    stale = _db.session.get(Topic, topic.id)
    moderation.merge_topic(topic, other, actor=people["pmo"])
    with pytest.raises(ServiceError):
        services.reply_to_topic(stale, actor=people["pmo"], body="Late")


def test_merging_into_itself_or_without_rights_is_refused(db, people, category, thread):
    topic, _reply = thread
    with pytest.raises(ServiceError):
        moderation.merge_topic(topic, topic, actor=people["pmo"])
    other = start(make_category("other"), people["pm"], title="Elsewhere")
    _moderate(category, people["trainer"])
    with pytest.raises(PermissionDenied):
        moderation.merge_topic(topic, other, actor=people["trainer"])


def test_the_merge_form_says_what_is_wrong_at_the_field(db, people, thread, login_as):
    topic, _reply = thread
    response = login_as(people["pmo"]).post(f"/club/t/{topic.id}/merge", data={"target_id": 999})
    assert response.status_code == 422
    assert "There is no topic with this number." in response.get_data(as_text=True)


def test_two_merges_into_one_topic_at_once_number_every_post_once(shared_app):  # noqa: F811
    with shared_app.app_context():
        pmo = User(email="pmo@m.test", name="PMO", role_rows=[UserRole(role="pmo")])
        _db.session.add(pmo)
        category = make_category()
        target = start(category, pmo, title="The target topic")
        sources = [start(category, pmo, title=f"Source number {n}") for n in range(2)]
        for source in sources:
            services.reply_to_topic(source, actor=pmo, body="Reply", reply_to_number=1)
        _db.session.commit()
        ids, target_id, pmo_id = [s.id for s in sources], target.id, pmo.id

    def merge(source_id: int):
        def job():
            with shared_app.app_context():
                moderation.merge_topic(
                    _db.session.get(Topic, source_id),
                    _db.session.get(Topic, target_id),
                    actor=_db.session.get(User, pmo_id),
                )
                _db.session.commit()

        return job

    run_together(*[merge(source_id) for source_id in ids])
    with shared_app.app_context():
        rows = _db.session.execute(
            select(Post.number, Post.reply_to_number)
            .where(Post.topic_id == target_id)
            .order_by(Post.number)
        ).all()
        assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
        assert sorted(r[1] for r in rows if r[1]) == [2, 4]  # each reply to its own first post
        assert _db.session.get(Topic, target_id).post_count == 5
        assert _db.session.scalar(select(Category.post_count)) == 5
        assert _db.session.scalar(select(Category.topic_count)) == 1


# --- posting rate ------------------------------------------------------------------------------


def test_posting_is_limited_per_person_with_the_text_kept(
    db, people, thread, login_as, app, monkeypatch
):
    from lms.extensions import limiter

    topic, _reply = thread
    monkeypatch.setattr(limiter, "enabled", True)  # explicitly, whatever the test config says
    monkeypatch.setitem(app.config, "FORUM_POSTS_PER_MINUTE", 2)
    client = login_as(people["pm"])
    for n in range(2):
        assert (
            client.post(f"/club/t/{topic.id}/reply", data={"body": f"Reply {n}"}).status_code == 302
        )
    refused = client.post(f"/club/t/{topic.id}/reply", data={"body": "One too many, kept"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "You are posting very fast" in page and "One too many, kept" in page
    _db.session.expire_all()
    assert _db.session.get(Topic, topic.id).post_count == 4
    new = client.post(
        "/club/new-topic",
        data={"category_id": topic.category_id, "title": "A new topic", "body": "Too fast"},
    )
    assert new.status_code == 422  # topics and replies count together
    other = app.test_client()  # same address, another person: their own count
    assert login(other, people["director"]).status_code == 302
    assert other.post(f"/club/t/{topic.id}/reply", data={"body": "Mine"}).status_code == 302


def test_a_merge_and_a_move_of_the_same_topic_at_once_keep_the_counts(shared_app):  # noqa: F811
    with shared_app.app_context():
        pmo = User(email="pmo@m.test", name="PMO", role_rows=[UserRole(role="pmo")])
        _db.session.add(pmo)
        home, away = make_category("home"), make_category("away")
        target = start(home, pmo, title="The target topic")
        source = start(home, pmo, title="The source topic")
        services.reply_to_topic(source, actor=pmo, body="Reply")
        _db.session.commit()
        ids = source.id, target.id, away.id, pmo.id

    def job(work):
        def run():
            with shared_app.app_context():
                source, target = (_db.session.get(Topic, i) for i in ids[:2])
                actor = _db.session.get(User, ids[3])
                try:
                    work(source, target, _db.session.get(Category, ids[2]), actor)
                    _db.session.commit()
                except ServiceError:  # the move came second: the topic is merged
                    _db.session.rollback()

        return run

    run_together(
        job(lambda s, t, _c, a: moderation.merge_topic(s, t, actor=a)),
        job(lambda s, _t, c, a: moderation.move_topic(s, c, actor=a)),
    )
    with shared_app.app_context():
        visible = select(Topic).where(Topic.is_hidden.is_(False))
        for category in _db.session.scalars(select(Category)):
            topics = _db.session.scalars(visible.where(Topic.category_id == category.id)).all()
            assert category.topic_count == len(topics), category.slug
            assert category.post_count == sum(t.post_count for t in topics), category.slug
        numbers = _db.session.scalars(
            select(Post.number).where(Post.topic_id == ids[1]).order_by(Post.number)
        ).all()
        assert numbers == [1, 2, 3]


def test_a_moderator_of_another_category_is_refused_here(db, people, thread, login_as):
    topic, reply = thread
    _moderate(make_category("other"), people["hr"])
    client = login_as(people["hr"])
    assert client.post(f"/club/p/{reply.id}/hide").status_code == 403
    assert client.post(f"/club/p/{reply.id}/agree").status_code == 403
    assert client.post(f"/club/p/{reply.id}/delete").status_code == 403
    assert client.get(f"/club/t/{topic.id}/merge").status_code == 403
    assert client.post(f"/club/t/{topic.id}/lock").status_code == 403
    assert client.get("/club/review").status_code == 200  # their own (empty) queue


def test_moderators_home_page_counts_the_posts_waiting_for_review(
    db, people, thread, login_as, client
):
    _topic, reply = thread
    moderation.flag_post(reply, actor=people["pm"], reason="spam")
    home = login_as(people["pmo"]).get("/").get_data(as_text=True)
    assert 'data-testid="review-count">1<' in home
    client.post("/logout")
    assert 'id="panel-club_review"' not in login_as(people["pm"]).get("/").get_data(as_text=True)

"""Replies written at the same moment, with real commits (PostgreSQL and SQLite): every post
gets its own number, none is lost, the counters agree."""

from __future__ import annotations

from sqlalchemy import select

from community.forum import services
from community.forum.models import Category, Post, Topic
from lms.accounts.models import User, UserRole
from lms.extensions import db
from tests.community.conftest import make_category
from tests.test_concurrency import run_together, shared_app  # noqa: F401  (the fixture)


def test_twelve_replies_at_once_are_numbered_2_to_13(shared_app):  # noqa: F811
    with shared_app.app_context():
        people = [
            User(email=f"r{n}@crowd.test", name=f"Replier {n}", role_rows=[UserRole(role="pm")])
            for n in range(12)
        ]
        db.session.add_all(people)
        topic = services.start_topic(
            make_category(), actor=people[0], title="Everyone answers at once", body="Go!"
        )
        db.session.commit()
        topic_id, ids = topic.id, [p.id for p in people]

    def reply(user_id: int):
        def job():
            with shared_app.app_context():
                found = db.session.get(Topic, topic_id)
                post = services.reply_to_topic(
                    found, actor=db.session.get(User, user_id), body=f"From {user_id}"
                )
                db.session.commit()
                return post.number

        return job

    numbers = run_together(*[reply(user_id) for user_id in ids])
    assert sorted(numbers) == list(range(2, 14))
    with shared_app.app_context():
        stored = db.session.scalars(
            select(Post.number).where(Post.topic_id == topic_id).order_by(Post.number)
        ).all()
        assert stored == list(range(1, 14))
        assert db.session.get(Topic, topic_id).post_count == 13
        assert db.session.scalar(select(Category.post_count)) == 13

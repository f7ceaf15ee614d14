"""Two PMO users publishing the same lesson at the same moment, with real commits (PostgreSQL
and SQLite): one publishes it, the other is told it already happened; one discussion topic."""

from __future__ import annotations

from sqlalchemy import func, select

from community.forum.models import Topic
from community.lessons import services
from community.lessons.models import Lesson, LessonState
from lms.accounts.models import User, UserRole
from lms.errors import ServiceError
from lms.extensions import db
from tests.test_concurrency import run_together, shared_app  # noqa: F401  (the fixture)


def test_two_publishers_at_once_publish_once(shared_app):  # noqa: F811
    with shared_app.app_context():
        author = User(email="author@crowd.test", name="Author", role_rows=[UserRole(role="pm")])
        reviewers = [
            User(email=f"pmo{n}@crowd.test", name=f"PMO {n}", role_rows=[UserRole(role="pmo")])
            for n in range(2)
        ]
        db.session.add_all([author, *reviewers])
        db.session.flush()
        lesson = services.save_lesson(
            None, actor=author, title="Publish me once", impact=3, recommendation="Once."
        )
        services.submit_lesson(lesson, actor=author)
        services.validate_lesson(lesson, actor=reviewers[0])
        services.lessons_category()
        db.session.commit()
        lesson_id, reviewer_ids = lesson.id, [r.id for r in reviewers]

    def publish(user_id: int):
        def job():
            with shared_app.app_context():
                try:
                    services.publish_lesson(
                        db.session.get(Lesson, lesson_id), actor=db.session.get(User, user_id)
                    )
                    db.session.commit()
                    return "published"
                except ServiceError as refused:
                    db.session.rollback()
                    return refused.message

        return job

    outcomes = run_together(*[publish(user_id) for user_id in reviewer_ids])
    assert sorted(outcomes) == ["Someone already published this lesson.", "published"]
    with shared_app.app_context():
        assert db.session.get(Lesson, lesson_id).state == LessonState.PUBLISHED
        assert db.session.scalar(select(func.count()).select_from(Topic)) == 1

"""People acting on one library document at the same moment, with real commits (PostgreSQL and
SQLite): two PMO users publishing publish one version; two editors saving from the same
revision make one revision and the other is told; two decisions on one suggestion make one."""

from __future__ import annotations

from sqlalchemy import func, select

from community.library import services, suggestions
from community.library.models import (
    Document,
    DocumentRevision,
    DocumentVersion,
    Suggestion,
    SuggestionState,
)
from lms.accounts.models import User, UserRole
from lms.errors import ServiceError
from lms.extensions import db
from tests.test_concurrency import run_together, shared_app  # noqa: F401  (the fixture)


def _people(tag: str) -> tuple[int, list[int]]:
    member = User(email=f"member-{tag}@crowd.test", name="Member", role_rows=[UserRole(role="pm")])
    reviewers = [
        User(email=f"pmo{n}-{tag}@crowd.test", name=f"PMO {n}", role_rows=[UserRole(role="pmo")])
        for n in range(2)
    ]
    db.session.add_all([member, *reviewers])
    db.session.flush()
    return member.id, [r.id for r in reviewers]


def _attempt(app, work):
    """A job for run_together: `work()` in its own app context and transaction."""

    def job():
        with app.app_context():
            try:
                work()
                db.session.commit()
                return "done"
            except ServiceError as refused:
                db.session.rollback()
                return refused.message

    return job


def test_two_publishers_at_once_publish_one_version(shared_app):  # noqa: F811
    with shared_app.app_context():
        _member, reviewer_ids = _people("publish")
        pmo = db.session.get(User, reviewer_ids[0])
        document = services.save_document(None, actor=pmo, title="Publish me once", body="Once.")
        services.submit_document(document, actor=pmo)
        services.approve_document(document, actor=pmo)
        db.session.commit()
        document_id = document.id

    def publish(user_id):
        return lambda: services.publish_document(
            db.session.get(Document, document_id), actor=db.session.get(User, user_id), major=False
        )

    outcomes = run_together(*[_attempt(shared_app, publish(i)) for i in reviewer_ids])
    assert sorted(outcomes) == ["Someone already published this revision.", "done"]
    with shared_app.app_context():
        versions = select(func.count()).where(DocumentVersion.document_id == document_id)
        assert db.session.scalar(versions) == 1


def test_two_editors_saving_from_one_revision_make_one_revision(shared_app):  # noqa: F811
    with shared_app.app_context():
        _member, reviewer_ids = _people("edit")
        pmo = db.session.get(User, reviewer_ids[0])
        document = services.save_document(None, actor=pmo, title="Edit me", body="Start")
        db.session.commit()
        document_id = document.id

    def save(user_id, text):
        return lambda: services.save_document(
            db.session.get(Document, document_id),
            actor=db.session.get(User, user_id),
            title="Edit me",
            body=text,
            base_revision=1,
        )

    jobs = [_attempt(shared_app, save(i, f"Text of {i}")) for i in reviewer_ids]
    outcomes = run_together(*jobs)
    assert outcomes.count("done") == 1
    assert any("while you were editing" in outcome for outcome in outcomes)
    with shared_app.app_context():
        bodies = db.session.scalars(
            select(DocumentRevision.body).where(DocumentRevision.document_id == document_id)
        ).all()
        assert len(bodies) == 2 and bodies[0] == "Start"


def test_two_decisions_on_one_suggestion_make_one(shared_app):  # noqa: F811
    with shared_app.app_context():
        member_id, reviewer_ids = _people("decide")
        suggestion = suggestions.suggest(
            None, actor=db.session.get(User, member_id), title="A new checklist", body="- one"
        )
        db.session.commit()
        suggestion_id = suggestion.id

    def accept(user_id):
        return lambda: suggestions.accept_suggestion(
            db.session.get(Suggestion, suggestion_id), actor=db.session.get(User, user_id)
        )

    outcomes = run_together(*[_attempt(shared_app, accept(i)) for i in reviewer_ids])
    assert sorted(outcomes) == ["Someone already decided on this suggestion.", "done"]
    with shared_app.app_context():
        decided = db.session.get(Suggestion, suggestion_id)
        assert decided.state == SuggestionState.ACCEPTED
        made = select(func.count()).where(Document.title == "A new checklist")
        assert db.session.scalar(made) == 1

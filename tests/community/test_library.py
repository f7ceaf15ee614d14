"""The methodology library: every save a revision (none overwritten), diffs of exactly the
changed lines, restore as a new revision, readers on the published version while a draft is
written, a stale save refused with the text kept, only the PMO publishes (one approved
revision), versions numbered major.minor, suggestions through the PMO's queue, drafts hidden
from other members, retired documents pointing to their successor, search of what is
published."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from community.library import queries, services, suggestions
from community.library.diff import changed_lines, line_diff
from community.library.models import (
    Document,
    DocumentFeedback,
    DocumentRead,
    DocumentRevision,
    DocumentState,
    DocumentVersion,
    SuggestionState,
)
from lms.errors import ConflictError, PermissionDenied, ServiceError
from lms.extensions import db as _db
from lms.notifications.models import Notification
from lms.search import queries as search_queries

PROCESS = "1. Identify risks\n2. Analyse them\n3. Plan responses\n4. Monitor"


def write(person, title="Risk management process", body=PROCESS, document=None, **fields):
    base = document.revision_count if document is not None else None
    return services.save_document(
        document, actor=person, title=title, body=body, base_revision=base, **fields
    )


def publish(document, pmo, *, major=False, notes=""):
    services.submit_document(document, actor=pmo)
    services.approve_document(document, actor=pmo)
    return services.publish_document(document, actor=pmo, major=major, release_notes=notes)


@pytest.fixture
def pmo(people):
    return people["pmo"]


def _revisions(document) -> list[str]:
    return list(
        _db.session.scalars(
            select(DocumentRevision.body)
            .where(DocumentRevision.document_id == document.id)
            .order_by(DocumentRevision.number)
        )
    )


def test_every_save_is_a_new_revision_and_none_is_overwritten(db, pmo):
    document = write(pmo)
    write(pmo, body=PROCESS + "\n5. Close", document=document, change_note="closing step")
    write(pmo, body=PROCESS + "\n5. Close risks", document=document)
    assert document.revision_count == 3
    assert _revisions(document) == [PROCESS, PROCESS + "\n5. Close", PROCESS + "\n5. Close risks"]
    write(pmo, body=PROCESS + "\n5. Close risks", document=document, review_by=None)
    assert document.revision_count == 3  # the same text again is no new revision


def test_the_diff_shows_exactly_the_changed_lines():
    old = "\n".join(f"line {n}" for n in range(1, 21))
    new = old.replace("line 7", "line seven").replace("line 15\n", "")
    rows = line_diff(old, new)
    changed = [
        (r.kind, r.old_number, r.new_number, r.text) for r in rows if r.kind in ("removed", "added")
    ]
    assert changed == [
        ("removed", 7, None, "line 7"),
        ("added", None, 7, "line seven"),
        ("removed", 15, None, "line 15"),
    ]
    assert changed_lines(rows) == 3
    assert rows[0].kind == "fold" and rows[0].text == "3"  # lines 1-3 folded away
    assert line_diff(old, old) == []


def test_restoring_makes_a_new_revision(db, pmo):
    document = write(pmo)
    write(pmo, body="Rewritten entirely", document=document)
    services.restore_document_revision(document, 1, actor=pmo)
    assert document.revision_count == 3
    assert _revisions(document) == [PROCESS, "Rewritten entirely", PROCESS]
    restored = queries.revision(document)
    assert restored.restored_from == 1 and "1" in restored.change_note
    with pytest.raises(ServiceError):
        services.restore_document_revision(document, 3, actor=pmo)  # already the newest


def test_readers_see_the_published_version_while_a_draft_exists(client, db, people, pmo, login_as):
    document = write(pmo)
    publish(document, pmo)
    write(pmo, body="DRAFT TEXT not for readers", document=document)
    db.session.commit()
    assert document.state == DocumentState.DRAFT and document.is_published
    login_as(people["pm"])
    page = client.get(f"/library/{document.id}").get_data(as_text=True)
    assert "Plan responses" in page and "DRAFT TEXT" not in page
    assert (
        client.get(f"/library/{document.id}?revision=2").get_data(as_text=True).count("DRAFT TEXT")
        == 0
    )
    assert client.get(f"/library/{document.id}/history").status_code == 403
    client.post("/logout")
    login_as(pmo)
    page = client.get(f"/library/{document.id}?revision=2").get_data(as_text=True)
    assert "DRAFT TEXT" in page and 'data-testid="draft-note"' in page


def test_a_stale_save_is_refused_and_the_editor_keeps_their_text(client, db, pmo, login_as):
    document = write(pmo)
    db.session.commit()
    with pytest.raises(ConflictError):
        services.save_document(
            document, actor=pmo, title=document.title, body="late", base_revision=0
        )
    db.session.rollback()
    login_as(pmo)
    form = {"title": "Risk management process", "kind": "process", "body": "Mine, typed meanwhile"}
    write(pmo, body="Theirs, saved first", document=document)
    db.session.commit()
    response = client.post(f"/library/{document.id}/edit", data={**form, "base_revision": 1})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "while you were editing" in page and "Mine, typed meanwhile" in page
    assert re.search(r"name=\"base_revision\"[^>]*value=\"2\"", page)
    assert _revisions(document) == [PROCESS, "Theirs, saved first"]
    again = client.post(f"/library/{document.id}/edit", data={**form, "base_revision": 2})
    assert again.status_code == 302
    assert _revisions(document)[-1] == "Mine, typed meanwhile"


def test_only_the_pmo_publishes_and_an_approval_covers_one_revision(db, people, pmo):
    document = write(pmo, owner_id=people["director"].id)
    services.submit_document(document, actor=people["director"])  # the owner sends it
    for person in (people["pm"], people["director"], people["hr"]):
        with pytest.raises(PermissionDenied):
            services.approve_document(document, actor=person)
    services.approve_document(document, actor=pmo)
    write(people["director"], body=PROCESS + "\nA change after approval", document=document)
    assert document.state == DocumentState.DRAFT
    with pytest.raises(ServiceError):
        services.publish_document(document, actor=pmo, major=False)
    with pytest.raises(PermissionDenied):
        services.publish_document(document, actor=people["director"], major=False)
    version = publish(document, pmo)
    assert version.label == "1.0" and version.revision.number == 2


def test_versions_are_numbered_major_and_minor_and_changes_since_a_version_shown(
    client, db, people, pmo, login_as
):
    document = write(pmo)
    assert publish(document, pmo).label == "1.0"
    write(pmo, body=PROCESS.replace("Monitor", "Monitor weekly"), document=document)
    assert publish(document, pmo, notes="Weekly monitoring").label == "1.1"
    weekly = PROCESS.replace("Monitor", "Monitor weekly")
    write(pmo, body=weekly + "\n5. Escalate", document=document)
    assert publish(document, pmo, major=True).label == "2.0"
    assert _db.session.scalar(select(func.count()).select_from(DocumentVersion)) == 3
    db.session.commit()
    login_as(people["pm"])
    page = client.get(f"/library/{document.id}/changes?since=1.0").get_data(as_text=True)
    assert page.count('data-testid="diff-added"') == 2  # "Monitor weekly" and "5. Escalate"
    assert page.count('data-testid="diff-removed"') == 1
    assert "Weekly monitoring" in client.get(f"/library/{document.id}").get_data(as_text=True)


def test_a_pms_suggestion_lands_in_the_review_queue_and_its_outcome_is_told(
    client, db, people, pmo, login_as
):
    document = write(pmo)
    publish(document, pmo)
    pm = people["pm"]
    change = suggestions.suggest(
        document,
        actor=pm,
        title=document.title,
        body=PROCESS + "\n5. Lessons",
        reason="From Apollo",
    )
    new = suggestions.suggest(
        None, actor=pm, title="Stakeholder checklist", body="- Sponsor\n- Users"
    )
    db.session.commit()
    login_as(pmo)
    queue = client.get("/library/review").get_data(as_text=True)
    assert queue.count('data-testid="review-suggestion"') == 2
    page = client.get(f"/library/suggestions/{change.id}").get_data(as_text=True)
    assert 'data-testid="diff-added"' in page and "5. Lessons" in page
    assert (
        client.post(f"/library/suggestions/{change.id}/accept", data={"note": "Thanks"}).status_code
        == 302
    )
    assert (
        client.post(f"/library/suggestions/{new.id}/decline", data={"note": ""}).status_code == 302
    )
    assert _db.session.get(type(new), new.id).state == SuggestionState.OPEN  # a reason is needed
    client.post(f"/library/suggestions/{new.id}/decline", data={"note": "We have one already"})
    db.session.expire_all()
    assert change.state == SuggestionState.ACCEPTED and change.revision_number == 2
    assert _revisions(document)[-1] == PROCESS + "\n5. Lessons"
    assert document.state == DocumentState.DRAFT  # to be reviewed and published as usual
    kinds = set(_db.session.scalars(select(Notification.kind).where(Notification.user_id == pm.id)))
    assert {"library.accepted", "library.declined"} <= kinds
    with pytest.raises(ServiceError):
        suggestions.accept_suggestion(change, actor=pmo)  # already decided


def test_a_pm_cannot_read_a_draft_they_did_not_write(client, db, people, pmo, login_as):
    draft = write(pmo, title="Unpublished method")
    accepted = suggestions.suggest(None, actor=people["pm"], title="My checklist", body="- one")
    mine = suggestions.accept_suggestion(accepted, actor=pmo)
    db.session.commit()
    login_as(people["director"])
    assert client.get(f"/library/{draft.id}").status_code == 404
    assert client.get(f"/library/{draft.id}/history").status_code == 404
    assert client.get(f"/library/suggestions/{accepted.id}").status_code == 404
    assert "Unpublished method" not in client.get("/library/drafts").get_data(as_text=True)
    client.post("/logout")
    login_as(people["pm"])
    assert client.get(f"/library/{mine.id}").status_code == 200  # they wrote it
    assert client.get(f"/library/{draft.id}").status_code == 404


def test_a_retired_document_points_to_its_successor(client, db, people, pmo, login_as):
    old = write(pmo, title="Old risk process")
    publish(old, pmo)
    new = write(pmo, title="New risk process")
    with pytest.raises(ServiceError):
        services.retire_document(old, actor=pmo, successor_id=new.id)  # not published
    publish(new, pmo)
    services.retire_document(old, actor=pmo, successor_id=new.id)
    db.session.commit()
    login_as(people["pm"])
    page = client.get(f"/library/{old.id}").get_data(as_text=True)
    assert 'data-testid="retired-banner"' in page and f"/library/{new.id}" in page


def test_search_finds_published_text_only(client, db, people, pmo, login_as):
    document = write(pmo, body="Use a contingency reserve for identified risks")
    publish(document, pmo)
    write(pmo, body="Use a contingency reserve; mention zebrafish", document=document)
    hidden = write(pmo, title="Secret draft", body="zebrafish everywhere")
    db.session.commit()
    found = search_queries.search("contingency", search_queries.Filters(kind="document"), 1, 20)
    assert [hit.object_id for hit in found.items] == [document.id]
    assert (
        search_queries.search("zebrafish", search_queries.Filters(kind="document"), 1, 20).total
        == 0
    )
    login_as(people["pm"])
    page = client.get("/library/?q=contingency").get_data(as_text=True)
    assert "Risk management process" in page and "Secret draft" not in page
    assert hidden.id


def test_the_library_pages_answer_each_role(client, db, people, pmo, login_as):
    document = write(pmo)
    publish(document, pmo)
    db.session.commit()
    login_as(people["pm"])
    for path in (
        "/library/",
        "/library/drafts",
        "/library/suggestions/mine",
        "/library/suggestions/new",
        f"/library/{document.id}",
        f"/library/suggestions/new?document={document.id}",
    ):
        assert client.get(path).status_code == 200, path
    for path in ("/library/new", "/library/review", f"/library/{document.id}/edit"):
        assert client.get(path).status_code == 403, path


def test_owners_are_reminded_once_of_a_review_that_is_due(client, db, people, pmo, login_as):
    from datetime import timedelta

    from community.library.reminders import remind_document_owners
    from lms.clock import site_today

    today = site_today()
    due = write(pmo, owner_id=people["director"].id, review_by=today - timedelta(days=1))
    publish(due, pmo)
    later = write(pmo, title="Reviewed later", review_by=today + timedelta(days=30))
    publish(later, pmo)
    assert "1 document owners" in remind_document_owners(today)
    assert "0 document owners" in remind_document_owners(today)  # nobody twice
    told = select(func.count()).where(
        Notification.user_id == people["director"].id, Notification.kind == "library.review_due"
    )
    assert _db.session.scalar(told) == 1
    db.session.commit()
    login_as(people["pm"])
    assert 'data-testid="needs-review"' in client.get(f"/library/{due.id}").get_data(as_text=True)
    assert 'data-testid="needs-review"' not in client.get(f"/library/{later.id}").get_data(
        as_text=True
    )


def test_home_shows_new_documents_and_the_pmos_review_figures(client, db, people, pmo, login_as):
    document = write(pmo, title="Change request procedure")
    publish(document, pmo)
    waiting = write(pmo, title="Waiting for review")
    services.submit_document(waiting, actor=pmo)
    suggestions.suggest(None, actor=people["pm"], title="A new template", body="Text")
    db.session.commit()
    login_as(people["pm"])
    assert 'hx-get="/home/panels/library_updates"' in client.get("/").get_data(as_text=True)
    panel = client.get("/home/panels/library_updates").get_data(as_text=True)
    assert "Change request procedure" in panel and "Version 1.0" in panel
    assert "Waiting for review" not in panel
    client.post("/logout")
    login_as(pmo)
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'data-testid="library-waiting">1<', home)
    assert re.search(r'data-testid="library-suggestions">1<', home)


def _approved_plan_reading(people, document):
    """The PM's plan, approved by the director and HR, with an activity to read `document`."""
    from datetime import date

    from competencies.plans import services as plans
    from competencies.plans.models import ActivityKind, Decision, PlanActivity, PlanGoal
    from tests.competencies.conftest import SMALL, published_framework

    framework = published_framework(SMALL)
    plan = plans.start_plan(
        people["pm"],
        actor=people["pm"],
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )
    goal = PlanGoal(competency_id=framework.assessed_competencies[0].id, target_level=2)
    activity = PlanActivity(
        title="Read the risk process", kind=ActivityKind.READING, link_kind="document",
        link_id=document.id,
    )  # fmt: skip
    goal.activities.append(activity)
    plan.goals.append(goal)
    plans.submit_plan(plan, actor=people["pm"])
    for role in ("director", "hr"):
        plans.decide_plan(plan, actor=people[role], decision=Decision.APPROVED)
    return plan, activity


def test_saying_you_read_a_document_completes_the_plan_activity_naming_it(
    client, db, people, pmo, login_as
):
    from competencies.plans.models import ActivityStatus

    document = write(pmo)
    publish(document, pmo)
    _plan, activity = _approved_plan_reading(people, document)
    db.session.commit()
    login_as(people["pm"])
    page = client.get(f"/library/{document.id}").get_data(as_text=True)
    assert "I have read version 1.0" in page
    assert client.post(f"/library/{document.id}/read").status_code == 302
    db.session.expire_all()
    assert activity.status == ActivityStatus.DONE
    page = client.get(f"/library/{document.id}").get_data(as_text=True)
    assert 'data-testid="read-mark"' in page and "I have read version" not in page
    client.post(f"/library/{document.id}/read")  # again: nothing changes
    reads = select(func.count()).select_from(DocumentRead)
    assert _db.session.scalar(reads) == 1
    write(pmo, body=PROCESS + "\n5. A new way", document=document)
    publish(document, pmo, major=True)  # 2.0 asks again; 1.1 would not
    db.session.commit()
    page = client.get(f"/library/{document.id}").get_data(as_text=True)
    assert "I have read version 2.0" in page and "changed the way of working" in page


def test_a_pm_puts_a_document_on_their_open_plan(client, db, people, pmo, login_as):
    from datetime import date

    from competencies.plans import services as plans
    from competencies.plans.models import ActivityKind, PlanActivity, PlanGoal
    from tests.competencies.conftest import SMALL, published_framework

    document = write(pmo)
    publish(document, pmo)
    framework = published_framework(SMALL)
    plan = plans.start_plan(
        people["pm"],
        actor=people["pm"],
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )
    goal = PlanGoal(competency_id=framework.assessed_competencies[0].id, target_level=2)
    plan.goals.append(goal)
    db.session.commit()
    login_as(people["pm"])
    assert client.get(f"/library/{document.id}/plan").status_code == 200
    response = client.post(f"/library/{document.id}/plan", data={"goal_id": goal.id})
    assert response.status_code == 302 and f"/plans/{plan.id}" in response.headers["Location"]
    added = _db.session.scalar(select(PlanActivity).where(PlanActivity.goal_id == goal.id))
    assert (added.kind, added.link_kind, added.link_id) == (
        ActivityKind.READING,
        "document",
        document.id,
    )
    client.post("/logout")
    login_as(people["director"])
    assert (
        client.get(f"/library/{document.id}/plan").status_code == 403
    )  # directors plan no reading


def test_a_readers_comment_becomes_a_follow_up_for_the_owner(client, db, people, pmo, login_as):
    document = write(pmo, owner_id=people["director"].id)
    publish(document, pmo)
    db.session.commit()
    login_as(people["pm"])
    client.post(
        f"/library/{document.id}/feedback", data={"is_useful": "no", "comment": "Add an example"}
    )
    client.post(f"/library/{document.id}/feedback", data={"is_useful": "yes", "comment": ""})
    client.post("/logout")
    login_as(people["director"])  # the owner
    told = select(func.count()).where(
        Notification.user_id == people["director"].id, Notification.kind == "library.feedback"
    )
    assert _db.session.scalar(told) == 1
    page = client.get(f"/library/{document.id}").get_data(as_text=True)
    assert 'data-testid="feedback-item"' not in page  # answered again without a comment: its own
    client.post("/logout")
    login_as(people["hr"])
    client.post(
        f"/library/{document.id}/feedback", data={"is_useful": "no", "comment": "Which template?"}
    )
    client.post("/logout")
    login_as(people["director"])
    page = client.get(f"/library/{document.id}").get_data(as_text=True)
    assert "Which template?" in page and "Useful: 1 · Not useful: 1" in page
    item = _db.session.scalar(select(DocumentFeedback).where(DocumentFeedback.comment != ""))
    client.post(f"/library/feedback/{item.id}/handled")
    assert "Which template?" not in client.get(f"/library/{document.id}").get_data(as_text=True)


def test_the_pmo_promotes_a_lesson_into_a_draft_and_publishing_applies_it(
    client, db, people, pmo, login_as
):
    from community.lessons import services as lessons

    pm = people["pm"]
    lesson = lessons.save_lesson(
        None, actor=pm, title="Book test environments before sprint 1", impact=4,
        recommendation="Reserve environments in the plan.", what_happened="We waited six weeks.",
    )  # fmt: skip
    lessons.submit_lesson(lesson, actor=pm)
    lessons.validate_lesson(lesson, actor=pmo)
    lessons.publish_lesson(lesson, actor=pmo)
    db.session.commit()
    login_as(pmo)
    response = client.post(f"/library/from-lesson/{lesson.id}")
    assert response.status_code == 302 and "/edit" in response.headers["Location"]
    document = _db.session.scalar(select(Document).where(Document.source_lesson_id == lesson.id))
    body = queries.revision(document).body
    assert (
        "Reserve environments" in body
        and "Pm Person" in body
        and f"/club/lessons/{lesson.id}" in body
    )
    assert document.state == DocumentState.DRAFT and not lesson.is_applied
    client.post("/logout")
    login_as(pm)
    assert client.get(f"/library/{document.id}").status_code == 200  # its author reads the draft
    publish(document, pmo)
    db.session.commit()
    db.session.expire_all()
    assert lesson.is_applied and f"/library/{document.id}" in lesson.applied_document


def test_documents_are_browsed_by_kind_tag_and_competency(client, db, people, pmo, login_as):
    from community.tags.queries import all_tags
    from community.tags.services import seed_tags
    from tests.competencies.conftest import SMALL, published_framework

    seed_tags()
    framework = published_framework(SMALL)
    competency = framework.assessed_competencies[0]
    risk = next(tag for tag in all_tags() if tag.slug == "risk")
    tagged = write(pmo, title="Risk checklist", kind="checklist", tag_ids=[risk.id])
    related = write(pmo, title="Stakeholder guideline", competency_ids=[competency.id])
    for document in (tagged, related):
        publish(document, pmo)
    db.session.commit()
    login_as(people["pm"])

    def listed(query: str) -> list[str]:
        page = client.get(f"/library/?{query}").get_data(as_text=True)
        return re.findall(r'class="fw-semibold" href="/library/\d+">([^<]+)<', page)

    assert listed("kind=checklist") == ["Risk checklist"]
    assert listed("tag=risk") == ["Risk checklist"]
    assert listed(f"competency={competency.id}") == ["Stakeholder guideline"]
    assert set(listed("")) == {"Risk checklist", "Stakeholder guideline"}


def test_the_pmo_lists_a_document_among_a_courses_materials(client, db, people, pmo, login_as):
    from tests.training.conftest import make_course

    document = write(pmo)
    publish(document, pmo)
    course = make_course("RISK-101")
    db.session.commit()
    login_as(pmo)
    page = client.get(f"/library/{document.id}").get_data(as_text=True)
    assert "List as course material" in page
    for _twice in range(2):
        client.post(f"/library/{document.id}/material", data={"course_id": course.id})
    db.session.expire_all()
    assert [(m.title, m.url) for m in course.materials] == [
        ("Risk management process", f"/library/{document.id}")
    ]
    client.post("/logout")
    login_as(people["pm"])
    course_page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert f'href="/library/{document.id}"' in course_page


def test_an_owners_home_lists_feedback_to_follow_up(client, db, people, pmo, login_as):
    from community.library.feedback import give_document_feedback

    document = write(pmo, owner_id=people["director"].id)
    publish(document, pmo)
    give_document_feedback(document, actor=people["pm"], is_useful=False, comment="Add a RACI")
    db.session.commit()
    login_as(people["director"])
    assert 'hx-get="/home/panels/library_feedback"' in client.get("/").get_data(as_text=True)
    assert "Add a RACI" in client.get("/home/panels/library_feedback").get_data(as_text=True)
    client.post("/logout")
    login_as(people["hr"])  # owns no document: no such panel
    assert "library_feedback" not in client.get("/").get_data(as_text=True)
    assert client.get("/home/panels/library_feedback").status_code == 404


def test_the_pmo_names_a_documents_owner_by_e_mail(client, db, people, pmo, login_as):
    document = write(pmo)
    db.session.commit()
    login_as(pmo)
    form = {"title": document.title, "kind": "process", "body": PROCESS, "base_revision": 1}
    refused = client.post(f"/library/{document.id}/edit", data={**form, "owner_email": "no@x.test"})
    assert refused.status_code == 422 and "Nobody active" in refused.get_data(as_text=True)
    client.post(
        f"/library/{document.id}/edit", data={**form, "owner_email": "Director@Example.com"}
    )
    db.session.expire_all()
    assert document.owner_id == people["director"].id and document.revision_count == 1


def test_retiring_and_listing_as_material_are_pages_of_their_own(client, db, people, pmo, login_as):
    document = write(pmo)
    publish(document, pmo)
    db.session.commit()
    login_as(pmo)
    retire = client.get(f"/library/{document.id}/retire").get_data(as_text=True)
    assert "Replaced by" in retire and "No successor" in retire
    assert "Course" in client.get(f"/library/{document.id}/material").get_data(as_text=True)
    client.post(f"/library/{document.id}/retire", data={"successor_id": 0})
    db.session.expire_all()
    assert document.state == DocumentState.RETIRED

"""Lessons learned: the workflow and who may move it, the discussion topic, the applied rule,
follow-ups, search (published only, at once), the list's filters and the PMO's panel."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from community.forum.models import Topic
from community.lessons import panels, queries, services
from community.lessons.models import FollowUpStatus, Lesson, LessonState
from community.tags import queries as tag_queries
from community.tags.services import seed_tags
from lms.errors import PermissionDenied, ServiceError
from lms.extensions import db
from lms.search import queries as search_queries
from tests.querycount import count_queries


def _tag(slug: str):
    return next(t for _g, tags in tag_queries.grouped() for t in tags if t.slug == slug)


def write(person, title="Book the test environment early", **extra):
    fields = {
        "title": title,
        "project": "CRM migration",
        "impact": 4,
        "what_happened": "The **environment** was taken.",
        "recommendation": "Reserve it in the plan.",
        **extra,
    }
    return services.save_lesson(None, actor=person, **fields)


def published(people, **extra):
    lesson = write(people["pm"], **extra)
    services.submit_lesson(lesson, actor=people["pm"])
    services.validate_lesson(lesson, actor=people["pmo"])
    return services.publish_lesson(lesson, actor=people["pmo"])


def _reread(lesson):
    db.session.expire_all()
    return db.session.get(Lesson, lesson.id)


def _found(typed: str) -> list[int]:
    page = search_queries.search(typed, search_queries.Filters(kind="lesson"), 1, 20)
    return [hit.object_id for hit in page.items]


@pytest.fixture(autouse=True)
def tags(db):
    seed_tags()


def test_a_new_lesson_is_the_authors_draft_rendered_once(db, people):
    lesson = write(people["pm"], phase_id=_tag("planning").id, tag_ids=[_tag("research").id])
    assert lesson.state == LessonState.DRAFT and lesson.author_id == people["pm"].id
    assert "<strong>environment</strong>" in lesson.what_happened_html
    assert lesson.phase.slug == "planning" and [t.slug for t in lesson.tags] == ["research"]
    assert [s.to_state for s in lesson.steps] == [LessonState.DRAFT]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"recommendation": " "}, "recommendation"),
        ({"title": "No"}, "title"),
        ({"impact": 9}, "impact"),
        ({"phase_id": -1}, "phase_id"),
    ],
)
def test_a_bad_lesson_is_refused_on_its_field_and_nothing_saved(db, people, fields, field):
    with pytest.raises(ServiceError) as refused:
        write(people["pm"], **fields)
    assert refused.value.field == field


def test_a_script_in_a_lesson_is_made_harmless(db, people):
    lesson = write(people["pm"], effect="<script>alert(1)</script> [x](javascript:alert(1))")
    assert "<script" not in lesson.effect_html and 'href="javascript' not in lesson.effect_html


def test_the_whole_workflow_with_a_return(db, people):
    pm, pmo = people["pm"], people["pmo"]
    lesson = write(pm)
    services.submit_lesson(lesson, actor=pm)
    assert lesson.state == LessonState.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.save_lesson(lesson, actor=pm, title="Changed title", impact=3,
                             recommendation="x")  # fmt: skip
    with pytest.raises(ServiceError) as refused:
        services.return_lesson(lesson, actor=pmo, reason="  ")
    assert refused.value.field == "reason"
    services.return_lesson(lesson, actor=pmo, reason="Say what the contract said.")
    assert lesson.state == LessonState.RETURNED and lesson.return_reason
    services.save_lesson(lesson, actor=pm, title="Book it early", impact=3, recommendation="Do")
    services.submit_lesson(lesson, actor=pm)
    services.validate_lesson(lesson, actor=pmo)
    services.publish_lesson(lesson, actor=pmo)
    assert lesson.state == LessonState.PUBLISHED
    assert [s.to_state for s in lesson.steps] == [
        LessonState.DRAFT, LessonState.SUBMITTED, LessonState.RETURNED, LessonState.SUBMITTED,
        LessonState.VALIDATED, LessonState.PUBLISHED,
    ]  # fmt: skip


@pytest.mark.parametrize("who", ["pm", "director", "hr", "admin", "trainer"])
def test_only_the_pmo_validates_returns_and_publishes(db, people, who):
    lesson = write(people["pm"])
    services.submit_lesson(lesson, actor=people["pm"])
    for service in (services.validate_lesson, services.publish_lesson):
        with pytest.raises(PermissionDenied):
            service(lesson, actor=people[who])
    with pytest.raises(PermissionDenied):
        services.return_lesson(lesson, actor=people[who], reason="No")


def test_only_the_author_submits(db, people):
    lesson = write(people["pm"])
    for who in ("director", "pmo"):
        with pytest.raises(PermissionDenied):
            services.submit_lesson(lesson, actor=people[who])


def test_a_draft_cannot_skip_validation(db, people):
    lesson = write(people["pm"])
    with pytest.raises(ServiceError):
        services.publish_lesson(lesson, actor=people["pmo"])
    assert lesson.state == LessonState.DRAFT


def test_publishing_opens_the_discussion_topic_linking_back(db, people):
    lesson = published(people)
    topic = db.session.get(Topic, lesson.topic_id)
    assert topic.category.slug == services.LESSONS_CATEGORY
    assert topic.title == lesson.title
    post = db.session.scalar(select(Topic).where(Topic.id == topic.id))
    assert post is not None
    from community.forum.models import Post

    first = db.session.scalar(select(Post).where(Post.topic_id == topic.id))
    assert f"/club/lessons/{lesson.id}" in first.html


def test_publishing_twice_is_refused_with_a_message_and_one_topic(db, people):
    lesson = published(people)
    with pytest.raises(ServiceError) as refused:
        services.publish_lesson(lesson, actor=people["pmo"])
    assert "already published" in refused.value.message
    assert db.session.scalar(select(func.count()).select_from(Topic)) == 1


def test_who_reads_what(db, people):
    from community.lessons.permissions import can_read_lesson

    draft = write(people["pm"])
    assert can_read_lesson(people["pm"], draft) and can_read_lesson(people["pmo"], draft)
    assert not can_read_lesson(people["director"], draft)
    lesson = published(people, title="A published one")
    assert all(can_read_lesson(people[r], lesson) for r in ("director", "hr", "admin"))


def test_search_finds_only_published_lessons_and_follows_edits(db, people):
    draft = write(people["pm"], title="Zebra draft lesson")
    lesson = published(people, title="Zebra published lesson")
    assert _found("zebra") == [lesson.id]
    assert draft.id not in _found("zebra")
    services.save_lesson(
        lesson, actor=people["pmo"], title="Okapi published lesson", impact=2, recommendation="x"
    )
    assert _found("okapi") == [lesson.id] and _found("zebra") == []
    services.unpublish_lesson(lesson, actor=people["pmo"])
    assert _found("okapi") == []


def test_a_done_follow_up_makes_the_lesson_applied(db, people):
    lesson = published(people)
    action = services.add_follow_up(
        lesson, actor=people["pm"], title="Update the template", owner=people["director"],
        due_on=date(2026, 1, 1),
    )  # fmt: skip
    assert not lesson.is_applied
    assert action.is_overdue(date(2026, 1, 2)) and not action.is_overdue(date(2026, 1, 1))
    with pytest.raises(PermissionDenied):
        services.set_follow_up_status(action, actor=people["hr"], status=FollowUpStatus.DONE)
    services.set_follow_up_status(action, actor=people["director"], status=FollowUpStatus.DONE)
    assert lesson.is_applied and not action.is_overdue(date(2026, 1, 2))


def test_a_dropped_follow_up_does_not_apply_it_but_a_methodology_link_does(db, people):
    lesson = published(people)
    action = services.add_follow_up(
        lesson, actor=people["pmo"], title="Maybe", owner=people["pm"], due_on=None
    )
    services.set_follow_up_status(action, actor=people["pm"], status=FollowUpStatus.DROPPED)
    assert not lesson.is_applied
    with pytest.raises(PermissionDenied):
        services.mark_applied(lesson, actor=people["pm"], document="Plan template v3")
    services.mark_applied(lesson, actor=people["pmo"], document="Plan template v3")
    assert lesson.is_applied and lesson.applied_document == "Plan template v3"


def test_filters_of_the_published_list(db, people):
    good = published(people, title="Good one", is_positive=True, area_id=_tag("risk").id,
                     tag_ids=[_tag("construction").id], project="Plant extension")  # fmt: skip
    bad = published(people, title="Bad one", is_positive=False, area_id=_tag("cost").id)
    write(people["pm"], title="Draft one", is_positive=True)

    def listed(**filters) -> list[int]:
        query = queries.published(queries.LessonFilters(**filters))
        return [lesson.id for lesson in db.session.scalars(query).unique()]

    assert sorted(listed()) == sorted([good.id, bad.id])
    assert listed(positive=True) == [good.id]
    assert listed(positive=False) == [bad.id]
    assert listed(area=_tag("risk")) == [good.id]
    assert listed(tag=_tag("construction")) == [good.id]
    assert listed(project="plant") == [good.id]
    assert listed(phase=_tag("closing")) == []


def test_the_pmo_panel_figures(db, people):
    """Hand-worked: 1 submitted lesson; 3 follow-ups open, one of them overdue, one done;
    applied: one lesson in 2026 Q2, two in 2026 Q4 (today 2026-12-03)."""
    today = date(2026, 12, 3)
    waiting = write(people["pm"], title="Waiting one")
    services.submit_lesson(waiting, actor=people["pm"])
    lessons = [published(people, title=f"Lesson number {n}") for n in range(3)]
    for due in (today - timedelta(days=1), today, None):
        services.add_follow_up(lessons[0], actor=people["pmo"], title="Act", owner=people["pm"],
                               due_on=due)  # fmt: skip
    done = services.add_follow_up(lessons[1], actor=people["pmo"], title="Done", owner=people["pm"],
                                  due_on=today - timedelta(days=9))  # fmt: skip
    services.set_follow_up_status(done, actor=people["pm"], status=FollowUpStatus.DONE)
    moments = [datetime(2026, 5, 2, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC),
               datetime(2026, 12, 1, tzinfo=UTC)]  # fmt: skip
    for lesson, moment in zip(lessons, moments, strict=True):
        lesson.applied_at = moment
    db.session.flush()
    assert queries.waiting_count() == 1
    assert queries.follow_up_counts(today) == {"open": 3, "overdue": 1}
    assert queries.applied_per_quarter(4, today) == [
        ("2026 Q1", 0), ("2026 Q2", 1), ("2026 Q3", 0), ("2026 Q4", 2)
    ]  # fmt: skip
    figures = panels.lessons_figures(people["pmo"])
    assert figures["waiting"] == 1 and figures["most"] >= 1


def test_the_panel_is_the_pmos(db, people, login_as):
    from lms.dashboard.panels import PANELS

    panel = PANELS["lessons_learned"]
    assert panel.visible(people["pmo"]) and not panel.visible(people["pm"])
    page = login_as(people["pmo"]).get("/").get_data(as_text=True)
    assert 'id="panel-lessons"' in page


def test_pages_of_a_lesson_from_draft_to_published(db, people, login_as, client):
    pm = login_as(people["pm"])
    assert "Log a lesson" in pm.get("/club/lessons/").get_data(as_text=True)
    refused = pm.post("/club/lessons/new", data={"title": "Good title", "impact": 3,
                                                 "is_positive": "no"})  # fmt: skip
    assert refused.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Lesson)) == 0
    response = pm.post(
        "/club/lessons/new",
        data={"title": "Good title", "impact": 3, "is_positive": "yes",
              "phase_id": _tag("planning").id, "recommendation": "Plan it.",
              "tag_ids": [_tag("research").id]},
    )  # fmt: skip
    assert response.status_code == 302
    lesson = db.session.scalar(select(Lesson))
    assert lesson.is_positive and [t.slug for t in lesson.tags] == ["research"]
    assert "Good title" in pm.get("/club/lessons/mine").get_data(as_text=True)
    assert pm.post(f"/club/lessons/{lesson.id}/submit").status_code == 302
    assert _reread(lesson).state == LessonState.SUBMITTED
    pm.post("/logout")
    pmo = login_as(people["pmo"])
    assert "Good title" in pmo.get("/club/lessons/queue").get_data(as_text=True)
    pmo.post(f"/club/lessons/{lesson.id}/validate")
    pmo.post(f"/club/lessons/{lesson.id}/publish")
    assert _reread(lesson).state == LessonState.PUBLISHED
    page = pmo.get(f"/club/lessons/{lesson.id}").get_data(as_text=True)
    assert "Discuss it in the club" in page and 'data-testid="lesson-step"' in page
    assert "Good title" in pmo.get("/club/lessons/?q=good").get_data(as_text=True)
    listed = pmo.get("/club/lessons/?phase=planning").get_data(as_text=True)
    assert "Good title" in listed
    assert pmo.post(f"/club/lessons/{lesson.id}/return", data={"reason": ""}).status_code == 302
    assert _reread(lesson).state == LessonState.PUBLISHED  # a published lesson is not returned


def test_a_follow_up_is_added_on_the_lesson_page(db, people, login_as):
    lesson = published(people)
    pm = login_as(people["pm"])
    bad = pm.post(f"/club/lessons/{lesson.id}/follow-ups",
                  data={"title": "Tell the team", "owner_email": "nobody@example.com"})  # fmt: skip
    assert bad.status_code == 422 and "Choose who owns" in bad.get_data(as_text=True)
    ok = pm.post(f"/club/lessons/{lesson.id}/follow-ups",
                 data={"title": "Tell the team", "owner_email": people["director"].email,
                       "due_on": "2026-01-01"})  # fmt: skip
    assert ok.status_code == 302
    action = _reread(lesson).follow_ups[0]
    assert action.owner_id == people["director"].id
    pm.post(f"/club/lessons/follow-ups/{action.id}/status", data={"status": "done"})
    db.session.refresh(action)
    assert action.status == FollowUpStatus.DONE and _reread(lesson).is_applied


def test_the_list_reads_in_a_constant_number_of_queries(db, people, login_as):
    for n in range(3):
        published(people, title=f"Lesson number {n}", tag_ids=[_tag("research").id])
    client = login_as(people["director"])
    client.get("/club/lessons/")
    with count_queries(db.engine) as few:
        client.get("/club/lessons/")
    for n in range(3, 12):
        published(people, title=f"Lesson number {n}", tag_ids=[_tag("cost").id])
    with count_queries(db.engine) as many:
        client.get("/club/lessons/")
    assert many.count == few.count


def test_a_lesson_page_reads_in_a_constant_number_of_queries(db, people, login_as):
    lesson = published(people, tag_ids=[_tag("research").id])
    client = login_as(people["pmo"])
    client.get(f"/club/lessons/{lesson.id}")
    with count_queries(db.engine) as few:
        client.get(f"/club/lessons/{lesson.id}")
    for n in range(4):
        services.add_follow_up(lesson, actor=people["pmo"], title=f"Act {n}",
                               owner=people["director" if n % 2 else "pm"], due_on=None)  # fmt: skip
    services.unpublish_lesson(lesson, actor=people["pmo"])
    services.publish_lesson(lesson, actor=people["pmo"])
    with count_queries(db.engine) as many:
        page = client.get(f"/club/lessons/{lesson.id}").get_data(as_text=True)
    assert page.count('data-testid="follow-up"') == 4
    assert many.count == few.count


def test_the_club_links_to_lessons_and_a_returned_lesson_says_why(db, people, login_as):
    lesson = write(people["pm"])
    services.submit_lesson(lesson, actor=people["pm"])
    services.return_lesson(lesson, actor=people["pmo"], reason="Name the vendor.")
    client = login_as(people["pm"])
    assert 'href="/club/lessons/"' in client.get("/club/").get_data(as_text=True)
    assert "Name the vendor." in client.get(f"/club/lessons/{lesson.id}").get_data(as_text=True)
    assert "Name the vendor." in client.get(f"/club/lessons/{lesson.id}/edit").get_data(
        as_text=True
    )
    empty = client.get("/club/lessons/").get_data(as_text=True)
    assert "No published lessons yet" in empty


def test_the_pmo_is_told_of_a_submission_and_the_author_of_a_return(db, people):
    from lms.notifications.models import Notification

    lesson = write(people["pm"])
    services.submit_lesson(lesson, actor=people["pm"])
    services.return_lesson(lesson, actor=people["pmo"], reason="Say more.")
    told = db.session.execute(select(Notification.user_id, Notification.kind)).all()
    assert (people["pmo"].id, "lessons.submitted") in told
    assert (people["pm"].id, "lessons.returned") in told


def test_a_search_keeps_to_the_chosen_phase(db, people, login_as):
    published(people, title="Zebra in planning", phase_id=_tag("planning").id)
    published(people, title="Zebra in closing", phase_id=_tag("closing").id)
    client = login_as(people["director"])
    page = client.get("/club/lessons/?q=zebra&phase=closing").get_data(as_text=True)
    assert "Zebra in closing" in page and "Zebra in planning" not in page
    assert "Zebra in planning" in client.get("/club/lessons/?q=zebra").get_data(as_text=True)


def test_applied_quarters_are_the_site_time_zones(db, people, app, monkeypatch):
    """In Shanghai (UTC+8) 2026-09-30 23:30 UTC is already 1 October: Q4; 2025-12-31
    17:00 UTC is 1 January 2026: in 2026 Q1, the first of the four quarters counted."""
    monkeypatch.setitem(app.config, "SITE_TIMEZONE", "Asia/Shanghai")
    moments = [datetime(2026, 9, 30, 23, 30, tzinfo=UTC), datetime(2025, 12, 31, 17, tzinfo=UTC),
               datetime(2026, 6, 30, 15, 59, tzinfo=UTC)]  # fmt: skip
    for n, moment in enumerate(moments):
        lesson = published(people, title=f"Lesson number {n}")
        lesson.applied_at = moment
    db.session.flush()
    assert queries.applied_per_quarter(4, date(2026, 12, 3)) == [
        ("2026 Q1", 1), ("2026 Q2", 1), ("2026 Q3", 0), ("2026 Q4", 1)
    ]  # fmt: skip
    monkeypatch.setitem(app.config, "SITE_TIMEZONE", "UTC")
    assert queries.applied_per_quarter(4, date(2026, 12, 3)) == [
        ("2026 Q1", 0), ("2026 Q2", 1), ("2026 Q3", 1), ("2026 Q4", 0)
    ]  # fmt: skip


def _actions(lesson) -> list[tuple[str, int]]:
    return [(f.title, f.owner_id) for f in _reread(lesson).follow_ups]


@pytest.mark.parametrize(
    "typed",
    ["Director Person", "  director   person ", "Director Person <director@example.com>",
     "DIRECTOR@example.com"],
)  # fmt: skip
def test_a_follow_up_owner_is_picked_by_name_or_e_mail(db, people, login_as, typed):
    lesson = published(people)
    pm = login_as(people["pm"])
    done = pm.post(f"/club/lessons/{lesson.id}/follow-ups",
                   data={"title": "Tell the team", "owner_email": typed})  # fmt: skip
    assert done.status_code == 302
    assert _actions(lesson) == [("Tell the team", people["director"].id)]


def test_an_ambiguous_owner_name_is_refused_at_the_field_offering_both(db, people, login_as):
    from tests.factories import UserFactory

    twins = [UserFactory(name="Li Na", email=f"li.na{n}@example.com", roles=["pm"])
             for n in (1, 2)]  # fmt: skip
    lesson = published(people)
    pm = login_as(people["pm"])
    refused = pm.post(f"/club/lessons/{lesson.id}/follow-ups",
                      data={"title": "Tell the team", "owner_email": "li na"})  # fmt: skip
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and _actions(lesson) == []
    error = page[page.index('id="owner_email-error"') :].split("</div>")[0]
    assert "2 members of the PM club are called “li na”" in error
    for twin in twins:
        assert f'<option value="Li Na &lt;{twin.email}&gt;">' in page
    chosen = pm.post(f"/club/lessons/{lesson.id}/follow-ups",
                     data={"title": "Tell the team",
                           "owner_email": f"Li Na <{twins[1].email}>"})  # fmt: skip
    assert chosen.status_code == 302 and _actions(lesson) == [("Tell the team", twins[1].id)]


@pytest.mark.parametrize("who", ["unknown", "not-a-member", "inactive"])
def test_an_owner_who_is_no_active_member_is_refused_at_the_field(db, people, login_as, who):
    if who == "inactive":
        people["director"].is_active = False
        db.session.flush()
    typed = {"unknown": "Nobody Here", "not-a-member": people["hr"].email,
             "inactive": "Director Person"}[who]  # fmt: skip
    lesson = published(people)
    pm = login_as(people["pm"])
    refused = pm.post(f"/club/lessons/{lesson.id}/follow-ups",
                      data={"title": "Tell the team", "owner_email": typed})  # fmt: skip
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and _actions(lesson) == []
    error = page[page.index('id="owner_email-error"') :].split("</div>")[0]
    assert "Choose who owns the action: no one in the PM club is called" in error


def test_a_service_caller_cannot_give_an_action_to_a_non_member(db, people):
    lesson = published(people)
    with pytest.raises(ServiceError) as refused:
        services.add_follow_up(lesson, actor=people["pmo"], title="Act", owner=people["hr"],
                               due_on=None)  # fmt: skip
    assert refused.value.field == "owner_email" and "not an active member" in refused.value.message


def test_the_owner_picker_offers_the_lessons_people_and_looks_up_as_typed(db, people, login_as):
    lesson = published(people)
    pm = login_as(people["pm"])
    page = pm.get(f"/club/lessons/{lesson.id}").get_data(as_text=True)
    assert 'list="owner_email-people"' in page and '<datalist id="owner_email-people">' in page
    assert f'hx-get="/club/lessons/{lesson.id}"' in page
    assert '<option value="Pm Person &lt;pm@example.com&gt;">' in page  # the author
    assert "director@example.com" not in page
    looked_up = pm.get(f"/club/lessons/{lesson.id}?owner_email=dir", headers={"HX-Request": "1"})
    options = looked_up.get_data(as_text=True)
    assert looked_up.status_code == 200 and "<html" not in options
    assert (
        '<option value="Director Person &lt;director@example.com&gt;">Delivery</option>' in options
    )
    assert "hr@example.com" not in pm.get(
        f"/club/lessons/{lesson.id}?owner_email=hr", headers={"HX-Request": "1"}
    ).get_data(as_text=True)  # not in the club


def test_a_reader_who_adds_no_follow_ups_is_offered_no_one(db, people, login_as):
    lesson = published(people)
    director = login_as(people["director"])
    page = director.get(f"/club/lessons/{lesson.id}").get_data(as_text=True)
    assert "owner_email-people" not in page


@pytest.mark.parametrize(
    ("action", "data", "flashed", "changed"),
    [
        ("return", {"reason": "Name the vendor."}, "Lesson returned to its author.", True),
        ("return", {"reason": ""}, "This field is required.", False),
        ("applied", {"document": "Plan template v3"}, "Lesson linked to the methodology.", True),
        ("applied", {"document": ""}, "This field is required.", False),
    ],
)
def test_the_pmos_actions_with_a_text(db, people, login_as, action, data, flashed, changed):
    lesson = write(people["pm"])
    services.submit_lesson(lesson, actor=people["pm"])
    pmo = login_as(people["pmo"])
    response = pmo.post(f"/club/lessons/{lesson.id}/{action}", data=data)
    assert response.status_code == 302 and response.location.endswith(f"/club/lessons/{lesson.id}")
    assert flashed in pmo.get(response.location).get_data(as_text=True)
    lesson = _reread(lesson)
    if action == "return":
        assert (lesson.state == LessonState.RETURNED) is changed
    else:
        assert lesson.is_applied is changed and (lesson.applied_document != "") is changed
    pmo.post("/logout")
    director = login_as(people["director"])
    assert director.post(f"/club/lessons/{lesson.id}/{action}", data=data).status_code == 403

"""Every URL rule x every role: who is let in and who is refused (403 or 404).

A rule that is missing from ACCESS fails the suite: a new page must say who may use it.
"""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from lms.permissions import Role
from tests.conftest import ROLES
from tests.factories import NotificationFactory

EVERYONE = frozenset(ROLES)
PUBLIC = "public"
FRAMEWORK_EDITORS = frozenset({"admin", "pmo"})  # anonymous visitors too
PLAN_VIEWERS = frozenset({"pm", "director", "hr", "pmo"})
# members by default: PMs, directors, the PMO (the trainer here is a PM too, see _objects)
CLUB_MEMBERS = frozenset({"pm", "director", "pmo", "trainer"})

# rule -> roles allowed (logged in), or PUBLIC. Later issues add their rules here.
ACCESS: dict[str, frozenset[str] | str] = {
    "/login": PUBLIC,
    "/static/<path:filename>": PUBLIC,
    "/logout": EVERYONE,
    "/password": EVERYONE,
    "/": EVERYONE,
    "/home/panels/<name>": CLUB_MEMBERS,  # a lazy panel: the club's New and Unread topics
    "/profile/": EVERYONE,
    "/notifications/": EVERYONE,
    "/notifications/read-all": EVERYONE,
    "/notifications/<int:note_id>/open": frozenset({"pm"}),  # only the addressee
    "/people/": frozenset({"admin", "hr", "pmo"}),
    "/people/<int:user_id>": frozenset({"admin", "hr", "pmo"}),
    "/people/new": frozenset({"admin", "hr"}),
    "/people/<int:user_id>/edit": frozenset({"admin", "hr"}),
    "/people/import": frozenset({"admin", "hr"}),
    "/people/<int:user_id>/deactivate": frozenset({"admin"}),
    "/people/<int:user_id>/reactivate": frozenset({"admin"}),
    "/people/<int:user_id>/reset-password": frozenset({"admin"}),
    "/people/<int:user_id>/unlock-login": frozenset({"admin"}),
    "/departments/": frozenset({"admin", "hr", "pmo"}),
    "/departments/new": frozenset({"admin", "hr"}),
    "/departments/<int:department_id>/edit": frozenset({"admin", "hr"}),
    "/departments/<int:department_id>/delete": frozenset({"admin", "hr"}),
    "/audit/": frozenset({"admin", "pmo"}),
    "/frameworks/": EVERYONE,
    "/frameworks/<int:framework_id>": EVERYONE,  # published; drafts: see test_framework_pages
    "/frameworks/<int:framework_id>/export.json": frozenset({"admin", "pmo"}),
    # The profile of the target (a trainer who is also a PM in the director's department):
    # the person, their director chain, HR and the PMO; nobody else, administrators included.
    "/me/competencies": EVERYONE,
    "/people/<int:user_id>/competencies": frozenset({"director", "hr", "pmo", "trainer"}),
    "/people/<int:user_id>/competencies/rate": frozenset({"trainer"}),
    "/people/<int:user_id>/competencies/confirm": frozenset({"director", "pmo"}),
    "/people/<int:user_id>/evidence": frozenset({"director", "pmo", "trainer"}),
    "/people/<int:user_id>/career": frozenset({"hr", "pmo"}),
    "/evidence/<int:evidence_id>/download": frozenset({"director", "hr", "pmo", "trainer"}),
    # whoever recorded it (the target) or the PMO; cited here, so nobody actually deletes it
    "/evidence/<int:evidence_id>/delete": frozenset({"pmo", "trainer"}),
    "/career-levels/": EVERYONE,
    "/career-levels/new": frozenset({"admin", "pmo"}),
    "/career-levels/<int:level_id>/edit": frozenset({"admin", "pmo"}),
    "/competencies/team": frozenset({"director", "hr", "pmo"}),
    "/competencies/heatmap": frozenset({"hr", "pmo"}),
    "/frameworks/import": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/edit": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/publish": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/archive": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/new-version": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/changes": EVERYONE,
    "/frameworks/<int:framework_id>/export.csv": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/levels/<int:scale_level_id>/edit": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/competencies/new": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/competencies/<int:competency_id>/edit": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/competencies/<int:competency_id>/delete": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/competencies/<int:competency_id>/retire": FRAMEWORK_EDITORS,
    "/frameworks/<int:framework_id>/competencies/<int:competency_id>/unretire": FRAMEWORK_EDITORS,
    # Development plans: the PM's own approved plan (revision 1 in force) in the director's
    # department. Seen by the PM, the director chain, HR and the PMO; changed by the PM only.
    "/plans/": frozenset({"pm", "trainer"}),  # the trainer here is a PM too
    "/plans/new": frozenset({"pm", "trainer"}),
    "/plans/<int:plan_id>": PLAN_VIEWERS,
    "/plans/<int:plan_id>/print": PLAN_VIEWERS,
    "/plans/<int:plan_id>/revisions/<int:number>": PLAN_VIEWERS,
    "/plans/<int:plan_id>/submit": frozenset({"pm"}),
    "/plans/<int:plan_id>/decide": frozenset({"director", "hr"}),
    "/plans/<int:plan_id>/notes": PLAN_VIEWERS,
    "/plans/<int:plan_id>/complete": frozenset({"pm", "director"}),
    "/plans/<int:plan_id>/cancel": frozenset({"pm", "director"}),
    "/plans/<int:plan_id>/goals/new": frozenset({"pm"}),
    "/plans/<int:plan_id>/goals/<int:goal_id>/edit": frozenset({"pm"}),
    "/plans/<int:plan_id>/goals/<int:goal_id>/delete": frozenset({"pm"}),
    "/plans/<int:plan_id>/goals/<int:goal_id>/activities/new": frozenset({"pm"}),
    "/plans/<int:plan_id>/activities/<int:activity_id>/edit": frozenset({"pm"}),
    "/plans/<int:plan_id>/activities/<int:activity_id>/delete": frozenset({"pm"}),
    "/plans/<int:plan_id>/activities/<int:activity_id>/progress": frozenset({"pm"}),
    "/plans/waiting": frozenset({"director", "hr"}),
    "/plans/team": frozenset({"director"}),
    "/plans/overview": frozenset({"hr", "pmo"}),
    "/plans/templates": frozenset({"pmo"}),
    "/plans/templates/<int:level_id>": frozenset({"pmo"}),
    "/plans/deputies": frozenset({"director", "hr"}),
    "/plans/deputies/<int:deputy_id>/delete": frozenset({"director"}),  # who named the deputy
    # Training: calendars. A class's .ics for everyone signed in; the feed by its token alone.
    "/classes/<int:class_id>.ics": EVERYONE,
    "/calendar/<token>.ics": PUBLIC,
    "/calendar/feed": EVERYONE,
    "/calendar/": EVERYONE,
    "/calendar/feed/revoke": EVERYONE,
    # Training: the catalogue and classes are read by everyone signed in and managed by the
    # PMO; anyone may enrol (nobody here teaches the class); the PM's own enrolment is
    # withdrawn by the PM or the PMO and its offered seat taken by the PM alone.
    "/courses/": EVERYONE,
    "/courses/<int:course_id>": EVERYONE,
    "/courses/new": frozenset({"pmo"}),
    "/courses/<int:course_id>/edit": frozenset({"pmo"}),
    "/courses/<int:course_id>/classes/new": frozenset({"pmo"}),
    "/classes/<int:class_id>": EVERYONE,
    "/classes/<int:class_id>/edit": frozenset({"pmo"}),
    "/classes/<int:class_id>/open": frozenset({"pmo"}),
    "/classes/<int:class_id>/cancel": frozenset({"pmo"}),
    "/classes/<int:class_id>/enrol": EVERYONE,
    "/classes/mine": EVERYONE,
    "/enrolments/<int:enrolment_id>/withdraw": frozenset({"pm", "pmo"}),
    "/enrolments/<int:enrolment_id>/confirm": frozenset({"pm"}),
    # attendance: the class's trainers (none here) and the PMO; the learner's own parts: the PM
    "/classes/<int:class_id>/attendance": frozenset({"pmo"}),
    "/classes/<int:class_id>/sessions/<int:session_id>/check-in-code": frozenset({"pmo"}),
    "/classes/<int:class_id>/sessions/<int:session_id>/check-in.svg": frozenset({"pmo"}),
    "/classes/<int:class_id>/check-in": frozenset({"pm"}),
    "/classes/<int:class_id>/sessions/<int:session_id>/apology": frozenset({"pm"}),
    "/classes/<int:class_id>/feedback": frozenset({"pm"}),
    # nominations: the director chain, HR and the PMO; the nominee answers; the PM's director
    # decides requests (decide: the PM's enrolment, for the PM's director alone)
    "/classes/<int:class_id>/nominate": frozenset({"director", "hr", "pmo"}),
    "/enrolments/<int:enrolment_id>/accept": frozenset({"pm"}),
    "/enrolments/<int:enrolment_id>/decline": frozenset({"pm"}),
    "/classes/requests": frozenset({"director"}),
    "/enrolments/<int:enrolment_id>/decide": frozenset({"director"}),
    # the training-needs analysis (the PM's plan goal needs the class's course)
    "/training/needs/": frozenset({"pmo"}),
    "/training/needs/<int:course_id>": frozenset({"pmo"}),
    "/training/needs/<int:course_id>/schedule": frozenset({"pmo"}),
    "/training/reports": frozenset({"hr", "pmo"}),
    "/training/feedback": frozenset({"pmo", "trainer"}),
    "/rooms/": frozenset({"pmo"}),
    "/rooms/new": frozenset({"pmo"}),
    "/rooms/<int:room_id>/edit": frozenset({"pmo"}),
    # The PM club: everyone signed in reads it; members (PMs, directors, the PMO by default)
    # post; those not in it join; the PMO manages categories and moderates.
    "/club/": EVERYONE,
    "/club/new": EVERYONE,
    "/club/unread": EVERYONE,
    "/club/counts": EVERYONE,
    "/club/c/<slug>": EVERYONE,
    "/club/tag/": EVERYONE,
    "/club/tag/<tag_slug>": EVERYONE,
    "/club/c/<slug>/new": EVERYONE,
    "/club/c/<slug>/unread": EVERYONE,
    "/club/new-topic": CLUB_MEMBERS,
    "/club/t/<int:topic_id>": EVERYONE,
    "/club/t/<int:topic_id>/<int:number>": EVERYONE,
    "/club/t/<int:topic_id>/reply": CLUB_MEMBERS,
    "/club/t/<int:topic_id>/read": EVERYONE,
    "/club/t/<int:topic_id>/level": EVERYONE,
    "/club/c/<slug>/level": CLUB_MEMBERS,
    "/club/t/<int:topic_id>/pin": frozenset({"pmo"}),
    "/club/t/<int:topic_id>/unpin": frozenset({"pmo"}),
    "/club/t/<int:topic_id>/lock": frozenset({"pmo"}),
    "/club/t/<int:topic_id>/unlock": frozenset({"pmo"}),
    "/club/categories/": frozenset({"pmo"}),
    "/club/categories/new": frozenset({"pmo"}),
    "/club/categories/<int:category_id>/edit": frozenset({"pmo"}),
    "/club/members": EVERYONE,
    "/club/uploads": CLUB_MEMBERS,  # no file sent: told so (422)
    "/uploads/<file_token>": EVERYONE,  # the club's readers: everyone signed in
    "/club/members/<int:user_id>": EVERYONE,  # the trainer who is also a PM: a member
    "/club/experts": EVERYONE,
    "/club/mentions": CLUB_MEMBERS,
    "/club/search": EVERYONE,
    "/club/p/<int:post_id>/hide": frozenset({"pmo"}),  # post 1: refused with a message
    "/club/p/<int:post_id>/show": frozenset({"pmo"}),
    "/club/t/<int:topic_id>/hide": frozenset({"pmo"}),
    "/club/t/<int:topic_id>/show": frozenset({"pmo"}),
    "/club/drafts/<key>": CLUB_MEMBERS,
    "/club/drafts/<key>/discard": CLUB_MEMBERS,
    # the PM's question (post 1) with the director's reply
    "/club/p/<int:post_id>/edit": frozenset({"pm", "pmo"}),  # its author and moderators
    "/club/p/<int:post_id>/history": EVERYONE,
    "/club/p/<int:post_id>/restore/<int:number>": frozenset({"pm", "pmo"}),
    "/club/p/<int:post_id>/like": frozenset({"director", "pmo", "trainer"}),  # not one's own
    "/club/p/<int:post_id>/unlike": frozenset({"director", "pmo", "trainer"}),
    "/club/t/<int:topic_id>/accept/<int:number>": frozenset({"pm", "pmo"}),  # the asker
    "/club/t/<int:topic_id>/unaccept": frozenset({"pm", "pmo"}),
    # Moderation: flags by members on others' posts (the matrix's post is the PM's first);
    # the PMO moderates every category (a category's own moderators: test_moderation)
    "/club/p/<int:post_id>/flag": frozenset({"director", "pmo", "trainer"}),
    "/club/review": frozenset({"pmo"}),
    "/club/p/<int:post_id>/agree": frozenset({"pmo"}),
    "/club/p/<int:post_id>/disagree": frozenset({"pmo"}),  # nothing open: told so
    "/club/p/<int:post_id>/delete": frozenset({"pmo"}),  # the PM's first post has a reply
    "/club/t/<int:topic_id>/move": frozenset({"pmo"}),
    "/club/t/<int:topic_id>/merge": frozenset({"pmo"}),
    "/club/join": frozenset({"hr", "admin"}),
    "/club/leave": CLUB_MEMBERS,
    # The tag set: the PMO's. Lessons learned: the lesson is the PM's draft (its author and
    # the PMO read it); its follow-up is owned by the director, who cannot read a draft.
    "/club/tags/": frozenset({"pmo"}),
    "/club/tags/new": frozenset({"pmo"}),
    "/club/tags/<int:tag_id>/edit": frozenset({"pmo"}),
    "/club/tags/<int:tag_id>/move": frozenset({"pmo"}),
    "/club/lessons/": EVERYONE,
    "/club/lessons/mine": EVERYONE,
    "/club/lessons/queue": frozenset({"pmo"}),
    "/club/lessons/new": CLUB_MEMBERS,
    "/club/lessons/<int:lesson_id>": frozenset({"pm", "pmo"}),
    "/club/lessons/<int:lesson_id>/edit": frozenset({"pm", "pmo"}),
    "/club/lessons/<int:lesson_id>/submit": frozenset({"pm"}),
    "/club/lessons/<int:lesson_id>/validate": frozenset({"pmo"}),  # a draft: refused, flashed
    "/club/lessons/<int:lesson_id>/return": frozenset({"pmo"}),
    "/club/lessons/<int:lesson_id>/publish": frozenset({"pmo"}),
    "/club/lessons/<int:lesson_id>/unpublish": frozenset({"pmo"}),
    "/club/lessons/<int:lesson_id>/applied": frozenset({"pmo"}),
    "/club/lessons/<int:lesson_id>/follow-ups": frozenset({"pm", "pmo"}),
    "/club/lessons/follow-ups/<int:follow_up_id>/status": frozenset({"pm", "pmo"}),
    # The methodology library: everyone reads what is published; the document's owner (the
    # director here) and the PMO edit it; the PMO reviews and publishes; members suggest, and
    # read their own suggestions (the PM's here).
    "/library/": EVERYONE,
    "/library/drafts": EVERYONE,
    "/library/new": frozenset({"pmo"}),
    "/library/review": frozenset({"pmo"}),
    "/library/from-lesson/<int:lesson_id>": frozenset({"pmo"}),  # a draft lesson: refused, told
    "/library/<int:document_id>": EVERYONE,
    "/library/<int:document_id>/changes": EVERYONE,
    "/library/<int:document_id>/read": EVERYONE,
    "/library/<int:document_id>/material": frozenset({"pmo"}),
    "/library/<int:document_id>/start": EVERYONE,  # a published template
    "/library/<int:document_id>/feedback": EVERYONE,
    "/library/feedback/<int:feedback_id>/handled": frozenset({"director", "pmo"}),
    "/library/<int:document_id>/plan": frozenset({"pm", "trainer"}),  # who plan their own
    "/library/<int:document_id>/edit": frozenset({"director", "pmo"}),
    "/library/<int:document_id>/history": frozenset({"director", "pmo"}),
    "/library/<int:document_id>/diff": frozenset({"director", "pmo"}),
    "/library/<int:document_id>/restore/<int:number>": frozenset({"director", "pmo"}),
    "/library/<int:document_id>/submit": frozenset({"director", "pmo"}),
    "/library/<int:document_id>/approve": frozenset({"pmo"}),
    "/library/<int:document_id>/send-back": frozenset({"pmo"}),
    "/library/<int:document_id>/publish": frozenset({"pmo"}),
    "/library/<int:document_id>/retire": frozenset({"pmo"}),
    "/library/suggestions/new": CLUB_MEMBERS,
    "/library/suggestions/mine": EVERYONE,
    "/library/files/<file_key>": EVERYONE,  # a file of the published version
    "/library/suggestions/<int:suggestion_id>": frozenset({"pm", "pmo"}),
    "/library/suggestions/<int:suggestion_id>/comment": frozenset({"pm", "pmo"}),
    "/library/suggestions/<int:suggestion_id>/accept": frozenset({"pmo"}),
    "/library/suggestions/<int:suggestion_id>/decline": frozenset({"pmo"}),
    # Projects: a PM runs their own (the trainer here is a PM too, but not this project's);
    # the director sees their department's; the PMO sees and runs all and keeps the settings.
    "/projects/": frozenset({"pm", "director", "pmo", "trainer"}),
    "/projects/new": frozenset({"pm", "pmo", "trainer"}),
    "/projects/<int:project_id>": frozenset({"pm", "director", "pmo"}),
    "/projects/<int:project_id>/edit": frozenset({"pm", "pmo"}),
    "/projects/<int:project_id>/baseline": frozenset({"pm", "pmo"}),
    "/projects/<int:project_id>/actuals": frozenset({"pm", "pmo"}),
    "/projects/<int:project_id>/milestones": frozenset({"pm", "pmo"}),
    "/projects/milestones/<int:milestone_id>/reached": frozenset({"pm", "pmo"}),
    "/projects/<int:project_id>/close": frozenset({"pm", "pmo"}),
    "/projects/<int:project_id>/staffing": frozenset({"pmo"}),  # a key project's PM
    "/projects/locks": frozenset({"pmo"}),
    "/projects/locks/<int:lock_id>/unlock": frozenset({"pmo"}),
    "/projects/rates": frozenset({"pmo"}),
    "/reports/projects/": frozenset({"pm", "director", "hr", "pmo", "trainer"}),
    "/reports/projects/effort": frozenset({"pm", "director", "hr", "pmo", "trainer"}),
    "/reports/projects/organisation": frozenset({"hr", "pmo"}),
    "/projects/imports": frozenset({"pm", "pmo", "trainer"}),
    "/projects/imports/template.csv": frozenset({"pm", "pmo", "trainer"}),
    "/projects/imports/<int:batch_id>": frozenset({"pm", "pmo"}),  # whoever uploaded it
    "/projects/imports/<int:batch_id>/apply": frozenset({"pm", "pmo"}),
    "/projects/imports/<int:batch_id>/roll-back": frozenset({"pm", "pmo"}),
}


def _rules(app):
    return sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)


def test_every_rule_is_in_the_table(app):
    missing = {rule.rule for rule in _rules(app)} - set(ACCESS)
    assert not missing, f"add these rules to ACCESS: {sorted(missing)}"
    stale = set(ACCESS) - {rule.rule for rule in _rules(app)}
    assert not stale, f"rules no longer exist: {sorted(stale)}"


def _url_for(rule, objects) -> str:
    values = {"filename": "css/app.css", **objects}
    return rule.build({arg: values[arg] for arg in rule.arguments}, append_unknown=False)[1]


def _method(rule) -> str:
    return "GET" if "GET" in rule.methods else "POST"


def _attachment(people):
    from community.forum import services as forum

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    upload = FileStorage(io.BytesIO(png), filename="chart.png")
    return forum.attach_file(upload, actor=people["pm"])


def _objects(people, department):
    from community.tags.models import Tag
    from competencies.careers.models import CareerLevel
    from competencies.profiles.models import EvidenceKind
    from competencies.profiles.services import add_evidence, confirm_level
    from lms.accounts.models import UserRole
    from lms.extensions import db
    from tests.competencies.conftest import SMALL, published_framework

    note = NotificationFactory(user=people["pm"])
    framework = published_framework(SMALL)
    target = people["trainer"]  # acted upon; never the actor themself for admin-only actions
    target.role_rows.append(UserRole(role="pm"))  # a trainer who is also a PM: directors rate PMs
    evidence = add_evidence(
        target,
        actor=target,
        kind=EvidenceKind.FILE,
        title="Certificate",
        upload=FileStorage(io.BytesIO(b"%PDF-1.4 test"), filename="cert.pdf"),
    )
    leaf = framework.assessed_competencies[0]
    confirm_level(target, leaf, 1, actor=people["pmo"], evidence_ids=[evidence.id])
    level = CareerLevel(framework=framework, idnumber="L", rank=1, names={"en": "L"})
    db.session.add(level)
    db.session.flush()
    plan = _approved_plan(people, framework)
    training_class, token = _training(people, framework.assessed_competencies[0].id)
    topic = _club_topic(people)
    lesson, tag_id = _lesson(people)
    attachment = _attachment(people)
    document, suggestion = _document(people)
    project, lock, batch = _project(people, department)
    return {
        "batch_id": batch.id,
        "project_id": project.id,
        "milestone_id": project.milestones[0].id,
        "lock_id": lock.id,
        "document_id": document.id,
        "file_key": document_file_token(document),
        "suggestion_id": suggestion.id,
        "feedback_id": _feedback(document, people).id,
        "file_token": attachment.token,
        "lesson_id": lesson.id,
        "follow_up_id": lesson.follow_ups[0].id,
        "tag_id": tag_id,
        "tag_slug": db.session.get(Tag, tag_id).slug,
        "topic_id": topic.id,
        "post_id": _first_post_id(topic),
        "key": "new",
        "name": "club_topics",
        "slug": topic.category.slug,
        "category_id": topic.category_id,
        "class_id": training_class.id,
        "course_id": training_class.course_id,
        "room_id": training_class.room_id,
        "enrolment_id": _enrolled(training_class, people["pm"]).id,
        "session_id": training_class.sessions[0].id,
        "token": token,
        "plan_id": plan.id,
        "goal_id": plan.goals[0].id,
        "activity_id": plan.goals[0].activities[0].id,
        "number": 1,
        "deputy_id": plan.deputy_id,
        "level_id": level.id,
        "competency_id": framework.competencies[1].id,
        "scale_level_id": framework.levels[0].id,
        "evidence_id": evidence.id,
        "user_id": target.id,
        "department_id": department.id,
        "note_id": note.id,
        "framework_id": framework.id,
    }


def _training(people, competency_id: int):
    """A class in a room of a course the PM's plan goal needs, and a live calendar feed of the
    PM."""
    from lms.training.calendar import create_feed
    from lms.training.models import CourseCompetency, Room
    from tests.training.conftest import make_class, make_course

    room = Room(name="Access room", capacity=40)
    course = make_course("ACCESS")
    course.competencies = [CourseCompetency(competency_id=competency_id, level=2)]
    training_class = make_class(course, room=room)
    training_class.sessions[0].check_in_code = "ACCESS"
    return training_class, create_feed(people["pm"], actor=people["pm"])


def _club_topic(people):
    """A topic of the PM's with a reply, in an ordinary category."""
    from community.forum import services as forum
    from tests.community.conftest import make_category

    topic = forum.start_topic(
        make_category("access"),
        actor=people["pm"],
        title="A topic for the matrix",
        body="Hi",
        is_question=True,
    )
    forum.reply_to_topic(topic, actor=people["director"], body="Hello")
    return topic


def _lesson(people):
    """The PM's draft lesson with a follow-up owned by the director, and a tag's id."""
    from community.lessons import services as lessons
    from community.tags.queries import all_tags
    from community.tags.services import seed_tags

    seed_tags()
    lesson = lessons.save_lesson(
        None, actor=people["pm"], title="A lesson for the matrix", impact=3, recommendation="Do"
    )
    lessons.add_follow_up(
        lesson, actor=people["pm"], title="Act", owner=people["director"], due_on=None
    )
    return lesson, all_tags()[0].id


def _document(people):
    """A published library template owned by the director, and the PM's suggestion for it."""
    from community.library import services as library
    from community.library.suggestions import suggest

    document = library.save_document(
        None,
        actor=people["pmo"],
        title="A method for the matrix",
        kind="template",
        body="Step one for {{ project_name }}",
        owner_id=people["director"].id,
        attachments=[FileStorage(io.BytesIO(b"%PDF-1.4 test"), filename="method.pdf")],
    )
    library.submit_document(document, actor=people["pmo"])
    library.approve_document(document, actor=people["pmo"])
    library.publish_document(document, actor=people["pmo"], major=False)
    suggestion = suggest(document, actor=people["pm"], title=document.title, body="Step one, two")
    return document, suggestion


def _project(people, department):
    """The PM's running key project in the director's department, with a plan and a milestone;
    a locked month; and a timesheet the PM uploaded."""
    from datetime import date
    from decimal import Decimal

    from lms.projects import services as projects
    from lms.projects.actuals import lock_month
    from lms.projects.importers import upload_timesheet
    from lms.projects.timesheets import Settings

    project = projects.save_project(
        None, actor=people["pm"], code="ACCESS", name="A project for the matrix",
        department_id=department.id, pm_email=people["pm"].email, status="running", is_key=True,
    )  # fmt: skip
    projects.set_baseline(
        project, actor=people["pm"], name="", start_on=date(2026, 1, 1),
        end_on=date(2026, 6, 30), budget=Decimal(1000), efforts={},
    )  # fmt: skip
    projects.add_milestone(project, actor=people["pm"], title="Go", due_on=date(2026, 3, 1))
    batch = upload_timesheet(
        b"Project,Date,Hours\nACCESS,2026-02-02,8\n", actor=people["pm"], filename="t.csv",
        settings=Settings(),
    )  # fmt: skip
    return project, lock_month(date(2025, 1, 1), actor=people["pmo"]), batch


def _feedback(document, people):
    from community.library.feedback import give_document_feedback

    return give_document_feedback(
        document, actor=people["pm"], is_useful=False, comment="Add an example"
    )


def document_file_token(document) -> str:
    from community.library.queries import revision

    return revision(document).files[0].token


def _first_post_id(topic) -> int:
    from sqlalchemy import select

    from community.forum.models import Post
    from lms.extensions import db

    return db.session.scalar(select(Post.id).where(Post.topic_id == topic.id, Post.number == 1))


def _enrolled(training_class, person):
    from lms.training.enrolment import enrol

    return enrol(training_class, actor=person)


def _approved_plan(people, framework):
    """The PM's plan with one goal and activity, approved by the director and HR."""
    from datetime import date

    from competencies.plans import services as plans
    from competencies.plans.models import Decision, PlanActivity, PlanDeputy, PlanGoal
    from lms.extensions import db

    plan = plans.start_plan(
        people["pm"],
        actor=people["pm"],
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
    )
    goal = PlanGoal(competency_id=framework.assessed_competencies[0].id, target_level=2)
    goal.activities.append(PlanActivity(title="Read the method"))
    plan.goals.append(goal)
    plans.submit_plan(plan, actor=people["pm"])
    for role in ("director", "hr"):
        plans.decide_plan(plan, actor=people[role], decision=Decision.APPROVED)
    deputy = PlanDeputy(
        principal=people["director"],
        deputy=people["pmo"],
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 1, 9),
    )
    db.session.add(deputy)
    db.session.flush()
    plan.deputy_id = deputy.id
    return plan


@pytest.mark.parametrize("rule_text", sorted(ACCESS))
def test_route_access_for_every_role(app, client, db, people, department, rule_text):
    rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
    url = _url_for(rule, _objects(people, department))
    method = _method(rule)
    allowed = ACCESS[rule_text]

    anonymous = client.open(url, method=method)
    anonymous.close()
    if allowed == PUBLIC:
        assert anonymous.status_code < 400, f"anonymous {method} {url}"
    else:
        assert anonymous.status_code in {302, 401}, f"anonymous {method} {url}"
        assert "/login" in anonymous.headers.get("Location", "/login")

    for role in ROLES:
        role_client = app.test_client()
        assert (
            role_client.post(
                "/login", data={"email": people[role].email, "password": "correct horse battery"}
            ).status_code
            == 302
        )
        response = role_client.open(url, method=method)
        response.close()
        if allowed == PUBLIC or role in allowed:
            # let in: a page, a redirect, or an empty form sent back for correction (422)
            assert response.status_code < 400 or response.status_code == 422, (
                f"{role} should reach {method} {url}, got {response.status_code}"
            )
            if rule_text != "/logout":
                assert "/login" not in response.headers.get("Location", ""), f"{role} {url}"
        else:
            assert response.status_code in {403, 404}, (
                f"{role} should be refused {method} {url}, got {response.status_code}"
            )


def test_roles_table_names_every_role():
    assert {str(role) for role in Role} == EVERYONE

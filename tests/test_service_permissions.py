"""Every service that changes state re-checks its predicate: called by someone the page would
refuse, it raises PermissionDenied and writes nothing — so a command, an importer or a later
feature cannot do what the page refuses.

A public function of a service module that is in neither CASES nor NOT_ACTIONS fails the suite:
a new service must say who may call it.
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from community.club import services as club
from community.forum import moderation as forum_moderation
from community.forum import services as forum
from community.forum.models import Level, Post
from community.lessons import services as lessons
from community.library import feedback as library_feedback
from community.library import reading as library_reading
from community.library import services as library
from community.library import suggestions as library_suggestions
from community.tags import queries as tag_queries
from community.tags import services as tags
from competencies.careers import services as careers
from competencies.framework import editing
from competencies.framework import services as frameworks
from competencies.framework.files import exchange, json_format
from competencies.needs import scheduling as needs_scheduling
from competencies.plans import content as plan_content
from competencies.plans import deputies as plan_deputies
from competencies.plans import notes as plan_notes
from competencies.plans import services as plans
from competencies.plans import templates as plan_templates
from competencies.plans.models import (
    ActivityKind,
    ActivityStatus,
    Decision,
    DevelopmentPlan,
    PlanActivity,
    PlanDeputy,
    PlanGoal,
)
from competencies.profiles import services as profiles
from competencies.profiles.models import EvidenceKind
from lms.accounts import importers, login_throttle
from lms.accounts import services as accounts
from lms.audit.models import AuditEntry
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.notifications import services as notifications
from lms.permissions import SYSTEM
from lms.projects import actuals as project_actuals
from lms.projects import closing as project_closing
from lms.projects import importers as project_imports
from lms.projects import services as projects
from lms.projects import staffing as project_staffing
from lms.projects.timesheets import Settings
from lms.training import approvals as training_approvals
from lms.training import attendance as training_attendance
from lms.training import calendar as training_calendar
from lms.training import classes as training_classes
from lms.training import courses as training_courses
from lms.training import enrolment as training
from lms.training.models import Enrolment
from tests.accounts.test_import import make_csv
from tests.community.conftest import make_category as make_forum_category
from tests.competencies.conftest import SMALL, competency_fields
from tests.factories import (
    CareerLevelFactory,
    DepartmentFactory,
    EvidenceFactory,
    FrameworkFactory,
    NotificationFactory,
    UserFactory,
)
from tests.training.conftest import MONDAY, make_class, make_course

MODULES = [
    "lms.accounts.services",
    "lms.accounts.importers",
    "competencies.framework.services",
    "competencies.framework.editing",
    "competencies.framework.files.exchange",
    "competencies.careers.services",
    "competencies.profiles.services",
    "lms.notifications.services",
    "lms.accounts.sign_in",
    "lms.accounts.login_throttle",
    "competencies.plans.services",
    "competencies.plans.content",
    "competencies.plans.notes",
    "competencies.plans.deputies",
    "competencies.plans.templates",
    "lms.training.enrolment",
    "lms.training.classes",
    "lms.training.calendar",
    "lms.training.attendance",
    "lms.training.courses",
    "lms.training.approvals",
    "competencies.needs.scheduling",
    "community.club.services",
    "community.forum.services.categories",
    "community.forum.services.posting",
    "community.forum.services.reading",
    "community.forum.services.editing",
    "community.forum.services.reactions",
    "community.forum.services.visibility",
    "community.tags.services",
    "community.lessons.services",
    "community.library.services",
    "community.library.suggestions",
    "community.library.reading",
    "community.library.feedback",
    "community.forum.moderation",
    "lms.projects.services",
    "lms.projects.actuals",
    "lms.projects.importers",
    "lms.projects.closing",
    "lms.projects.staffing",
]

# Public functions of those modules that are not an actor's action, and why.
NOT_ACTIONS = {
    "month_locked": "a read (which waits for a lock being taken)",
    "check_batch": "a read: what importing a file would do (each row checked for the actor)",
    "header_key": "a helper",
    "remembered_mapping": "a read",
    "snapshot": "a helper (what a period held before an import)",
    "months_led": "a helper",
    "level_for": "a rule (the career level a complexity calls for), no state",
    "rank_key": "a rule (the staffing ranking's order), no state",
    "staffing": "a read: the ranking the staffing page shows",
    "decisions": "a read",
    "add_stretch_activity": "part of assign_pm, through project-staffed (which checks)",
    "summary_draft": "a read: the summary report as the closing page first shows it",
    "attachment_markdown": "a helper (the Markdown of an attachment)",
    "hash_password": "a helper",
    "resolve_flags": "part of hiding, deleting and dismissing flags (each checks its actor)",
    "set_topic_hidden": "part of hide_topic, show_topic and delete_post (each checks)",
    "rendered": "a helper (a post's Markdown as HTML, and whom it mentions)",
    "check_title": "a rule, no state",
    "check_body": "a rule, no state",
    "index_post": "part of posting, editing, moving and merging (each checks)",
    "tell_readers": "part of posting (which checks)",
    "tell_mentioned": "part of editing (which checks)",
    "heard": "part of replying and merging (each checks)",
    "place_reader": "part of posting, reading and setting a level (each checks)",
    "locked_post": "a helper: the post's row, locked, for the service editing it",
    "tell_author": "part of the moderators' actions (each checks)",
    "check_password_strength": "a rule, no state",
    "normalise_email": "a helper",
    "find_user_by_email": "a read",
    "sign_in": "the visitor proves who they are; nobody acts yet",
    "device_token_for": "a helper of sign_in",
    "now": "a clock",
    "locked_until": "a read",
    "search_text_of": "what a course's search reads, no state",
    "check_ready": "a rule (prerequisites, clashes), no state",
    "missing_prerequisites": "a read",
    "take_place": "a helper of enrol, approval and accepting a nomination (each checks)",
    "check_open": "a rule, no state",
    "select_people": "a read",
    "record_failure": "part of sign_in: a failed attempt, nobody acting",
    "forget": "part of sign_in: a successful one",
    "forget_quiet": "part of sign_in: housekeeping",
    "change_password": "only the person: the current password is the check",
    "set_locale": "the signed-in person's own preference",
    "next_version_label": "a read",
    "framework_data": "a read",
    "export_name": "a helper",
    "notify": "an effect of a service that checked its own actor",
    "queue_email_copy": "part of notify",
    "link_to": "a helper",
    "absolute_url": "a helper",
    "unread_count": "a read",
    "plan_label": "a helper",
    "lock_plan": "a helper of every plan service",
    "freeze_revision": "part of decide_plan",
    "open_standings": "a read: what the reader may still decide in",
    "activate_plan": "the site's: an approved plan runs once its period starts (remind, progress)",
    "complete_linked_activities": "an effect of another feature's service (activity-completed)",
    "template_for": "a read",
    "templates_by_level": "a read",
    "seed_plan_templates": "a seeder",
    "lock_class": "a helper of every class service",
    "seats_taken": "a read",
    "enrolment_of": "a read",
    "waitlist_position": "a read",
    "fill_seats": "part of withdraw and save_class (the caller holds the class's row)",
    "update_fullness": "part of enrol, withdraw and save_class",
    "lapse_offers": "the site's: offers not confirmed in time (remind)",
    "calendar_of": "a read: classes as iCalendar",
    "live_feed": "a read",
    "feed_owner_id": "a read (the token is the key)",
    "classes_of": "a read",
    "seed_tags": "a seeder",
    "seed_lessons_category": "a seeder",
    "lessons_category": "the site's: the lessons' forum category, made when first needed",
    "checked_title": "a rule, no state",
    "add_revision": "part of saving, restoring and accepting a suggestion (each checks)",
    "lock_document": "a helper: the document's row, locked, for the service changing it",
    "index_document": "part of publishing (which checks)",
    "count_view": "a reader's visit counted (the view let them read it)",
    "read_majors": "a read",
    "feedback_summary": "a read",
    "open_feedback_count": "a read",
    "open_feedback_of": "a read (the owner's home panel)",
    "owns_documents": "a read (whether the owner's panel shows)",
}


def _leaf(framework, code="B-1"):
    return next(c for c in framework.competencies if c.idnumber == code)


# service name -> (who may not, the call). `w` holds the world fixture's objects.
CASES = {
    # the PM club: HR is not a member by default; only the PMO manages and moderates
    "join_club": ("pm", lambda w, a: club.join_club(a, actor=a)),
    "leave_club": ("hr", lambda w, a: club.leave_club(a, actor=a)),
    "save_category": (
        "pm",
        lambda w, a: forum.save_category(None, actor=a, slug="x", names={"en": "X"}),
    ),
    "start_topic": (
        "hr",
        lambda w, a: forum.start_topic(w.category, actor=a, title="A fine title", body="Hi"),
    ),
    "reply_to_topic": ("hr", lambda w, a: forum.reply_to_topic(w.topic, actor=a, body="Hi")),
    "mark_topic_read": ("pm", lambda w, a: forum.mark_topic_read(w.hidden_topic, actor=a, up_to=1)),
    "attach_file": (
        "hr",  # not a club member
        lambda w, a: forum.attach_file(
            FileStorage(io.BytesIO(b"%PDF-1.4 x"), filename="a.pdf"), actor=a
        ),
    ),
    "set_category_level": (
        "hr",  # not a club member
        lambda w, a: forum.set_category_level(w.category, actor=a, level=Level.WATCHING),
    ),
    "set_topic_level": (
        "pm",
        lambda w, a: forum.set_topic_level(w.hidden_topic, actor=a, level=Level.MUTED),
    ),
    "pin_topic": ("director", lambda w, a: forum.pin_topic(w.topic, actor=a)),
    "unpin_topic": ("director", lambda w, a: forum.unpin_topic(w.topic, actor=a)),
    "lock_topic": ("director", lambda w, a: forum.lock_topic(w.topic, actor=a)),
    "unlock_topic": ("director", lambda w, a: forum.unlock_topic(w.topic, actor=a)),
    "edit_post": ("director", lambda w, a: forum.edit_post(w.post, actor=a, body="Changed")),
    "restore_revision": ("director", lambda w, a: forum.restore_revision(w.post, 1, actor=a)),
    "like_post": ("pmo", lambda w, a: forum.like_post(w.post, actor=a)),  # their own post
    "unlike_post": ("pmo", lambda w, a: forum.unlike_post(w.post, actor=a)),
    "accept_answer": ("director", lambda w, a: forum.accept_answer(w.question, 2, actor=a)),
    "unaccept_answer": ("director", lambda w, a: forum.unaccept_answer(w.question, actor=a)),
    "hide_post": ("director", lambda w, a: forum.hide_post(w.answer, actor=a)),
    "show_post": ("director", lambda w, a: forum.show_post(w.answer, actor=a)),
    "hide_topic": ("director", lambda w, a: forum.hide_topic(w.topic, actor=a)),
    "show_topic": ("director", lambda w, a: forum.show_topic(w.hidden_topic, actor=a)),
    "save_draft": ("hr", lambda w, a: forum.save_draft(actor=a, key="new", body="Hi")),
    # the tag set is the PMO's; lessons: members log them, the PMO reviews them
    "save_tag": (
        "pm",
        lambda w, a: tags.save_tag(None, actor=a, group="area", slug="x", names={"en": "X"}),
    ),
    "move_tag": ("director", lambda w, a: tags.move_tag(w.tag, actor=a, step=1)),
    "save_lesson": (
        "hr",
        lambda w, a: lessons.save_lesson(
            None, actor=a, title="A lesson", impact=3, recommendation="Do"
        ),
    ),
    "submit_lesson": ("director", lambda w, a: lessons.submit_lesson(w.lesson, actor=a)),
    "validate_lesson": ("pm", lambda w, a: lessons.validate_lesson(w.lesson, actor=a)),
    "return_lesson": ("pm", lambda w, a: lessons.return_lesson(w.lesson, actor=a, reason="R")),
    "publish_lesson": ("pm", lambda w, a: lessons.publish_lesson(w.lesson, actor=a)),
    "unpublish_lesson": ("pm", lambda w, a: lessons.unpublish_lesson(w.lesson, actor=a)),
    "mark_applied": ("pm", lambda w, a: lessons.mark_applied(w.lesson, actor=a, document="D")),
    "add_follow_up": (
        "director",
        lambda w, a: lessons.add_follow_up(w.lesson, actor=a, title="Act", owner=a, due_on=None),
    ),
    "set_follow_up_status": (
        "hr",
        lambda w, a: lessons.set_follow_up_status(w.follow_up, actor=a, status="done"),
    ),
    # the library: the PMO writes and decides; members suggest (HR is no member by default)
    "save_document": (
        "pm",
        lambda w, a: library.save_document(None, actor=a, title="A method", body="Text"),
    ),
    "restore_document_revision": (
        "pm",
        lambda w, a: library.restore_document_revision(w.document, 1, actor=a),
    ),
    "submit_document": ("pm", lambda w, a: library.submit_document(w.document, actor=a)),
    "approve_document": ("director", lambda w, a: library.approve_document(w.document, actor=a)),
    "send_back_document": (
        "director",
        lambda w, a: library.send_back_document(w.document, actor=a, reason="R"),
    ),
    "publish_document": (
        "director",
        lambda w, a: library.publish_document(w.document, actor=a, major=False),
    ),
    "retire_document": ("director", lambda w, a: library.retire_document(w.document, actor=a)),
    "suggest": (
        "hr",
        lambda w, a: library_suggestions.suggest(None, actor=a, title="A method", body="Text"),
    ),
    "comment_on_suggestion": (
        "director",
        lambda w, a: library_suggestions.comment_on_suggestion(w.suggestion, actor=a, body="Hm"),
    ),
    "accept_suggestion": (
        "pm",
        lambda w, a: library_suggestions.accept_suggestion(w.suggestion, actor=a),
    ),
    "decline_suggestion": (
        "pm",
        lambda w, a: library_suggestions.decline_suggestion(w.suggestion, actor=a, note="No"),
    ),
    "acknowledge_reading": (
        "hr",  # a document never published is read by its writers alone
        lambda w, a: library_reading.acknowledge_reading(w.unpublished, actor=a),
    ),
    "add_to_plan": (
        "director",  # the plan is the target's
        lambda w, a: library_reading.add_to_plan(w.document, w.goal, actor=a),
    ),
    "promote_lesson": ("pm", lambda w, a: library.promote_lesson(w.lesson, actor=a)),
    "add_course_material": (
        "director",
        lambda w, a: library_reading.add_course_material(
            w.document, w.training_class.course, actor=a
        ),
    ),
    "give_document_feedback": (
        "hr",
        lambda w, a: library_feedback.give_document_feedback(
            w.unpublished, actor=a, is_useful=True
        ),
    ),
    "handle_document_feedback": (
        "director",  # only the document's owner and the PMO
        lambda w, a: library_feedback.handle_document_feedback(w.feedback, actor=a),
    ),
    "discard_draft": ("hr", lambda w, a: forum.discard_draft(actor=a, key="new")),
    "flag_post": ("hr", lambda w, a: forum_moderation.flag_post(w.post, actor=a, reason="spam")),
    "agree_with_flags": (
        "director",
        lambda w, a: forum_moderation.agree_with_flags(w.answer, actor=a),
    ),
    "disagree_with_flags": (
        "director",
        lambda w, a: forum_moderation.disagree_with_flags(w.answer, actor=a),
    ),
    "delete_post": ("director", lambda w, a: forum_moderation.delete_post(w.post, actor=a)),
    "move_topic": (
        "director",
        lambda w, a: forum_moderation.move_topic(w.topic, w.category, actor=a),
    ),
    "merge_topic": (
        "director",
        lambda w, a: forum_moderation.merge_topic(w.topic, w.question, actor=a),
    ),
    "create_person": ("pmo", lambda w, a: accounts.create_person(actor=a, email="n@x.t", name="N")),
    "update_person": ("pmo", lambda w, a: accounts.update_person(w.target, actor=a, name="N")),
    "set_roles": ("hr", lambda w, a: accounts.set_roles(w.target, {"pm", "hr"}, actor=a)),
    "deactivate_person": ("hr", lambda w, a: accounts.deactivate_person(w.target, actor=a)),
    "reactivate_person": ("hr", lambda w, a: accounts.reactivate_person(w.target, actor=a)),
    "reset_password": ("hr", lambda w, a: accounts.reset_password(w.target, actor=a)),
    "create_department": ("pmo", lambda w, a: accounts.create_department(actor=a, name="New")),
    "update_department": (
        "pmo",
        lambda w, a: accounts.update_department(
            w.department, actor=a, name="Renamed", director=None, parent=None
        ),
    ),
    "delete_department": ("pmo", lambda w, a: accounts.delete_department(w.empty, actor=a)),
    "import_people": ("pmo", lambda w, a: importers.import_people(make_csv(3), actor=a)),
    "update_framework": (
        "hr",
        lambda w, a: frameworks.update_framework(
            w.draft, actor=a, names={"en": "X"}, descriptions={}
        ),
    ),
    "publish_framework": ("hr", lambda w, a: frameworks.publish_framework(w.draft, actor=a)),
    "archive_framework": ("hr", lambda w, a: frameworks.archive_framework(w.framework, actor=a)),
    "new_version": (
        "hr",
        lambda w, a: frameworks.new_version(w.framework, actor=a, version_label="9.9"),
    ),
    "import_framework": (
        "director",
        lambda w, a: frameworks.import_framework(
            "f.json", json.dumps({**SMALL, "version": "7.0"}).encode(), actor=a
        ),
    ),
    "save_framework": (
        "director",
        lambda w, a: exchange.save_framework(
            json_format.parse(json.dumps({**SMALL, "version": "8.0"})), actor=a
        ),
    ),
    "update_scale_level": (
        "pm",
        lambda w, a: editing.update_scale_level(
            w.draft.levels[0], actor=a, names={"en": "N"}, descriptions={}, is_proficient=False
        ),
    ),
    "add_competency": (
        "pm",
        lambda w, a: editing.add_competency(
            w.draft, actor=a, **competency_fields(_leaf(w.draft), idnumber="NEW", parent=None)
        ),
    ),
    "update_competency": (
        "pm",
        lambda w, a: editing.update_competency(
            _leaf(w.draft), actor=a, **competency_fields(_leaf(w.draft), names={"en": "Z"})
        ),
    ),
    "delete_competency": ("pm", lambda w, a: editing.delete_competency(_leaf(w.draft), actor=a)),
    "retire_competency": (
        "trainer",
        lambda w, a: editing.retire_competency(_leaf(w.framework), actor=a),
    ),
    "unretire_competency": (
        "trainer",
        lambda w, a: editing.unretire_competency(_leaf(w.framework), actor=a),
    ),
    "assign_career": (
        "director",
        lambda w, a: careers.assign_career(w.target, actor=a, current=w.level, aim=None),
    ),
    "save_career_level": (
        "hr",
        lambda w, a: careers.save_career_level(
            w.level,
            actor=a,
            framework=w.framework,
            idnumber="L",
            rank=5,
            names={"en": "L"},
            targets={},
        ),
    ),
    "rate_self": (
        "director",
        lambda w, a: profiles.rate_self(w.target, _leaf(w.framework), 1, actor=a),
    ),
    "confirm_level": (
        "hr",
        lambda w, a: profiles.confirm_level(
            w.target, _leaf(w.framework), 1, actor=a, justification="Seen."
        ),
    ),
    "add_evidence": (
        "trainer",
        lambda w, a: profiles.add_evidence(
            w.target,
            actor=a,
            kind=EvidenceKind.FILE,
            title="Cert",
            upload=FileStorage(io.BytesIO(b"%PDF-1.4 x"), filename="c.pdf"),
        ),
    ),
    "delete_evidence": ("hr", lambda w, a: profiles.delete_evidence(w.evidence, actor=a)),
    "unlock_login": ("hr", lambda w, a: login_throttle.unlock_login(w.target, actor=a)),
    "mark_read": ("admin", lambda w, a: notifications.mark_read(w.note, actor=a)),
    "mark_all_read": ("admin", lambda w, a: notifications.mark_all_read(w.target, actor=a)),
    "start_plan": (
        "hr",
        lambda w, a: plans.start_plan(
            w.target, actor=a, period_start=date(2027, 1, 1), period_end=date(2027, 12, 31)
        ),
    ),
    "submit_plan": ("director", lambda w, a: plans.submit_plan(w.plan, actor=a)),
    "decide_plan": (
        "pm",
        lambda w, a: plans.decide_plan(w.plan, actor=a, decision=Decision.APPROVED),
    ),
    "close_plan": (
        "trainer",
        lambda w, a: plans.close_plan(w.plan, actor=a, completed=False, reason="r"),
    ),
    "add_goal": (
        "director",
        lambda w, a: plan_content.add_goal(
            w.plan, actor=a, competency_id=w.goal.competency_id, target_level=1
        ),
    ),
    "update_goal": (
        "hr",
        lambda w, a: plan_content.update_goal(
            w.goal, actor=a, competency_id=w.goal.competency_id, target_level=2
        ),
    ),
    "remove_goal": ("pmo", lambda w, a: plan_content.remove_goal(w.goal, actor=a)),
    "add_activity": (
        "director",
        lambda w, a: plan_content.add_activity(w.goal, actor=a, kind=ActivityKind.OTHER, title="T"),
    ),
    "update_activity": (
        "hr",
        lambda w, a: plan_content.update_activity(
            w.activity, actor=a, kind=ActivityKind.OTHER, title="T"
        ),
    ),
    "remove_activity": ("pmo", lambda w, a: plan_content.remove_activity(w.activity, actor=a)),
    "record_progress": (
        "director",
        lambda w, a: plan_content.record_progress(w.activity, actor=a, status=ActivityStatus.DONE),
    ),
    "add_note": ("trainer", lambda w, a: plan_notes.add_note(w.plan, actor=a, body="Hello")),
    "name_deputy": (
        "pm",
        lambda w, a: plan_deputies.name_deputy(
            a, actor=a, deputy_id=w.target.id, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 9)
        ),
    ),
    "remove_deputy": ("hr", lambda w, a: plan_deputies.remove_deputy(w.deputy, actor=a)),
    "save_template": (
        "hr",
        lambda w, a: plan_templates.save_template(
            w.level, actor=a, summaries={}, measures={}, goal_count=3, activities=[]
        ),
    ),
    "enrol": ("trainer", lambda w, a: training.enrol(w.training_class, actor=a)),
    "withdraw": ("hr", lambda w, a: training.withdraw(w.enrolment, actor=a)),
    "confirm_offer": ("pmo", lambda w, a: training.confirm_offer(w.enrolment, actor=a)),
    "save_class": (
        "hr",
        lambda w, a: training_classes.save_class(
            None,
            actor=a,
            course=w.training_class.course,
            sessions=[(MONDAY, MONDAY + timedelta(hours=2))],
            capacity=5,
            online_url="https://meet.example/x",
        ),
    ),
    "mark_attendance": (
        "hr",
        lambda w, a: training_attendance.mark_attendance(w.training_class, actor=a, marks=[]),
    ),
    "create_feed": ("hr", lambda w, a: training_calendar.create_feed(w.target, actor=a)),
    "revoke_feeds": ("hr", lambda w, a: training_calendar.revoke_feeds(w.target, actor=a)),
    "save_course": (
        "trainer",
        lambda w, a: training_courses.save_course(None, actor=a, idnumber="X", names={"en": "X"}),
    ),
    "save_room": (
        "director",
        lambda w, a: training_courses.save_room(None, actor=a, name="Room X", capacity=5),
    ),
    "send_apology": (
        "pmo",
        lambda w, a: training_attendance.send_apology(
            w.enrolment, w.training_class.sessions[0], actor=a
        ),
    ),
    "open_check_in": (
        "pm",
        lambda w, a: training_attendance.open_check_in(w.training_class.sessions[0], actor=a),
    ),
    "check_in": (
        "trainer",
        lambda w, a: training_attendance.check_in(w.enrolment, actor=a, code="X"),
    ),
    "give_feedback": (
        "pmo",
        lambda w, a: training_attendance.give_feedback(w.enrolment, actor=a, rating=5),
    ),
    "nominate": (
        "trainer",
        lambda w, a: training_approvals.nominate(w.training_class, actor=a, person=w.target),
    ),
    "nominate_people": (
        "trainer",
        lambda w, a: training_approvals.nominate_people(
            w.training_class, actor=a, emails=[w.target.email]
        ),
    ),
    "accept_nomination": (
        "pmo",
        lambda w, a: training_approvals.accept_nomination(w.enrolment, actor=a),
    ),
    "decline_nomination": (
        "pmo",
        lambda w, a: training_approvals.decline_nomination(w.enrolment, actor=a),
    ),
    "decide_enrolment": (
        "hr",
        lambda w, a: training_approvals.decide_enrolment(w.enrolment, actor=a, approve=True),
    ),
    "nominate_listed": (
        "hr",
        lambda w, a: needs_scheduling.nominate_listed(
            w.training_class, actor=a, user_ids=[w.target.id]
        ),
    ),
    "open_class": ("hr", lambda w, a: training_classes.open_class(w.training_class, actor=a)),
    "cancel_class": (
        "director",
        lambda w, a: training_classes.cancel_class(w.training_class, actor=a, reason="r"),
    ),
    "start_from_template": (
        "director",
        lambda w, a: plan_templates.start_from_template(
            w.target,
            actor=a,
            period_start=date(2028, 1, 1),
            period_end=date(2028, 12, 31),
            level=w.level,
        ),
    ),
    "save_project": (
        "hr",
        lambda w, a: projects.save_project(
            None,
            actor=a,
            code="PERM-2",
            name="P",
            department_id=w.department.id,
            pm_email=w.target.email,
        ),
    ),
    "set_baseline": (
        "director",  # sees the project, does not run it
        lambda w, a: projects.set_baseline(
            w.project,
            actor=a,
            name="",
            start_on=date(2026, 1, 1),
            end_on=date(2026, 2, 1),
            budget=Decimal(1),
            efforts={},
        ),
    ),
    "add_milestone": (
        "director",
        lambda w, a: projects.add_milestone(w.project, actor=a, title="M", due_on=date(2026, 1, 1)),
    ),
    "reach_milestone": (
        "pm",  # another PM's project
        lambda w, a: projects.reach_milestone(w.milestone, actor=a, done_on=date(2026, 1, 2)),
    ),
    "record_periods": (
        "director",
        lambda w, a: project_actuals.record_periods(
            w.project, actor=a, entries=[project_actuals.PeriodEntry(date(2026, 1, 1))]
        ),
    ),
    "lock_month": ("pm", lambda w, a: project_actuals.lock_month(date(2026, 1, 1), actor=a)),
    "unlock_month": ("director", lambda w, a: project_actuals.unlock_month(w.lock, actor=a)),
    "restore_period": (
        "director",
        lambda w, a: project_actuals.restore_period(w.record, None, actor=a),
    ),
    "upload_timesheet": (
        "director",
        lambda w, a: project_imports.upload_timesheet(
            b"Project,Date,Hours\nPERM,2026-02-02,8\n",
            actor=a,
            filename="t.csv",
            settings=Settings(),
        ),
    ),
    "remap_timesheet": (
        "pm",  # someone else's upload
        lambda w, a: project_imports.remap_timesheet(
            w.batch, actor=a, mapping={}, settings=Settings()
        ),
    ),
    "import_batch": ("director", lambda w, a: project_imports.import_batch(w.batch, actor=a)),
    "roll_back_import": (
        "pm",
        lambda w, a: project_imports.roll_back_import(w.batch, actor=a),
    ),
    "assign_pm": (
        "director",
        lambda w, a: project_staffing.assign_pm(
            w.project, actor=a, person_id=w.target.id, reason="R"
        ),
    ),
    "close_project": (
        "director",
        lambda w, a: project_closing.close_project(
            w.project,
            actor=a,
            summary="S",
            lessons=[project_closing.LessonEntry(title="Title", recommendation="Do")],
        ),
    ),
    "set_day_rate": (
        "hr",
        lambda w, a: project_actuals.set_day_rate(
            "developer", actor=a, effective_from=date(2026, 1, 1), day_rate=Decimal(1)
        ),
    ),
}


@pytest.fixture
def framework(db):
    return FrameworkFactory()


class World:
    def __init__(self, people, department, framework):
        self.category = make_forum_category("perm")
        self.topic = forum.start_topic(
            self.category, actor=people["pmo"], title="A topic for permissions", body="Hi"
        )
        self.hidden_topic = forum.start_topic(
            self.category, actor=people["pmo"], title="A hidden topic here", body="Hi"
        )
        self.hidden_topic.is_hidden = True
        self.post = db.session.scalar(
            select(Post).where(Post.topic_id == self.topic.id, Post.number == 1)
        )
        self.question = forum.start_topic(
            self.category,
            actor=people["pmo"],
            title="A question for permissions",
            body="Which one?",
            is_question=True,
        )
        self.answer = forum.reply_to_topic(self.question, actor=people["pm"], body="This one.")
        self.target = UserFactory(name="Target", department=department, roles=["pm"])
        self.department = department
        self.empty = DepartmentFactory(name="Empty")
        self.framework = framework
        self.draft = FrameworkFactory(idnumber="DRAFT-FW", state="draft")
        self.level = CareerLevelFactory(framework=framework, targets={"B-1": 1})
        self.evidence = EvidenceFactory(user=self.target, added_by_id=self.target.id)
        self.note = NotificationFactory(user=self.target)
        self.plan = DevelopmentPlan(
            owner=self.target, period_start=date(2027, 1, 1), period_end=date(2027, 6, 30)
        )
        db.session.add(self.plan)
        self.goal = PlanGoal(competency_id=framework.competencies[-1].id, target_level=1)
        self.activity = PlanActivity(title="Read", kind=ActivityKind.READING)
        self.goal.activities.append(self.activity)
        self.plan.goals.append(self.goal)
        self.deputy = PlanDeputy(
            principal=people["director"],
            deputy=people["pmo"],
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 1, 9),
        )
        db.session.add(self.deputy)
        self.training_class = make_class(make_course("PERM"), capacity=5)
        self.training_class.trainers = [people["trainer"]]
        self.enrolment = Enrolment(
            training_class=self.training_class, user_id=self.target.id, state="enrolled"
        )
        db.session.add(self.enrolment)
        tags.seed_tags()
        self.tag = tag_queries.all_tags()[0]
        self.lesson = lessons.save_lesson(
            None, actor=people["pm"], title="A lesson for permissions", impact=3,
            recommendation="Do",
        )  # fmt: skip
        self.follow_up = lessons.add_follow_up(
            self.lesson, actor=people["pm"], title="Act", owner=people["pm"], due_on=None
        )
        self.document = library.save_document(
            None, actor=people["pmo"], title="A method for permissions", body="Step one"
        )
        library.submit_document(self.document, actor=people["pmo"])
        library.approve_document(self.document, actor=people["pmo"])
        library.publish_document(self.document, actor=people["pmo"], major=False)
        library.save_document(
            self.document, actor=people["pmo"], title="A method for permissions", body="Step 2"
        )
        self.unpublished = library.save_document(
            None, actor=people["pmo"], title="Not published", body="Draft"
        )
        self.feedback = library_feedback.give_document_feedback(
            self.document, actor=people["pm"], is_useful=False, comment="An example, please"
        )
        self.project = projects.save_project(
            None, actor=people["pmo"], code="PERM", name="A project for permissions",
            department_id=department.id, pm_email=self.target.email, status="running", is_key=True,
        )  # fmt: skip
        self.milestone = projects.add_milestone(
            self.project, actor=people["pmo"], title="Go", due_on=date(2026, 3, 1)
        )
        self.lock = project_actuals.lock_month(date(2025, 1, 1), actor=people["pmo"])
        self.record = project_actuals.record_periods(
            self.project, actor=people["pmo"],
            entries=[project_actuals.PeriodEntry(date(2026, 1, 1))],
        )[0]  # fmt: skip
        self.batch = project_imports.upload_timesheet(
            b"Project,Date,Hours\nPERM,2026-02-02,8\n", actor=people["pmo"], filename="t.csv",
            settings=Settings(),
        )  # fmt: skip
        self.suggestion = library_suggestions.suggest(
            self.document, actor=people["pm"], title="A method for permissions", body="Step 3"
        )


def _public_functions(module_name: str) -> set[str]:
    module = importlib.import_module(module_name)
    return {
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module_name
        and not name.startswith("_")
    }


def test_every_service_says_who_may_call_it():
    found = set().union(*map(_public_functions, MODULES))
    missing = found - set(CASES) - set(NOT_ACTIONS)
    assert not missing, f"add these to CASES (who is refused) or NOT_ACTIONS: {sorted(missing)}"
    assert not (set(CASES) | set(NOT_ACTIONS)) - found, "listed but gone"


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_service_refuses_an_actor_its_page_would_refuse(db, people, department, framework, name):
    role, call = CASES[name]
    world = World(people, department, framework)
    db.session.flush()
    audited = db.session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(PermissionDenied):
        call(world, people[role])
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audited


@pytest.mark.parametrize("name", sorted(CASES))
def test_nobody_signed_in_is_refused_too(db, people, department, framework, name):
    """No actor is no permission: only SYSTEM (commands) acts without a person."""
    world = World(people, department, framework)
    with pytest.raises(PermissionDenied):
        CASES[name][1](world, None)


def test_commands_act_as_the_site_itself(db, people, department):
    person = accounts.create_person(
        actor=SYSTEM, email="first@x.test", name="First", roles={"admin"}
    )
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.object_id == person.id)).one()
    assert entry.actor_id is None  # audit names no person for a command

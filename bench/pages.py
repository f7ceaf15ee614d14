"""The pages `make bench` measures: every GET endpoint of the URL map, as a role that may see it,
or listed in EXEMPT with the reason it is not a page (downloads, redirects, static files).

`coverage(app)` names any GET endpoint that is neither measured nor exempt; `make bench` and a
test fail on it, so every later page is measured by default. Each entry of PAGES is
(label, role, url-builder, budget). The label is the endpoint, with `[...]` when one endpoint is
measured in several ways. The builder takes no arguments and returns the URL to request; it runs
inside an app context and a test request context of the seeded app, so it may call `url_for` and
query the database. `role` None means a visitor who is not signed in.

Budgets apply at scale 1: an interactive page answers within RATIO_BUDGET times the bare layout
of its role; the organisation-wide reports, which read every PM's levels, within a fixed number
of milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from flask import Flask, url_for
from sqlalchemy import func, select

from competencies.careers.models import CareerLevel
from competencies.framework.models import Competency, Framework, FrameworkState, ScaleLevel
from lms.accounts.models import Department, User
from lms.extensions import db
from lms.permissions import Role

from .forum import SEARCH_BUDGET_MS

RATIO_BUDGET = 3.0
BENCH_CATEGORY = "large-forum-00"  # community.forum.large
REPORT_BUDGET_MS = 100.0
PROJECT_REPORT_BUDGET_MS = 2000.0  # the organisation's million periodic records (issue 13)
STAFFING_BUDGET_MS = 500.0  # every active PM's confirmed levels against a target profile


class Page(NamedTuple):
    label: str
    role: Role | None
    url: Callable[[], str]
    budget_ms: float | None = None  # None: RATIO_BUDGET times the role's bare page

    @property
    def endpoint(self) -> str:
        return self.label.partition("[")[0]


def plain(endpoint: str, **values) -> Callable[[], str]:
    """A builder for a page whose URL needs no data: url_for(endpoint, **values)."""
    return lambda: url_for(endpoint, **values)


def large_person_id(number: int = 1) -> int:
    """The id of person<number>@large.test from lms.large.seed_large (an ordinary active person)."""
    user_id = db.session.scalar(
        select(User.id).where(User.email == f"person{number:05d}@large.test")
    )
    if user_id is None:
        raise LookupError(f"person{number:05d}@large.test is not in the benchmark data")
    return user_id


def bench_id(role: Role) -> int:
    """The id of the bench account of `role` (bench-<role>@large.test)."""
    from lms.large import BENCH_ACCOUNTS

    return db.session.scalar(select(User.id).where(User.email == BENCH_ACCOUNTS[role]))


def _framework(state: FrameworkState) -> Framework:
    """PMO-CORE as published, or the draft of its next version (competencies' large seeder)."""
    return db.session.scalars(
        select(Framework)
        .where(Framework.idnumber == "PMO-CORE", Framework.state == state)
        .order_by(Framework.id.desc())
    ).first()


def framework_url(endpoint: str, state: FrameworkState) -> Callable[[], str]:
    return lambda: url_for(endpoint, framework_id=_framework(state).id)


def draft_competency_url() -> str:
    draft = _framework(FrameworkState.DRAFT)
    competency = db.session.scalar(
        select(Competency.id)
        .where(Competency.framework_id == draft.id, Competency.parent_id.is_not(None))
        .order_by(Competency.sort_order)
        .limit(1)
    )
    return url_for(
        "framework_content.edit_competency", framework_id=draft.id, competency_id=competency
    )


def draft_level_url() -> str:
    draft = _framework(FrameworkState.DRAFT)
    level = db.session.scalar(
        select(ScaleLevel.id).where(ScaleLevel.framework_id == draft.id).limit(1)
    )
    return url_for("framework_content.edit_level", framework_id=draft.id, scale_level_id=level)


def career_level_url() -> str:
    published = _framework(FrameworkState.PUBLISHED)
    level = db.session.scalar(
        select(CareerLevel.id)
        .where(CareerLevel.framework_id == published.id)
        .order_by(CareerLevel.rank)
        .limit(1)
    )
    return url_for("careers.edit", level_id=level)


def department_url() -> str:
    department = db.session.scalar(select(Department.id).order_by(Department.id).limit(1))
    return url_for("departments.edit", department_id=department)


def bench_plan_id() -> int:
    """The bench PM's plan (competencies.plans.large: active, changes waiting for approval)."""
    from competencies.plans.models import DevelopmentPlan

    return db.session.scalar(
        select(DevelopmentPlan.id).where(DevelopmentPlan.owner_id == bench_id(Role.PM))
    )


def plan_url(endpoint: str, **values) -> Callable[[], str]:
    return lambda: url_for(endpoint, plan_id=bench_plan_id(), **values)


def plan_part_url(endpoint: str) -> Callable[[], str]:
    """A goal's or an activity's edit page of the bench PM's plan."""

    def build() -> str:
        from competencies.plans.models import PlanActivity, PlanGoal

        plan_id = bench_plan_id()
        goal = db.session.scalar(
            select(PlanGoal.id).where(PlanGoal.plan_id == plan_id).order_by(PlanGoal.id)
        )
        if endpoint == "plans.edit_goal":
            return url_for(endpoint, plan_id=plan_id, goal_id=goal)
        activity = db.session.scalar(
            select(PlanActivity.id).where(PlanActivity.goal_id == goal).order_by(PlanActivity.id)
        )
        return url_for(endpoint, plan_id=plan_id, activity_id=activity)

    return build


def career_level_id() -> int:
    return db.session.scalar(select(CareerLevel.id).order_by(CareerLevel.rank).limit(1))


def bench_course_id() -> int:
    """The course with the most classes (lms.training.large: LARGE-0000)."""
    from lms.training.large import BENCH_COURSE
    from lms.training.models import Course

    return db.session.scalar(select(Course.id).where(Course.idnumber == BENCH_COURSE))


def course_url(endpoint: str, **values) -> Callable[[], str]:
    return lambda: url_for(endpoint, course_id=bench_course_id(), **values)


def full_class_id() -> int:
    """A coming class with the most people seated and waiting: the largest roster (one the
    bench PM is not in: their own classes are measured as training_class[seated])."""
    from lms.training.models import ClassState, Enrolment, EnrolmentState, TrainingClass

    return db.session.scalar(
        select(Enrolment.class_id)
        .join(TrainingClass, TrainingClass.id == Enrolment.class_id)
        .where(
            Enrolment.state.in_((EnrolmentState.ENROLLED, EnrolmentState.WAITLISTED)),
            TrainingClass.state.in_((ClassState.OPEN, ClassState.FULL)),
            Enrolment.class_id.not_in(
                select(Enrolment.class_id).where(Enrolment.user_id == bench_id(Role.PM))
            ),
        )
        .group_by(Enrolment.class_id)
        .order_by(func.count().desc(), Enrolment.class_id)
        .limit(1)
    )


def class_url(endpoint: str) -> Callable[[], str]:
    return lambda: url_for(endpoint, class_id=full_class_id())


def taught_class_url() -> str:
    """The attendance sheet of the bench trainer's class with the most seats taken."""
    from lms.training.models import Enrolment, EnrolmentState, class_trainers

    class_id = db.session.scalar(
        select(Enrolment.class_id)
        .join(class_trainers, class_trainers.c.class_id == Enrolment.class_id)
        .where(
            class_trainers.c.user_id == bench_id(Role.TRAINER),
            Enrolment.state == EnrolmentState.ENROLLED,
        )
        .group_by(Enrolment.class_id)
        .order_by(func.count().desc(), Enrolment.class_id)
        .limit(1)
    )
    return url_for("training.attendance", class_id=class_id)


def own_class_url(endpoint: str) -> Callable[[], str]:
    """A page of a class the bench PM has a seat in."""

    def build() -> str:
        from lms.training.models import Enrolment, EnrolmentState

        class_id = db.session.scalar(
            select(func.min(Enrolment.class_id)).where(
                Enrolment.user_id == bench_id(Role.PM), Enrolment.state == EnrolmentState.ENROLLED
            )
        )
        return url_for(endpoint, class_id=class_id)

    return build


def top_need() -> int:
    """The course the training-needs analysis ranks first."""
    from competencies.needs.analysis import training_needs
    from competencies.reports.gaps import load_competencies
    from competencies.reports.queries import Filters

    return int(training_needs(Filters(), load_competencies()).rows.course_id.iloc[0])


def bench_topic() -> tuple[int, int, int]:
    """(id, post count, category id) of the 1,000-post topic of the benchmark's forum."""
    from community.forum.large import BENCH_TOPIC
    from community.forum.models import Topic

    return db.session.execute(
        select(Topic.id, Topic.post_count, Topic.category_id).where(Topic.title == BENCH_TOPIC)
    ).one()


def bench_post_id() -> int:
    """The first post of the 1,000-post topic."""
    from community.forum.models import Post

    return db.session.scalar(
        select(Post.id).where(Post.topic_id == bench_topic()[0], Post.number == 1)
    )


def bench_expert_id() -> int:
    """The first member listed in the expert directory (the bench PM when nobody is)."""
    from community.club.experts import directory
    from lms.large import BENCH_ACCOUNTS

    listed = [e.user_id for field in directory() for e in field.experts]
    if listed:
        return listed[0]
    return db.session.scalar(select(User.id).where(User.email == BENCH_ACCOUNTS[Role.PM]))


def forum_category_url(*, last: bool) -> str:
    from community.forum.models import Category
    from community.forum.queries import TOPICS_PER_PAGE

    count = db.session.scalar(select(Category.topic_count).where(Category.slug == BENCH_CATEGORY))
    page = (count - 1) // TOPICS_PER_PAGE + 1 if last else 1
    return url_for("forum.category", slug=BENCH_CATEGORY, page=page)


def bench_lesson_id() -> int:
    """The first of the benchmark's 5,000 lessons learned (community.lessons.large)."""
    from community.lessons.large import BENCH_LESSON
    from community.lessons.models import Lesson

    return db.session.scalar(select(Lesson.id).where(Lesson.title == BENCH_LESSON))


def lesson_url(endpoint: str) -> Callable[[], str]:
    return lambda: url_for(endpoint, lesson_id=bench_lesson_id())


def bench_document_id() -> int:
    """The first of the benchmark's 1,000 library documents (community.library.large)."""
    from community.library.large import BENCH_DOCUMENT
    from community.library.models import Document

    return db.session.scalar(select(Document.id).where(Document.title == BENCH_DOCUMENT))


def document_url(endpoint: str, **values) -> Callable[[], str]:
    return lambda: url_for(endpoint, document_id=bench_document_id(), **values)


def template_url() -> str:
    """Starting from the first shipped template (community.library.shipped)."""
    from community.library.models import Document, DocumentKind

    first = select(func.min(Document.id)).where(Document.kind == DocumentKind.TEMPLATE)
    return url_for("library_use.start", document_id=db.session.scalar(first))


def suggestion_url() -> str:
    from community.library.models import Suggestion

    first = select(func.min(Suggestion.id)).where(Suggestion.document_id.is_not(None))
    return url_for("library_suggestions.detail", suggestion_id=db.session.scalar(first))


def tag_url() -> str:
    from community.tags.models import Tag

    return url_for("tags.edit", tag_id=db.session.scalar(select(func.min(Tag.id))))


def room_url() -> str:
    from lms.training.models import Room

    return url_for("training.edit_room", room_id=db.session.scalar(select(func.min(Room.id))))


def project_url(endpoint: str) -> Callable[[], str]:
    """A page of BENCH_PROJECT (lms.projects.large)."""
    from lms.projects.large import BENCH_PROJECT
    from lms.projects.models import Project

    def build() -> str:
        found = db.session.scalar(select(Project.id).where(Project.code == BENCH_PROJECT))
        return url_for(endpoint, project_id=found)

    return build


def bench_batch_url() -> str:
    from lms.projects.models import ImportBatch

    first = select(func.min(ImportBatch.id)).where(ImportBatch.filename == "bench-timesheet.csv")
    return url_for("projects.import_check", batch_id=db.session.scalar(first))


PUBLISHED, DRAFT = FrameworkState.PUBLISHED, FrameworkState.DRAFT

PAGES: list[Page] = [
    Page("auth.login", None, plain("auth.login")),
    Page("auth.change_password", Role.PM, plain("auth.change_password")),
    Page("dashboard.index", Role.ADMIN, plain("dashboard.index")),
    # HR's home counts the PMs without a career level over the whole organisation
    Page("dashboard.index[hr]", Role.HR, plain("dashboard.index")),
    Page("dashboard.index[pm]", Role.PM, plain("dashboard.index")),  # the largest gaps
    Page("dashboard.index[director]", Role.DIRECTOR, plain("dashboard.index")),  # awaiting
    Page("dashboard.index[trainer]", Role.TRAINER, plain("dashboard.index")),  # this week
    Page("dashboard.index[pmo]", Role.PMO, plain("dashboard.index")),  # below minimum
    # the lazy panels, fetched by the home page once it has loaded
    Page("dashboard.panel[club_topics]", Role.PM, plain("dashboard.panel", name="club_topics")),
    Page("dashboard.panel[my_classes]", Role.PM, plain("dashboard.panel", name="my_classes")),
    Page(
        "dashboard.panel[library_feedback]",
        Role.PMO,  # the bench PMO owns a third of the library
        plain("dashboard.panel", name="library_feedback"),
    ),
    Page(
        "dashboard.panel[library_updates]",
        Role.PM,
        plain("dashboard.panel", name="library_updates"),
    ),
    Page(
        "dashboard.panel[club_questions]",
        Role.PM,
        plain("dashboard.panel", name="club_questions"),
    ),
    Page(
        "dashboard.panel[club_topics,director]",
        Role.DIRECTOR,
        plain("dashboard.panel", name="club_topics"),
    ),
    Page("accounts.people", Role.ADMIN, plain("accounts.people")),
    Page(
        "accounts.person", Role.ADMIN, lambda: url_for("accounts.person", user_id=large_person_id())
    ),
    Page(
        "accounts.edit_person",
        Role.ADMIN,
        lambda: url_for("accounts.edit_person", user_id=large_person_id()),
    ),
    Page("accounts.edit_person[new]", Role.ADMIN, plain("accounts.edit_person")),
    Page("accounts.import_people", Role.HR, plain("accounts.import_people")),
    Page("departments.index", Role.ADMIN, plain("departments.index")),
    Page("departments.edit", Role.ADMIN, department_url),
    Page("departments.edit[new]", Role.ADMIN, plain("departments.edit")),
    Page("audit.index", Role.PMO, plain("audit.index")),
    Page("notifications.index", Role.PM, plain("notifications.index")),
    Page("profile.index", Role.PM, plain("profile.index")),
    Page("frameworks.index", Role.PM, plain("frameworks.index")),
    Page("frameworks.detail", Role.PM, framework_url("frameworks.detail", PUBLISHED)),
    Page("frameworks.changes", Role.PMO, framework_url("frameworks.changes", DRAFT)),
    Page("framework_editor.edit", Role.PMO, framework_url("framework_editor.edit", DRAFT)),
    Page(
        "framework_editor.new_version",
        Role.PMO,
        framework_url("framework_editor.new_version", PUBLISHED),
    ),
    Page("framework_editor.import_file", Role.PMO, plain("framework_editor.import_file")),
    Page(
        "framework_content.new_competency",
        Role.PMO,
        framework_url("framework_content.new_competency", DRAFT),
    ),
    Page("framework_content.edit_competency", Role.PMO, draft_competency_url),
    Page("framework_content.edit_level", Role.PMO, draft_level_url),
    Page("careers.index", Role.PM, plain("careers.index")),
    Page("careers.edit", Role.PMO, career_level_url),
    Page("careers.edit[new]", Role.PMO, plain("careers.edit")),
    # The bench director directs "Large bench team" (about 200 PMs at scale 1); the bench PM has
    # a career level and ratings (lms.large.seed_large).
    Page("competency_reports.team", Role.DIRECTOR, plain("competency_reports.team")),
    Page(
        "competency_reports.heatmap",
        Role.HR,
        plain("competency_reports.heatmap"),
        REPORT_BUDGET_MS,
    ),
    # HR's team matrix over the whole organisation, most gaps first: every PM's levels are read
    Page(
        "competency_reports.team[sort=gaps]",
        Role.HR,
        plain("competency_reports.team", sort="gaps"),
        REPORT_BUDGET_MS,
    ),
    Page(
        "profiles.profile", Role.PM, lambda: url_for("profiles.profile", user_id=bench_id(Role.PM))
    ),
    Page(
        "profiles.profile[print]",
        Role.PM,
        lambda: url_for("profiles.profile", user_id=bench_id(Role.PM), print=1),
    ),
    # the bench PM works in the bench director's team: the director's view has the confirm form
    Page(
        "profiles.profile[director]",
        Role.DIRECTOR,
        lambda: url_for("profiles.profile", user_id=bench_id(Role.PM)),
    ),
    # Development plans (competencies.plans.large: 5,000 plans and 50,000 activities at scale 1)
    Page("plans.index", Role.PM, plain("plans.index")),
    Page("plans.new", Role.PM, plain("plans.new")),
    Page("plans.detail", Role.PM, plan_url("plans.detail")),
    # the approvers see the changes against the revision in force and the decision form
    Page("plans.detail[director]", Role.DIRECTOR, plan_url("plans.detail")),
    Page("plans.detail[hr]", Role.HR, plan_url("plans.detail")),
    Page("plans.print_view", Role.PM, plan_url("plans.print_view")),
    Page("plans.revision", Role.PM, plan_url("plans.revision", number=1)),
    Page("plans.edit_goal", Role.PM, plan_part_url("plans.edit_goal")),
    Page("plans.edit_goal[new]", Role.PM, plan_url("plans.edit_goal")),
    Page("plans.edit_activity", Role.PM, plan_part_url("plans.edit_activity")),
    Page("plans.waiting", Role.DIRECTOR, plain("plans.waiting")),
    Page("plans.waiting[hr]", Role.HR, plain("plans.waiting")),  # every waiting plan
    Page("plans.team", Role.DIRECTOR, plain("plans.team")),
    Page("plans.team[overdue]", Role.DIRECTOR, plain("plans.team", overdue=1)),
    Page("plans.overview", Role.HR, plain("plans.overview")),
    Page("plans.templates", Role.PMO, plain("plans.templates")),
    Page(
        "plans.edit_template",
        Role.PMO,
        lambda: url_for("plans.edit_template", level_id=career_level_id()),
    ),
    Page("plans.deputies", Role.DIRECTOR, plain("plans.deputies")),
    Page("calendar.feed_settings", Role.PM, plain("calendar.feed_settings")),
    Page("calendar.month", Role.PM, plain("calendar.month")),
    # every class of the month (about 90 sessions at scale 1) and of a week
    Page("calendar.month[all]", Role.PMO, plain("calendar.month", scope="all")),
    Page("calendar.month[week]", Role.PMO, plain("calendar.month", scope="all", view="week")),
    Page("calendar.month[department]", Role.PM, plain("calendar.month", scope="department")),
    # Training (lms.training.large: 300 courses, 2,000 classes, 50,000 enrolments at scale 1)
    Page("training.catalogue", Role.PM, plain("training.catalogue")),
    Page("training.catalogue[q]", Role.PM, plain("training.catalogue", q="risk")),
    Page(
        "training.catalogue[mode]", Role.PMO, plain("training.catalogue", mode="online", retired=1)
    ),
    Page("training.course", Role.PM, course_url("training.course")),
    Page("training.course[all]", Role.PMO, course_url("training.course", all=1)),
    Page("training.edit_course", Role.PMO, course_url("training.edit_course")),
    Page("training.edit_course[new]", Role.PMO, plain("training.edit_course")),
    Page("training.training_class", Role.PM, class_url("training.training_class")),
    # the PMO sees the roster: every seat and the whole waitlist
    Page("training.training_class[pmo]", Role.PMO, class_url("training.training_class")),
    Page("training.edit_class", Role.PMO, class_url("training.edit_class")),
    Page("training.edit_class[new]", Role.PMO, course_url("training.edit_class")),
    Page("training.mine", Role.PM, plain("training.mine")),
    Page("training.mine[past]", Role.PM, plain("training.mine", past=1)),
    Page("training.mine[trainer]", Role.TRAINER, plain("training.mine")),
    Page("training.attendance", Role.TRAINER, taught_class_url),
    # a seated learner's class page: their marks, apologies, check-in and feedback forms
    Page("training.training_class[seated]", Role.PM, own_class_url("training.training_class")),
    Page("training.self_check_in", Role.PM, own_class_url("training.self_check_in")),
    Page("training.requests", Role.DIRECTOR, plain("training.requests")),
    # the training-needs analysis over every PM (kept per process for a minute, as the page says)
    Page("training_needs.index", Role.PMO, plain("training_needs.index")),
    Page(
        "training_needs.course",
        Role.PMO,
        lambda: url_for("training_needs.course", course_id=top_need()),
    ),
    Page(
        "training_needs.schedule",
        Role.PMO,
        lambda: url_for("training_needs.schedule", course_id=top_need()),
    ),
    # the year's reports over every enrolment (kept a minute per filter, as the page says)
    Page("training.reports", Role.HR, plain("training.reports")),
    Page("training.reports[department]", Role.PMO, plain("training.reports", tab="department")),
    Page("training.reports[hours]", Role.HR, plain("training.reports", tab="hours")),
    Page("training.feedback_summaries", Role.PMO, plain("training.feedback_summaries")),
    Page(
        "training.feedback_summaries[trainer]", Role.TRAINER, plain("training.feedback_summaries")
    ),
    Page("training.rooms", Role.PMO, plain("training.rooms")),
    Page("training.edit_room", Role.PMO, room_url),
    Page("training.edit_room[new]", Role.PMO, plain("training.edit_room")),
    # The PM club as the bench PM, a member who follows a third of the 20,000 topics
    # (community.forum.large): the lists, a category's first and last page, the 1,000-post
    # topic's first and last page and the jump to the PM's first unread post in it.
    Page("forum.index", Role.PM, plain("forum.index")),
    Page("forum.new", Role.PM, plain("forum.new")),
    Page("forum.unread", Role.PM, plain("forum.unread")),
    Page("forum.category", Role.PM, plain("forum.category", slug=BENCH_CATEGORY)),
    Page("forum.category[last]", Role.PM, lambda: forum_category_url(last=True)),
    Page("forum.category_new", Role.PM, plain("forum.category_new", slug=BENCH_CATEGORY)),
    Page("forum.category_unread", Role.PM, plain("forum.category_unread", slug=BENCH_CATEGORY)),
    Page("forum.topic", Role.PM, lambda: url_for("forum.topic", topic_id=bench_topic()[0])),
    Page(
        "forum.topic[last]",
        Role.PM,
        lambda: url_for("forum.topic", topic_id=bench_topic()[0], page=bench_topic()[1] // 20 + 1),
    ),
    Page(
        "forum.topic_at",
        Role.PM,
        lambda: url_for("forum.topic_at", topic_id=bench_topic()[0], number=501),
    ),
    Page(
        "forum.reply", Role.PM, lambda: url_for("forum.reply", topic_id=bench_topic()[0], quote=7)
    ),
    Page("forum.new_topic", Role.PM, plain("forum.new_topic")),
    Page("forum.categories", Role.PMO, plain("forum.categories")),
    # browsing by tag: the tag set with its topic counts, and one tag's topics (about 2,000)
    Page("forum.list_counts", Role.PM, plain("forum.list_counts")),
    Page("forum.tags", Role.PM, plain("forum.tags")),
    Page("forum.tag", Role.PM, plain("forum.tag", tag_slug="risk")),
    Page(
        "forum.edit_category",
        Role.PMO,
        lambda: url_for("forum.edit_category", category_id=bench_topic()[2]),
    ),
    Page("forum.edit_category[new]", Role.PMO, plain("forum.edit_category")),
    Page("forum.edit_post", Role.PMO, lambda: url_for("forum.edit_post", post_id=bench_post_id())),
    Page("forum.history", Role.PM, lambda: url_for("forum.history", post_id=bench_post_id())),
    Page(
        "forum.mentions",
        Role.PM,
        lambda: url_for("forum.mentions", q="pers", topic=bench_topic()[0]),
    ),
    # searches have the issue's own budget (bench.forum), the page around them included
    Page("forum.search", Role.PM, plain("forum.search", q="risk"), SEARCH_BUDGET_MS),
    Page(
        "forum.search[two words]",
        Role.PM,
        plain("forum.search", q="risk mitigation"),
        SEARCH_BUDGET_MS,
    ),
    Page("club.members", Role.PM, plain("club.members")),
    Page("club.profile", Role.PM, lambda: url_for("club.profile", user_id=bench_expert_id())),
    Page("club.experts_directory", Role.PM, plain("club.experts_directory")),
    # Lessons learned over the 5,000 of community.lessons.large: the list, filtered, searched;
    # the PM's own, the PMO's queue, a lesson and its form; the PMO's tag set.
    Page("lessons.index", Role.PM, plain("lessons.index")),
    Page("lessons.index[filtered]", Role.PM, plain("lessons.index", area="risk", kind="negative")),
    Page(
        "lessons.index[search]",
        Role.PM,
        plain("lessons.index", q="risk mitigation"),
        SEARCH_BUDGET_MS,  # a search, as the forum's
    ),
    Page("lessons.mine", Role.PM, plain("lessons.mine")),
    Page("lessons.queue", Role.PMO, plain("lessons.queue")),
    Page("lessons.detail", Role.PM, lesson_url("lessons.detail")),
    Page("lessons.edit", Role.PMO, lesson_url("lessons.edit")),
    Page("lessons.edit[new]", Role.PM, plain("lessons.edit")),
    # The methodology library over the 1,000 documents of community.library.large (five
    # revisions each): the list, by kind, searched; drafts, the PMO's queue and editor; a
    # document as a reader and as the PMO sees a draft revision; its history, a diff, what
    # changed since 1.0; suggesting a change, my suggestions, one suggestion.
    Page("library.index", Role.PM, plain("library.index")),
    Page("library.index[kind]", Role.PM, plain("library.index", kind="process")),
    Page(
        "library.index[search]",
        Role.PM,
        plain("library.index", q="risk mitigation"),
        SEARCH_BUDGET_MS,  # a search, as the forum's
    ),
    Page("library.drafts", Role.PMO, plain("library.drafts")),
    Page("library.review", Role.PMO, plain("library.review")),
    Page("library.edit[new]", Role.PMO, plain("library.edit")),
    Page("library.edit", Role.PMO, document_url("library.edit")),
    Page("library.detail", Role.PM, document_url("library.detail")),
    Page("library.detail[revision]", Role.PMO, document_url("library.detail", revision=4)),
    Page("library.history", Role.PMO, document_url("library.history")),
    Page("library.diff", Role.PMO, document_url("library.diff", old=1, new=5)),
    Page("library.changes", Role.PM, document_url("library.changes", since="1.0")),
    Page("library_use.plan", Role.PM, document_url("library_use.plan")),
    Page("library_use.material", Role.PMO, document_url("library_use.material")),
    Page("library.retire", Role.PMO, document_url("library.retire")),
    Page("library_use.start", Role.PM, template_url),
    Page(
        "library_suggestions.new",
        Role.PM,
        lambda: url_for("library_suggestions.new", document=bench_document_id()),
    ),
    Page("library_suggestions.mine", Role.PM, plain("library_suggestions.mine")),
    Page("library_suggestions.detail", Role.PMO, suggestion_url),
    Page("tags.index", Role.PMO, plain("tags.index")),
    Page("tags.edit", Role.PMO, tag_url),
    Page("tags.edit[new]", Role.PMO, plain("tags.edit")),
    # Moderation, by the PMO (who moderates every category) on the benchmark forum.
    Page("forum_moderation.review", Role.PMO, plain("forum_moderation.review")),
    Page(
        "forum_moderation.flag",
        Role.PMO,
        lambda: url_for("forum_moderation.flag", post_id=bench_post_id()),
    ),
    Page(
        "forum_moderation.move",
        Role.PMO,
        lambda: url_for("forum_moderation.move", topic_id=bench_topic()[0]),
    ),
    Page(
        "forum_moderation.merge",
        Role.PMO,
        lambda: url_for("forum_moderation.merge", topic_id=bench_topic()[0]),
    ),
    # Projects (lms.projects.large): 20,000 at scale 1, a million periodic records; the bench
    # PM runs BENCH_PROJECT (24 months recorded, re-planned once).
    Page("projects.index", Role.DIRECTOR, plain("projects.index")),
    Page("projects.index[pmo]", Role.PMO, plain("projects.index")),
    # a substring search reads every project's code and name (20,000 at scale 1), as the
    # forum's search has its own budget
    Page(
        "projects.index[search]",
        Role.PMO,
        plain("projects.index", q="Large project 12"),
        REPORT_BUDGET_MS,
    ),
    Page("projects.detail", Role.PM, project_url("projects.detail")),
    Page("projects.detail[director]", Role.DIRECTOR, project_url("projects.detail")),
    Page("projects.edit", Role.PM, project_url("projects.edit")),
    Page("projects.edit[new]", Role.PM, plain("projects.edit")),
    Page("projects.baseline", Role.PM, project_url("projects.baseline")),
    Page("projects.actuals", Role.PM, project_url("projects.actuals")),
    Page("projects.close", Role.PM, project_url("projects.close")),  # the summary prefilled
    # a report: every active PM (about 9,700 at scale 1) measured against the senior PM
    # profile in one ranked statement
    Page(
        "projects.staffing_page",
        Role.PMO,
        project_url("projects.staffing_page"),
        STAFFING_BUDGET_MS,
    ),
    Page("projects.locks", Role.PMO, plain("projects.locks")),
    Page("projects.rates", Role.PMO, plain("projects.rates")),
    Page("projects.imports", Role.PM, plain("projects.imports")),
    # Reports read every project in scope (20,000 for the PMO and HR at scale 1)
    Page(
        "project_reports.portfolio_report",
        Role.PM,
        plain("project_reports.portfolio_report"),
        REPORT_BUDGET_MS,
    ),
    Page(
        "project_reports.portfolio_report[director]",
        Role.DIRECTOR,
        plain("project_reports.portfolio_report"),
        PROJECT_REPORT_BUDGET_MS,
    ),
    Page(
        "project_reports.portfolio_report[pmo]",
        Role.PMO,
        plain("project_reports.portfolio_report"),
        PROJECT_REPORT_BUDGET_MS,
    ),
    Page(
        "project_reports.effort",
        Role.DIRECTOR,
        plain("project_reports.effort"),
        PROJECT_REPORT_BUDGET_MS,
    ),
    Page(
        "project_reports.organisation",
        Role.PMO,
        plain("project_reports.organisation"),
        PROJECT_REPORT_BUDGET_MS,
    ),
    # the dry run of a 200-row timesheet: every row read and checked again on each view
    Page("projects.import_check", Role.PM, bench_batch_url, REPORT_BUDGET_MS),
    # the home panels of projects, fetched after the page: the PM's projects and what is due;
    # the director's department tree's portfolio (about 500 projects at scale 1)
    Page("dashboard.panel[my_projects]", Role.PM, plain("dashboard.panel", name="my_projects")),
    Page(
        "dashboard.panel[projects_over_plan]",
        Role.DIRECTOR,
        plain("dashboard.panel", name="projects_over_plan"),
        REPORT_BUDGET_MS,
    ),
]

# GET endpoints that are not pages a person waits for, and why.
EXEMPT: dict[str, str] = {
    "projects.import_template": "a file download (the timesheet CSV template)",
    "static": "static files (the web server or a cache serves them in production)",
    "bench.bare": "the baseline every page is compared with",
    "profiles.mine": "a redirect to the person's profile (measured as profiles.profile)",
    "profiles.download": "a file download (uploaded evidence), streamed from disk",
    "frameworks.export_json": "a file download (the framework as JSON)",
    "framework_editor.export_csv": "a file download (the framework as CSV)",
    "calendar.class_ics": "a file download (a class as iCalendar)",
    "calendar.feed": "a calendar feed that apps poll (iCalendar), not a page",
    "training.check_in_qr": "an image (a session's check-in QR code, SVG)",
    "forum_files.download": "a file download (a post's attachment), streamed from disk",
    "library_files.download": "a file download (a document's attachment), streamed from disk",
}

# The baseline every page is compared with: only the base layout, measured for each role.
BARE_ENDPOINT = "bench.bare"


def get_endpoints(app: Flask) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}


def coverage(app: Flask) -> list[str]:
    """The GET endpoints neither measured nor exempt (each must be one or the other), and any
    listed endpoint the app does not have."""
    endpoints = get_endpoints(app)
    measured = {page.endpoint for page in PAGES}
    unlisted = sorted(endpoints - measured - set(EXEMPT))
    stale = sorted((measured | set(EXEMPT)) - endpoints)
    return [f"unlisted {endpoint}" for endpoint in unlisted] + [f"gone {e}" for e in stale]

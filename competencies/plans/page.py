"""The plan page's view model: the plan with each goal's progress and whether the profile shows
it met, the approvals by round, what changed against the revision in force, the conversation
and the timeline, and what the reader may do (the same predicates the services re-check)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import url_for

from lms.accounts.queries import department_tree
from lms.clock import site_today
from lms.i18n import lazy_gettext as _l
from lms.web.filters import url_for_each
from lms.web.forms import ConfirmForm

from . import queries
from .forms import CancelForm, DecideForm, NoteForm
from .models import ActivityStatus, DevelopmentPlan, NoteKind, PlanGoal
from .permissions import (
    can_close_plan,
    can_comment_on_plan,
    can_decide_plan,
    can_edit_plan,
    can_recommend_on_plan,
    can_review_plan,
    can_start_plan,
)
from .queries import percent
from .revisions import Change, changes, in_force, plan_content
from .services import open_standings


def progress(activities) -> tuple[int, int]:
    """(done, counted): dropped activities do not count."""
    counted = [a for a in activities if a.status is not ActivityStatus.DROPPED]
    return sum(a.status is ActivityStatus.DONE for a in counted), len(counted)


@dataclass
class GoalView:
    goal: PlanGoal
    met: bool
    done: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


@dataclass
class PlanPage:
    plan: DevelopmentPlan
    viewer: object
    today: date = field(default_factory=site_today)
    goals: list[GoalView] = field(default_factory=list)
    names: dict = field(default_factory=dict)
    notes: list[queries.NoteEntry] = field(default_factory=list)
    timeline: list = field(default_factory=list)
    diff: list[Change] | None = None
    decide_form: DecideForm | bool | None = None  # True: blank, built as HTML
    note_forms: dict = field(default_factory=dict)
    standings: list = field(default_factory=list)
    confirm: ConfirmForm = field(default_factory=ConfirmForm)
    cancel_form: CancelForm | None = None
    _may: dict = field(default_factory=dict)

    @property
    def done(self) -> int:
        return sum(g.done for g in self.goals)

    @property
    def total(self) -> int:
        return sum(g.total for g in self.goals)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def rounds(self) -> list[tuple[int, list]]:
        """The decisions of each round, newest round first."""
        found: dict[int, list] = {}
        for approval in self.plan.approvals:
            found.setdefault(approval.round, []).append(approval)
        return sorted(found.items(), reverse=True)

    @property
    def current_round(self) -> list:
        return [a for a in self.plan.approvals if a.round == self.plan.round]

    @property
    def comments(self) -> list[queries.NoteEntry]:
        return [n for n in self.notes if n.kind is NoteKind.COMMENT]

    @property
    def reviews(self) -> list[queries.NoteEntry]:
        return [n for n in self.notes if n.kind in (NoteKind.MID_REVIEW, NoteKind.END_REVIEW)]

    @property
    def recommendation(self) -> queries.NoteEntry | None:
        return queries.recommendation_of(self.notes)

    @property
    def in_force(self):
        return in_force(self.plan)

    def note_url(self) -> str:
        return self.__dict__.setdefault("_note_url", url_for("plans.note", plan_id=self.plan.id))

    def activity_url(self, action: str, activity_id: int) -> str:
        """The URL of an activity's `action` ("edit", "delete", "progress"), url_for once each."""
        builders = self.__dict__.setdefault("_activity_urls", {})
        if action not in builders:
            endpoint = {"edit": "plans.edit_activity", "delete": "plans.delete_activity"}
            builders[action] = url_for_each(
                endpoint.get(action, "plans.progress"), "activity_id", plan_id=self.plan.id
            )
        return builders[action](activity_id)

    @property
    def department(self) -> str | None:
        """The owner's department's name (from the org chart kept per process)."""
        return dict(department_tree().by_name).get(self.plan.owner.department_id)

    def may(self, what: str) -> bool:
        """What the reader may do here, asked once per page (the template asks per goal)."""
        if what not in self._may:
            self._may[what] = self._ask(what)
        return self._may[what]

    def _ask(self, what: str) -> bool:
        viewer, plan = self.viewer, self.plan
        return {
            "edit": lambda: can_edit_plan(viewer, plan) and not plan.is_waiting,
            "submit": lambda: (
                can_start_plan(viewer, plan.owner)
                and (plan.state.value == "draft" or plan.revision_state is not None)
                and not plan.is_waiting
            ),
            "progress": lambda: can_edit_plan(viewer, plan) and plan.is_in_force,
            "decide": lambda: (
                plan.is_waiting
                and can_decide_plan(viewer, plan)
                and bool(open_standings(plan, viewer))
            ),
            "close": lambda: plan.is_open and can_close_plan(viewer, plan),
            "comment": lambda: can_comment_on_plan(viewer, plan),
            "recommend": lambda: can_recommend_on_plan(viewer, plan) and plan.is_open,
            "review": lambda: can_review_plan(viewer, plan),
        }[what]()


NOTE_LABELS = {
    NoteKind.COMMENT: _l("Comment"),
    NoteKind.RECOMMENDATION: _l("Recommendation for the approvers"),
    NoteKind.MID_REVIEW: _l("Mid-period review note"),
    NoteKind.END_REVIEW: _l("End-of-period review note"),
}


def note_form(kind: NoteKind, **kwargs) -> NoteForm:
    """The note form of `kind`: fields prefixed by it, so a page's forms have ids of their own,
    and labelled for what it writes."""
    form = NoteForm(prefix=str(kind), **kwargs)
    form.body.label.text = NOTE_LABELS[kind]
    return form


def plan_page(plan: DevelopmentPlan, viewer) -> PlanPage:
    """Everything the plan page shows, in a fixed number of queries."""
    met = queries.goals_met(plan)
    page = PlanPage(plan=plan, viewer=viewer)
    page.names = queries.competency_names(
        [g.competency_id for g in plan.goals]
        + [g["competency_id"] for r in plan.revisions[-1:] for g in r.content["goals"]]
    )
    page.goals = [GoalView(goal, goal.id in met, *progress(goal.activities)) for goal in plan.goals]
    page.notes = queries.notes_of(plan)
    page.timeline = queries.timeline_of(plan)
    if plan.revision_state is not None and page.in_force is not None:
        page.diff = changes(page.in_force.content, plan_content(plan, page.names))
    if page.may("decide"):
        page.decide_form = True  # a blank form, built as HTML (rows.plan_decide_fields)
        page.standings = open_standings(plan, viewer)
    for kind, allowed in (
        (NoteKind.COMMENT, "comment"),
        (NoteKind.RECOMMENDATION, "recommend"),
        (NoteKind.MID_REVIEW, "review"),
        (NoteKind.END_REVIEW, "review"),
    ):
        if page.may(allowed):
            page.note_forms[kind] = True  # a blank form, built as HTML (rows.plan_note_form)
    if page.may("close"):
        page.cancel_form = CancelForm(formdata=None)
    return page

"""The plan page's repeated items as Jinja globals (competencies.init_app), like the profile's
(profiles/items.py): an activity with its progress form, a note, a timeline entry. As template
loops, ten activities, a dozen comments and a dozen changes cost more than the rest of the page.

Every text is escaped here; translated sentences are formatted as Jinja's `_()` formats them.
"""

from __future__ import annotations

from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from lms.audit.services import action_label
from lms.i18n import N_, translate
from lms.i18n import translate_markup as _
from lms.web.filters import format_day, format_moment
from lms.web.form_html import action_button

from .labels import STATUSES, plan_labels
from .models import ActivityStatus

OPEN = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)
STATUS_BADGES = {
    ActivityStatus.DONE: "text-bg-success",
    ActivityStatus.IN_PROGRESS: "text-bg-primary",
}


def plan_activity(page, activity) -> Markup:
    """One activity: kind, title, mentor, due date (red when overdue), status, and for the PM
    the edit and remove buttons and the progress form."""
    parts = [
        f'<li class="list-group-item px-0" id="activity-{activity.id}" data-testid="activity">'
        '<div class="d-flex flex-wrap justify-content-between gap-2"><div>'
        f'<span class="badge text-bg-light border">{escape(plan_labels.kind(activity.kind))}</span> '
        f"{escape(activity.title)}"
    ]
    if activity.mentor is not None:
        mentor = _(N_("mentor: %(name)s"), name=activity.mentor.name)
        parts.append(f' <span class="small text-body-secondary">· {mentor}</span>')
    if activity.due_on:
        late = activity.due_on < page.today and activity.status in OPEN
        style = "text-danger fw-semibold" if late else "text-body-secondary"
        due = _(N_("due %(date)s"), date=format_day(activity.due_on))
        parts.append(f' <span class="small {style}">· {due}</span>')
    badge = STATUS_BADGES.get(activity.status, "text-bg-secondary")
    parts.append(
        '</div><div class="d-flex gap-1 align-items-center">'
        f'<span class="badge {badge}" data-testid="activity-status">'
        f"{escape(plan_labels.status(activity.status))}</span>"
    )
    if page.may("edit"):
        parts.append(_edit_buttons(page, activity))
    parts.append("</div></div>")
    if activity.notes:
        parts.append(f'<p class="small mb-1 text-prewrap">{escape(activity.notes)}</p>')
    if page.may("progress"):
        parts.append(_progress_form(activity, page.activity_url("progress", activity.id)))
    parts.append("</li>")
    return Markup("".join(parts))


def _edit_buttons(page, activity) -> str:
    edit = escape(translate(N_("Edit")))
    remove = action_button(
        page.activity_url("delete", activity.id),
        translate(N_("Remove")),
        page.confirm,
        confirm=translate(N_("Remove this activity?")),
        **{"class": "btn btn-sm btn-link text-danger"},
    )
    href = escape(page.activity_url("edit", activity.id))
    return f'<a class="btn btn-sm btn-link" href="{href}">{edit}</a>{remove}'


def _progress_form(activity, action: str) -> str:
    """The status and notes of one activity, named as ProgressForm(prefix="a<id>") reads them:
    a small status select and button on one line, the notes folded away until wanted."""
    prefix = f"a{activity.id}"
    options = "".join(
        f'<option value="{status}"{" selected" if status == activity.status else ""}>'
        f"{escape(str(label))}</option>"
        for status, label in STATUSES.items()
    )
    status = _(N_("Status of “%(title)s”"), title=activity.title)
    notes, save = escape(translate(N_("Progress notes"))), escape(translate(N_("Save progress")))
    return (
        f'<form method="post" action="{escape(action)}" class="mt-1" novalidate>'
        f'<input type="hidden" name="{prefix}-csrf_token" value="{generate_csrf()}">'
        '<div class="d-flex flex-wrap align-items-center gap-2">'
        f'<label class="visually-hidden" for="{prefix}-status">{status}</label>'
        f'<select class="form-select form-select-sm w-auto" id="{prefix}-status" '
        f'name="{prefix}-status">{options}</select>'
        f'<button type="submit" class="btn btn-sm btn-outline-primary">{save}</button></div>'
        f'<details class="small mt-1"{" open" if activity.notes else ""}><summary>{notes}'
        f'</summary><label class="visually-hidden" for="{prefix}-notes">{notes}</label>'
        f'<textarea class="form-control form-control-sm mt-1" id="{prefix}-notes" '
        f'name="{prefix}-notes" rows="2" maxlength="2000">{escape(activity.notes)}</textarea>'
        "</details></form>"
    )


def plan_note(note) -> Markup:
    """One comment or review note (queries.NoteEntry): who, when, what."""
    author = escape(note.author) if note.author else _(N_("someone no longer here"))
    kind = ""
    if note.kind.value != "comment":
        kind = f"{escape(plan_labels.note(note.kind))} · "
    return Markup(
        '<div class="border rounded p-2 mb-2" data-testid="comment">'
        f'<p class="small text-body-secondary mb-1">{kind}{author} · '
        f"{escape(format_moment(note.created_at, 'short'))}</p>"
        f'<p class="mb-0 text-prewrap">{escape(note.body)}</p></div>'
    )


def plan_change(entry) -> Markup:
    """One entry of the plan's timeline (queries.TimelineEntry): when, who, what, and why."""
    actor = escape(entry.actor) if entry.actor else _(N_("System"))
    why = entry.changes.get("comment") or entry.changes.get("reason")
    reason = f": <q>{escape(why[1])}</q>" if why and why[1] else ""
    return Markup(
        f'<li class="mb-1"><span class="text-body-secondary">'
        f"{escape(format_moment(entry.created_at, 'short'))}</span> · {actor} · "
        f"{escape(action_label(entry.action))}{reason}</li>"
    )


def plan_decision(number: int, approval) -> Markup:
    """One decision of the decisions table: round, capacity, decision, who (and for whom), when,
    the comment."""
    who = escape(approval.approver.name) if approval.approver else "—"
    if approval.on_behalf_of:
        standing = _(N_("standing in for %(name)s"), name=approval.on_behalf_of.name)
        who = f'{who} <span class="small text-body-secondary">({standing})</span>'
    return Markup(
        f'<tr data-testid="decision"><td>{number}</td>'
        f"<td>{escape(plan_labels.capacity(approval.capacity))}</td>"
        f"<td>{escape(plan_labels.decision(approval.decision))}</td><td>{who}</td>"
        f"<td>{escape(format_moment(approval.decided_at, 'short'))}</td>"
        f'<td class="text-prewrap">{escape(approval.comment)}</td></tr>'
    )


def plan_note_form(page, kind, button: str) -> Markup:
    """A blank note form of `kind`, named as page.note_form(kind) reads it back (the form with
    errors, after a refused post, is WTForms' own)."""
    from .page import NOTE_LABELS

    prefix = str(kind)
    action = page.note_url()
    label = escape(str(NOTE_LABELS[kind]))
    return Markup(
        f'<form method="post" action="{escape(action)}" novalidate class="mb-3">'
        f'<input type="hidden" name="{prefix}-csrf_token" value="{generate_csrf()}">'
        f'<input type="hidden" name="kind" value="{prefix}"><div class="mb-3">'
        f'<label class="form-label" for="{prefix}-body">{label}</label>'
        f'<textarea class="form-control" id="{prefix}-body" name="{prefix}-body" rows="3" '
        f'maxlength="5000" required></textarea></div>'
        f'<button type="submit" class="btn btn-sm btn-outline-primary">{escape(button)}</button>'
        "</form>"
    )


def plan_decide_fields(page) -> Markup:
    """The blank decision form's fields, named as forms.DecideForm reads them (the form with
    errors, after a refused post, is WTForms' own)."""
    label = escape(translate(N_("Your comment on the decision")))
    hint = escape(translate(N_("Required when you return the plan: say what should change.")))
    approve, send_back = translate(N_("Approve")), translate(N_("Return with a reason"))
    return Markup(
        f'<input name="version" type="hidden" value="{page.plan.version}">'
        f'<input name="csrf_token" type="hidden" value="{generate_csrf()}">'
        f'<div class="mb-3"><label class="form-label" for="comment">{label}</label>'
        '<textarea aria-describedby="comment-help" class="form-control" id="comment" '
        'maxlength="2000" name="comment" rows="3"></textarea>'
        f'<div id="comment-help" class="form-text">{hint}</div></div>'
        '<div class="d-flex flex-wrap gap-2">'
        f'<input class="btn btn-success" id="approve" name="approve" type="submit" '
        f'value="{escape(approve)}">'
        f'<input class="btn btn-outline-danger" id="send_back" name="send_back" type="submit" '
        f'value="{escape(send_back)}"></div>'
    )

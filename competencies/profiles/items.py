"""Items of the profile's two lists, the rating history and the evidence (the page and its print
view), as Jinja globals (competencies.init_app) like the levels table's rows (cells.py): as
template loops, ten pieces of evidence and twenty ratings cost more than the rest of the page.

Every text is escaped here; translated sentences are formatted as Jinja's `_()` formats them
(the message is trusted, its values escaped).
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from lms.i18n import N_, translate
from lms.i18n import translate_markup as _
from lms.web.filters import format_day
from lms.web.form_html import action_button

from .forms import EVIDENCE_KINDS
from .permissions import can_delete_evidence

SEPARATOR = " · "


KIND_LABELS = {
    "self": N_("Self rating"),
    "director": N_("Confirmed by director"),
    "pmo": N_("Confirmed by PMO"),
}


def history_entry(entry, framework_id: int) -> Markup:
    """One rating (queries.HistoryEntry): when and by whom, its kind, the competency and level
    (and the framework version it was given on, when not the profile's), the comment, the
    justification and the evidence it cites."""
    confirmed = entry.is_confirmed
    rater = escape(entry.rater) if entry.rater else _(N_("someone no longer here"))
    badge = "text-bg-primary" if confirmed else "text-bg-light border"
    parts = [
        '<li class="border-start border-3 ps-3 pb-3 '
        f'{"border-primary" if confirmed else "border-secondary-subtle"}">'
        f'<div class="small text-body-secondary">{escape(format_day(entry.rated_on))} · {rater}'
        f'</div><div><span class="badge {badge}">{escape(translate(KIND_LABELS[entry.kind.value]))}'
        f"</span> {escape(entry.name)}: <strong>{escape(entry.level)}</strong>"
    ]
    if entry.framework_id != framework_id:
        version = _(N_("rated against version %(version)s"), version=entry.version_label)
        parts.append(f' <span class="small text-body-secondary">· {version}</span>')
    parts.append("</div>")
    if entry.comment:
        parts.append(f'<div class="text-prewrap">{escape(entry.comment)}</div>')
    if entry.justification:
        label = _(N_("Justification:"))  # outside f-strings, where Babel finds them
        parts.append(
            f'<div class="small"><span class="fw-semibold">{label}</span> '
            f'<span class="text-prewrap">{escape(entry.justification)}</span></div>'
        )
    if entry.evidence:
        label, titles = _(N_("Evidence:")), escape(", ".join(entry.evidence))
        parts.append(f'<div class="small"><span class="fw-semibold">{label}</span> {titles}</div>')
    parts.append("</li>")
    return Markup("".join(parts))


def _validity(item, today) -> Markup:
    when = format_day(item.expires_on)
    if item.is_expired(today):
        return Markup('<span class="badge text-bg-danger">%s</span>') % _(
            N_("expired %(date)s"), date=when
        )
    if item.expires_soon(today):
        return Markup('<span class="badge text-bg-warning">%s</span>') % _(
            N_("expires soon: %(date)s"), date=when
        )
    return _(N_("valid until %(date)s"), date=when)


def evidence_item(
    item,
    profile,
    download_url: Callable[[int], str],
    delete_url: Callable[[int], str],
    viewer=None,
    confirm=None,
) -> Markup:
    """One piece of evidence: title, kind, its number, issuer and dates, its file; with a
    `viewer` (the page, not the print view) what they may do: delete it, unless a rating cites
    it (`confirm` is the form whose hidden fields the delete button carries)."""
    details = item.details or {}
    facts = []
    if details.get("number"):
        facts.append(_(N_("No. %(number)s"), number=details["number"]))
    if details.get("issuer"):
        facts.append(escape(details["issuer"]))
    if item.occurred_on:
        facts.append(escape(format_day(item.occurred_on)))
    if item.expires_on:
        facts.append(_validity(item, profile.today))
    if item.stored_name:
        file = (
            f'<a class="small" href="{escape(download_url(item.id))}">'
            f'<i class="bi bi-download" aria-hidden="true"></i> {escape(item.file_name)}</a>'
        )
    else:
        file = "<span></span>"
    action = ""
    if viewer is not None and can_delete_evidence(viewer, item):
        if item.id in profile.cited_evidence:
            why, cited = _(N_("A confirmed rating cites it, so it stays.")), _(N_("cited"))
            action = (
                f'<span class="small text-body-secondary" title="{why}">'
                f'<i class="bi bi-link-45deg" aria-hidden="true"></i> {cited}</span>'
            )
        else:
            action = action_button(
                delete_url(item.id),
                translate(N_("Delete")),
                confirm,
                confirm=_(N_("Delete “%(title)s”? This cannot be undone."), title=item.title),
                icon="trash",
                **{"class": "btn btn-sm btn-link link-danger p-0"},
            )
    return Markup(
        '<li class="list-group-item">'
        '<div class="d-flex justify-content-between align-items-start gap-2">'
        f'<span class="fw-semibold">{escape(item.title)}</span> '
        f'<span class="badge text-bg-light border">{escape(EVIDENCE_KINDS[item.kind])}</span>'
        f'</div><div class="small text-body-secondary">{Markup(SEPARATOR).join(facts)}</div>'
        f'<div class="d-flex justify-content-between align-items-center gap-2">{file} {action}'
        "</div></li>"
    )

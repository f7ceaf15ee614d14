"""The framework editor's competency rows, as a Jinja global (competencies.init_app), like the
profile's and the reports' rows: as a template loop, some six translations and three buttons for
each of thirty-odd competencies cost more than the rest of the editor.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from lms.i18n import N_, translate
from lms.i18n import translate_markup as _
from lms.web.form_html import action_button

DEPTH_CLASSES = ("fw-semibold", "ps-4", "ps-5")


def editor_row(
    competency,
    depth: int,
    *,
    draft: bool,
    published: bool,
    parents: set,
    urls: dict[str, Callable[[int], str]],
    confirm,
) -> Markup:
    """One competency: its name (and flags), id number and what may be done to it: edit and add
    inside (drafts), retire or bring back (drafts and the published version), delete (a
    draft's competencies with nothing inside)."""
    name = escape(competency.name)
    flags = ""
    if competency.is_programme_only:
        label = _(N_("programme and portfolio roles"))
        flags += f' <span class="badge text-bg-info">{label}</span>'
    if competency.is_retired:
        label = _(N_("retired"))  # outside f-strings, where Babel finds them
        flags += f' <span class="badge text-bg-secondary">{label}</span>'
    hidden = f'<span class="visually-hidden"> {name}</span>'
    actions = []
    if draft:
        edit, label = escape(urls["edit"](competency.id)), _(N_("Edit"))
        actions.append(
            f'<a class="btn btn-sm btn-outline-primary" href="{edit}">{label}{hidden}</a>'
        )
        if depth == 0:
            inside, label = escape(urls["add_inside"](competency.id)), _(N_("Add inside"))
            actions.append(
                f'<a class="btn btn-sm btn-outline-secondary" href="{inside}">{label}{hidden}</a>'
            )
    if draft or published:
        style = {"class": "btn btn-sm btn-outline-secondary"}
        if competency.is_retired:
            label = translate(N_("Bring back"))
            actions.append(action_button(urls["unretire"](competency.id), label, confirm, **style))
        else:
            question = _(
                N_("Retire %(name)s? It stays in people’s history but is no longer assessed."),
                name=competency.name,
            )
            actions.append(
                action_button(
                    urls["retire"](competency.id),
                    translate(N_("Retire")),
                    confirm,
                    confirm=question,
                    **style,
                )
            )
    if draft and competency.id not in parents:
        question = _(N_("Delete %(name)s from this draft?"), name=competency.name)
        actions.append(
            action_button(
                urls["delete"](competency.id),
                translate(N_("Delete")),
                confirm,
                confirm=question,
                **{"class": "btn btn-sm btn-outline-danger"},
            )
        )
    return Markup(
        f'<tr id="c-{escape(competency.idnumber)}">'
        f'<td class="{DEPTH_CLASSES[min(depth, 2)]}">{name}{flags}</td>'
        f"<td><code>{escape(competency.idnumber)}</code></td>"
        '<td><div class="d-flex flex-wrap justify-content-end gap-1">'
        f"{' '.join(str(action) for action in actions)}</div></td></tr>"
    )

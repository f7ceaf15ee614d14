"""Competency profile pages: the profile, rating, confirming, evidence, career levels, print view."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.db import check_version
from lms.errors import ServiceError
from lms.extensions import db
from lms.permissions import Role, has_any_role, require
from lms.web.forms import ConfirmForm, run_action, save_form
from lms.web.uploads import download_view, send_upload

from ..careers.services import assign_career
from ..framework.models import Competency
from . import queries, services
from .forms import EVIDENCE_KINDS, CareerForm, ConfirmLevelForm, EvidenceForm, RateForm
from .models import Evidence, EvidenceKind
from .permissions import (
    can_add_evidence,
    can_confirm_rating,
    can_delete_evidence,
    can_rate_self,
    can_view_profile,
)

bp = Blueprint("profiles", __name__)


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


def _forms(profile) -> dict:
    levels = [
        SelectChoice(level.value, f"{level.value} · {level.name}")
        for level in profile.framework.levels
    ]
    competencies = [SelectChoice(row.competency.id, row.competency.name) for row in profile.rows]
    forms = {}
    if can_rate_self(current_user, profile.person):
        forms["rate"] = RateForm(prefix="rate")
    if can_confirm_rating(current_user, profile.person):
        forms["confirm"] = ConfirmLevelForm(prefix="confirm")
        forms["confirm"].evidence_ids.choices = [
            SelectChoice(id_, title) for id_, title in queries.citable_evidence(profile.person)
        ]
    for form in (forms.get("rate"), forms.get("confirm")):
        if form:
            form.level.choices, form.competency_id.choices = levels, competencies
    if can_add_evidence(current_user, profile.person):
        forms["evidence"] = EvidenceForm(prefix="evidence")
        forms["evidence"].kind.choices = [
            SelectChoice(str(kind), label)
            for kind, label in EVIDENCE_KINDS.items()
            if can_add_evidence(current_user, profile.person, kind)
        ]
    if has_any_role(current_user, Role.PMO, Role.HR):
        forms["career"] = _career_form(profile)
    return forms


def _career_form(profile) -> CareerForm:
    form = CareerForm(prefix="career")
    in_use, elsewhere = queries.placeable_levels(profile)
    form.current_level_id.choices = form.next_level_id.choices = (
        [SelectChoice(0, "—")]
        + [SelectChoice(level.id, level.name) for level in in_use]
        + [
            SelectChoice(
                level.id,
                _(
                    "%(level)s (version %(version)s)",
                    level=level.name,
                    version=level.framework.version_label,
                ),
            )
            for level in elsewhere
        ]
    )
    assignment = profile.assignment
    if request.method == "GET" and assignment:
        form.current_level_id.data = assignment.current_level_id or 0
        form.next_level_id.data = assignment.next_level_id or 0
        form.version.data = assignment.version
    return form


def _render(
    profile, forms, status: int = 200, template: str = "competencies/profiles/profile.html"
):
    return render_template(
        template, profile=profile, forms=forms, kinds=EVIDENCE_KINDS, confirm=ConfirmForm()
    ), status


@bp.route("/me/competencies")
def mine():
    return redirect(url_for("profiles.profile", user_id=current_user.id))


@bp.route("/people/<int:user_id>/competencies")
def profile(user_id: int):
    person = queries.get_person_or_404(user_id, current_user)
    if request.args.get("print"):  # levels, gaps and all the evidence; no forms, no timeline
        profile = queries.build_profile(person)
        return _render(profile, {}, template="competencies/profiles/print.html")
    profile = queries.build_profile(
        person,
        request.args.get("page", 1, type=int),
        request.args.get("evidence_page", 1, type=int),
        history_of=request.args.get("history"),
    )
    return _render(profile, _forms(profile) if profile.framework else {})


def _post(user_id: int, form_name: str, action):
    """Shared shape of the profile's POST actions: load, authorise, validate, one service, PRG."""
    person = queries.get_person_or_404(user_id, current_user)
    profile = queries.build_profile(person, 1, 1)
    if profile.framework is None:
        abort(404)
    forms = _forms(profile)
    form = forms.get(form_name)
    require(form is not None)
    saved, message = save_form(form, lambda: action(person, profile, form))
    if saved:
        flash(message, "success")
        return redirect(url_for("profiles.profile", user_id=person.id))
    return _render(profile, forms, 422)


def _competency(profile, form) -> Competency:
    competency = next(
        (row.competency for row in profile.rows if row.competency.id == form.competency_id.data),
        None,
    )
    if competency is None:
        raise ServiceError(_("Choose a competency of this framework."), field="competency_id")
    return competency


@bp.route("/people/<int:user_id>/competencies/rate", methods=["POST"])
def rate(user_id: int):
    def action(person, profile, form):
        services.rate_self(
            person,
            _competency(profile, form),
            form.level.data,
            actor=current_user,
            comment=form.comment.data or "",
        )
        return _("Your rating is saved. Your director or the PMO confirms levels.")

    return _post(user_id, "rate", action)


@bp.route("/people/<int:user_id>/competencies/confirm", methods=["POST"])
def confirm(user_id: int):
    def action(person, profile, form):
        services.confirm_level(
            person,
            _competency(profile, form),
            form.level.data,
            actor=current_user,
            comment=form.comment.data or "",
            justification=form.justification.data or "",
            evidence_ids=form.evidence_ids.data or [],
        )
        return _("Level confirmed for %(name)s.", name=person.name)

    return _post(user_id, "confirm", action)


@bp.route("/people/<int:user_id>/evidence", methods=["POST"])
def add_evidence(user_id: int):
    def action(person, profile, form):
        details = {key: value for key in ("number", "issuer") if (value := getattr(form, key).data)}
        services.add_evidence(
            person,
            actor=current_user,
            kind=EvidenceKind(form.kind.data),
            title=form.title.data,
            details=details,
            occurred_on=form.occurred_on.data,
            expires_on=form.expires_on.data,
            upload=form.upload.data or None,
        )
        return _("Evidence added.")

    return _post(user_id, "evidence", action)


@bp.route("/people/<int:user_id>/career", methods=["POST"])
def career(user_id: int):
    def action(person, profile, form):
        if profile.assignment:
            check_version(profile.assignment, form.version.data)
        levels = {level.id: level for group in queries.placeable_levels(profile) for level in group}
        assign_career(
            person,
            actor=current_user,
            current=levels.get(form.current_level_id.data),
            aim=levels.get(form.next_level_id.data),
        )
        return _("Career levels saved.")

    return _post(user_id, "career", action)


@bp.route("/evidence/<int:evidence_id>/delete", methods=["POST"])
def delete_evidence(evidence_id: int):
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None:
        abort(404)
    person = queries.get_person_or_404(evidence.user_id, current_user)
    require(can_delete_evidence(current_user, evidence))
    deleted = _("Evidence “%(title)s” deleted.", title=evidence.title)
    run_action(services.delete_evidence, evidence, deleted)
    return redirect(url_for("profiles.profile", user_id=person.id, _anchor="evidence-heading"))


@bp.route("/evidence/<int:evidence_id>/download")
@download_view
def download(evidence_id: int):
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.stored_name is None:
        abort(404)
    person = queries.get_person_or_404(evidence.user_id, current_user)
    require(can_view_profile(current_user, person), hide=True)
    return send_upload(evidence.stored_name, evidence.file_name, evidence.content_type)

"""Competency profile pages: the profile, rating, confirming, evidence, career levels, print view."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.errors import ServiceError
from lms.extensions import db
from lms.permissions import require
from lms.web.forms import ConfirmForm, run_action, save_form
from lms.web.uploads import download_view, send_upload

from ..careers.services import assign_career
from ..framework.models import Competency
from . import profile as builder
from . import queries, services
from .forms import EVIDENCE_KINDS
from .models import EvidenceKind
from .page_forms import form_for, profile_forms
from .permissions import can_delete_evidence
from .profile import Profile, load_profile, profile_of

bp = Blueprint("profiles", __name__)


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in person; each view checks its own predicate."""


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
        profile = load_profile(person, all_evidence=True)
        return _render(profile, {}, template="competencies/profiles/print.html")
    profile = load_profile(
        person,
        history_page=request.args.get("page", 1, type=int),
        history_of=request.args.get("history"),
        evidence_page=request.args.get("evidence_page", 1, type=int),
    )
    return _render(profile, profile_forms(profile, current_user) if profile.framework else {})


def _post(user_id: int, form_name: str, action):
    """Shared shape of the profile's POST actions: load, authorise, validate the one form
    posted, one service, PRG; the whole page is built only to show the form's errors."""
    person = queries.get_person_or_404(user_id, current_user)
    profile = profile_of(person)
    if profile.framework is None:
        abort(404)
    form = form_for(form_name, profile, current_user)
    require(form is not None)
    version_of = profile.assignment if form_name == "career" else None
    saved, message = save_form(form, lambda: action(profile, form), version_of=version_of)
    if saved:
        flash(message, "success")
        return redirect(url_for("profiles.profile", user_id=person.id))
    _complete(profile)
    return _render(profile, profile_forms(profile, current_user, {form_name: form}), 422)


def _complete(profile: Profile) -> None:
    """What the page shows besides the form: levels, the first page of history and evidence."""
    builder.add_levels(profile)
    builder.add_history(profile, 1, None)
    builder.add_evidence(profile, 1)


def _competency(profile: Profile, form) -> Competency:
    """The row of the assessed competency the form names (the profile holds a snapshot)."""
    assessed = {c.id for c in profile.framework.assessed_competencies}
    competency = db.session.get(Competency, form.competency_id.data or 0)
    if competency is None or competency.id not in assessed:
        raise ServiceError(_("Choose a competency of this framework."), field="competency_id")
    return competency


@bp.route("/people/<int:user_id>/competencies/rate", methods=["POST"])
def rate(user_id: int):
    def action(profile, form):
        services.rate_self(
            profile.person,
            _competency(profile, form),
            form.level.data,
            actor=current_user,
            comment=form.comment.data or "",
        )
        return _("Your rating is saved. Your director or the PMO confirms levels.")

    return _post(user_id, "rate", action)


@bp.route("/people/<int:user_id>/competencies/confirm", methods=["POST"])
def confirm(user_id: int):
    def action(profile, form):
        services.confirm_level(
            profile.person,
            _competency(profile, form),
            form.level.data,
            actor=current_user,
            comment=form.comment.data or "",
            justification=form.justification.data or "",
            evidence_ids=form.evidence_ids.data or [],
        )
        return _("Level confirmed for %(name)s.", name=profile.person.name)

    return _post(user_id, "confirm", action)


@bp.route("/people/<int:user_id>/evidence", methods=["POST"])
def add_evidence(user_id: int):
    def action(profile, form):
        details = {key: value for key in ("number", "issuer") if (value := getattr(form, key).data)}
        services.add_evidence(
            profile.person,
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
    def action(profile, form):
        assign_career(
            profile.person,
            actor=current_user,
            current=form.levels.get(form.current_level_id.data),
            aim=form.levels.get(form.next_level_id.data),
        )
        return _("Career levels saved.")

    return _post(user_id, "career", action)


@bp.route("/evidence/<int:evidence_id>/delete", methods=["POST"])
def delete_evidence(evidence_id: int):
    evidence = queries.get_evidence_or_404(evidence_id, current_user)
    require(can_delete_evidence(current_user, evidence))
    person_id = evidence.user_id
    deleted = _("Evidence “%(title)s” deleted.", title=evidence.title)
    run_action(services.delete_evidence, evidence, deleted)
    return redirect(url_for("profiles.profile", user_id=person_id, _anchor="evidence-heading"))


@bp.route("/evidence/<int:evidence_id>/download")
@download_view
def download(evidence_id: int):
    evidence = queries.get_evidence_or_404(evidence_id, current_user)
    if evidence.stored_name is None:
        abort(404)
    return send_upload(evidence.stored_name, evidence.file_name, evidence.content_type)

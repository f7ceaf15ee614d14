"""Nominations and approvals: putting people forward from a class page, the nominee's accept
or decline, and the director's list of requests waiting for their approval."""

from __future__ import annotations

import re

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..i18n import gettext as _
from ..permissions import require
from ..web.forms import flash_errors, run_action, save_form
from . import queries
from .approvals import accept_nomination, decide_enrolment, decline_nomination, nominate_people
from .forms import DecideEnrolmentForm, NominateForm
from .permissions import can_decide_enrolments, can_nominate_anyone
from .views import _page, bp


@bp.route("/classes/<int:class_id>/nominate", methods=["POST"])
def nominate(class_id: int):
    training_class = queries.get_class_or_404(class_id)
    require(can_nominate_anyone(current_user))
    form = NominateForm()
    emails = re.split(r"[\s,;]+", form.emails.data or "")
    saved, done = save_form(
        form, lambda: nominate_people(training_class, actor=current_user, emails=emails)
    )
    if saved:
        flash(_("%(count)s people put forward; each is told.", count=len(done)), "success")
    flash_errors(form)
    return redirect(url_for("training.training_class", class_id=class_id))


@bp.route("/enrolments/<int:enrolment_id>/accept", methods=["POST"])
def accept(enrolment_id: int):
    enrolment = queries.get_enrolment_or_404(enrolment_id, current_user)
    run_action(accept_nomination, enrolment, _("You accepted the nomination."))
    return redirect(url_for("training.training_class", class_id=enrolment.class_id))


@bp.route("/enrolments/<int:enrolment_id>/decline", methods=["POST"])
def decline(enrolment_id: int):
    enrolment = queries.get_enrolment_or_404(enrolment_id, current_user)
    run_action(decline_nomination, enrolment, _("You declined; whoever put you forward is told."))
    return redirect(url_for("training.training_class", class_id=enrolment.class_id))


@bp.route("/classes/requests")
def requests():
    """Requests to join courses that need approval, from the departments the user directs."""
    require(can_decide_enrolments(current_user))
    page = queries.requests_for(current_user, _page(), current_app.config["PER_PAGE"])
    return render_template("training/requests.html", page=page, form=DecideEnrolmentForm())


@bp.route("/enrolments/<int:enrolment_id>/decide", methods=["POST"])
def decide(enrolment_id: int):
    enrolment = queries.get_pending_or_404(enrolment_id, current_user)
    form = DecideEnrolmentForm()
    saved, _done = save_form(
        form,
        lambda: decide_enrolment(
            enrolment,
            actor=current_user,
            approve=bool(form.approve.data),
            reason=form.reason.data or "",
        ),
    )
    if saved:
        flash(
            _("Your decision is recorded; %(name)s is told.", name=enrolment.user.name), "success"
        )
    flash_errors(form)
    return redirect(url_for("training.requests"))

"""Class pages: a class with its sessions, seats and (for the PMO and its trainers) roster; the
PMO's class editor, opening and cancelling; enrolling, withdrawing and taking an offered seat;
the learner's own classes."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..clock import utcnow
from ..i18n import gettext as _
from ..permissions import require
from ..web.forms import ConfirmForm, flash_errors, run_action, save_form
from . import class_lists, queries, sheets
from .class_form import prepare_class_form, save_class_form
from .classes import cancel_class, open_class
from .enrolment import confirm_offer, enrol, withdraw
from .forms import (
    ApologyForm,
    CancelClassForm,
    CheckInForm,
    ClassForm,
    FeedbackForm,
    NominateForm,
)
from .models import ATTENDED, EnrolmentState
from .permissions import can_manage_training, can_mark_attendance, can_nominate_anyone
from .views import _page, bp


@bp.route("/classes/<int:class_id>")
def training_class(class_id: int):
    found = queries.get_class_or_404(class_id)
    mine = queries.enrolment_in(found, current_user)
    sees_roster = can_mark_attendance(current_user, found)
    waitlist = queries.positions([found.id])  # read whether or not the reader waits
    return render_template(
        "training/class.html",
        training_class=found,
        mine=mine,
        position=waitlist.get(mine.id) if mine else None,
        seats=queries.seats_of([found.id]).get(found.id, queries.Seats()),
        roster=queries.roster(found) if sees_roster else None,
        form=ConfirmForm(),
        cancel_form=CancelClassForm(),
        nominate_form=NominateForm() if can_nominate_anyone(current_user) else None,
        State=EnrolmentState,
        **_learner_parts(mine),
    )


def _learner_parts(mine) -> dict:
    """What a learner with a seat sees: their marks and apologies per session, their
    feedback, and the forms to send apologies, check in and give feedback."""
    if mine is None or mine.state is not EnrolmentState.ENROLLED:
        return {"my_sessions": None}
    marks = sheets.learner_sessions(mine)
    return {
        "my_sessions": marks,
        "attended": any(m.get("status") in ATTENDED for m in marks.values()),
        "my_feedback": sheets.feedback_of(mine),
        "apology_form": ApologyForm(),
        "check_in_form": CheckInForm(),
        "feedback_form": FeedbackForm(),
        "when": sheets.session_times(mine.training_class, utcnow()),
    }


@bp.route("/courses/<int:course_id>/classes/new", methods=["GET", "POST"])
@bp.route("/classes/<int:class_id>/edit", methods=["GET", "POST"])
def edit_class(course_id: int | None = None, class_id: int | None = None):
    require(can_manage_training(current_user))
    found = queries.get_class_or_404(class_id) if class_id else None
    course = found.course if found else queries.get_course_or_404(course_id, current_user)
    form = prepare_class_form(ClassForm(), found, course)
    saved, result = save_form(
        form, lambda: save_class_form(form, found, course, actor=current_user), version_of=found
    )
    if saved:
        flash(_("Class saved."), "success")
        return redirect(url_for("training.training_class", class_id=result.id))
    return render_template(
        "training/class_form.html", form=form, course=course, training_class=found
    ), 422 if form.errors else 200


@bp.route("/classes/<int:class_id>/open", methods=["POST"])
def open_for_enrolment(class_id: int):
    found = queries.get_class_or_404(class_id)
    require(can_manage_training(current_user))
    run_action(open_class, found, _("The class is open for enrolment."))
    return redirect(url_for("training.training_class", class_id=class_id))


@bp.route("/classes/<int:class_id>/cancel", methods=["POST"])
def cancel(class_id: int):
    found = queries.get_class_or_404(class_id)
    require(can_manage_training(current_user))
    form = CancelClassForm()
    saved, _result = save_form(
        form, lambda: cancel_class(found, actor=current_user, reason=form.reason.data)
    )
    if saved:
        flash(_("The class is cancelled; everyone in it was told."), "success")
    else:
        flash_errors(form)
    return redirect(url_for("training.training_class", class_id=class_id))


def _told(enrolment) -> str:
    if enrolment.state is EnrolmentState.WAITLISTED:
        return _("The class is full: you are on its waitlist.")
    return _("You are enrolled.")


@bp.route("/classes/<int:class_id>/enrol", methods=["POST"])
def enrol_in(class_id: int):
    found = queries.get_class_or_404(class_id)
    run_action(enrol, found, _told)
    return redirect(url_for("training.training_class", class_id=class_id))


@bp.route("/enrolments/<int:enrolment_id>/withdraw", methods=["POST"])
def withdraw_from(enrolment_id: int):
    enrolment = queries.get_enrolment_or_404(enrolment_id, current_user)
    own = enrolment.user_id == current_user.id
    run_action(withdraw, enrolment, _("You have withdrawn.") if own else _("Withdrawn."))
    return redirect(url_for("training.training_class", class_id=enrolment.class_id))


@bp.route("/enrolments/<int:enrolment_id>/confirm", methods=["POST"])
def confirm(enrolment_id: int):
    enrolment = queries.get_enrolment_or_404(enrolment_id, current_user)
    run_action(confirm_offer, enrolment, _("The seat is yours."))
    return redirect(url_for("training.training_class", class_id=enrolment.class_id))


@bp.route("/classes/mine")
def mine():
    past = request.args.get("past") == "1"
    per_page = current_app.config["PER_PAGE"]
    page = class_lists.my_enrolments(current_user, _page(), per_page, past=past)
    return render_template(
        "training/mine.html",
        page=page,
        past=past,
        positions=queries.positions(
            [e.class_id for e in page.items if e.enrolment_state is EnrolmentState.WAITLISTED]
        ),
        teaching=class_lists.classes_taught_by(current_user, 1, per_page) if not past else None,
    )

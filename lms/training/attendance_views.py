"""Attendance pages: the trainer's sheet for a session (phone-first: a row of four buttons per
learner, everyone present at one tap), the session's check-in code and QR code; the learner's
apologies, self check-in and feedback, posted from the class page."""

from __future__ import annotations

from io import BytesIO

import qrcode
import qrcode.image.svg
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..i18n import gettext as _
from ..permissions import require
from ..web.forms import ConfirmForm, flash_errors, run_action, save_form
from . import queries, sheets
from .attendance import check_in, give_feedback, mark_attendance, open_check_in, send_apology
from .forms import ApologyForm, CheckInForm, FeedbackForm
from .models import AttendanceStatus, EnrolmentState
from .permissions import can_mark_attendance, can_take_part
from .views import bp

STATUSES = [str(status) for status in AttendanceStatus]


def _class_and_session(class_id: int, session_id: int | None):
    training_class = queries.get_class_or_404(class_id)
    require(can_mark_attendance(current_user, training_class))
    session = sheets.session_to_mark(training_class, session_id)
    if session is None and session_id is not None:
        abort(404)
    return training_class, session


@bp.route("/classes/<int:class_id>/attendance", methods=["GET", "POST"])
def attendance(class_id: int):
    training_class, session = _class_and_session(class_id, request.args.get("session", type=int))
    form = ConfirmForm()
    if request.method == "POST" and session is not None:
        marks = _marks(session.id, request.form)
        done = run_action(
            lambda c, actor: mark_attendance(c, actor=actor, marks=marks), training_class, None
        )
        if done is not None:
            flash(_("Attendance saved: %(count)s marked.", count=len(marks)), "success")
        return redirect(url_for("training.attendance", class_id=class_id, session=session.id))
    return render_template(
        "training/attendance.html",
        training_class=training_class,
        session=session,
        sheet=sheets.attendance_sheet(training_class, session.id) if session else [],
        statuses=STATUSES,
        form=form,
    )


def _marks(session_id: int, posted) -> list[tuple[int, int, AttendanceStatus]]:
    """(enrolment id, session id, status) from the sheet's `mark-<enrolment id>` fields; with
    "everyone present", the learners left unmarked are present."""
    marks = []
    for key, value in posted.items():
        if key.startswith("mark-") and key[5:].isdigit() and value in STATUSES:
            marks.append((int(key[5:]), session_id, AttendanceStatus(value)))
    if posted.get("all_present"):
        marked = {enrolment_id for enrolment_id, _s, _st in marks}
        unmarked = posted.getlist("learner", type=int)
        marks += [(e, session_id, AttendanceStatus.PRESENT) for e in unmarked if e not in marked]
    return marks


@bp.route("/classes/<int:class_id>/sessions/<int:session_id>/check-in-code", methods=["POST"])
def show_check_in_code(class_id: int, session_id: int):
    _training_class, session = _class_and_session(class_id, session_id)
    run_action(open_check_in, session, None)
    return redirect(url_for("training.attendance", class_id=class_id, session=session_id))


@bp.route("/classes/<int:class_id>/sessions/<int:session_id>/check-in.svg")
def check_in_qr(class_id: int, session_id: int):
    """The check-in address with the session's code, as a QR code drawn here (no service)."""
    _training_class, session = _class_and_session(class_id, session_id)
    if not session.check_in_code:
        abort(404)
    address = url_for(
        "training.self_check_in", class_id=class_id, code=session.check_in_code, _external=True
    )
    image = qrcode.make(address, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = BytesIO()
    image.save(buffer)
    return Response(
        buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"}
    )


def _own_enrolment(class_id: int):
    training_class = queries.get_class_or_404(class_id)
    enrolment = queries.enrolment_in(training_class, current_user)
    if enrolment is None or not can_take_part(current_user, enrolment):
        abort(404)
    return training_class, enrolment


@bp.route("/classes/<int:class_id>/check-in", methods=["GET", "POST"])
def self_check_in(class_id: int):
    """GET (a scanned QR code) shows the form filled in; the learner confirms with a POST."""
    training_class, enrolment = _own_enrolment(class_id)
    form = CheckInForm()
    if request.method == "GET":
        form.code.data = request.args.get("code", "")[:16]
    saved, _mark = save_form(
        form, lambda: check_in(enrolment, actor=current_user, code=form.code.data)
    )
    if saved:
        flash(_("You are checked in."), "success")
        return redirect(url_for("training.training_class", class_id=class_id))
    status = 422 if form.errors else 200
    return render_template(
        "training/check_in.html", training_class=training_class, form=form
    ), status


@bp.route("/classes/<int:class_id>/sessions/<int:session_id>/apology", methods=["POST"])
def apologise(class_id: int, session_id: int):
    training_class, enrolment = _own_enrolment(class_id)
    session = next((s for s in training_class.sessions if s.id == session_id), None)
    if session is None or enrolment.state is not EnrolmentState.ENROLLED:
        abort(404)
    form = ApologyForm()
    saved, _apology = save_form(
        form,
        lambda: send_apology(enrolment, session, actor=current_user, reason=form.reason.data or ""),
    )
    if saved:
        flash(_("Your trainer knows you will miss that session."), "success")
    flash_errors(form)
    return redirect(url_for("training.training_class", class_id=class_id))


@bp.route("/classes/<int:class_id>/feedback", methods=["POST"])
def feedback(class_id: int):
    _training_class, enrolment = _own_enrolment(class_id)
    form = FeedbackForm()
    saved, _given = save_form(
        form,
        lambda: give_feedback(
            enrolment, actor=current_user, rating=form.rating.data, comment=form.comment.data or ""
        ),
    )
    if saved:
        flash(_("Thank you for your feedback."), "success")
    flash_errors(form)
    return redirect(url_for("training.training_class", class_id=class_id, _anchor="feedback"))

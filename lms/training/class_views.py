"""Class pages: a class with its sessions, seats and (for the PMO and its trainers) roster; the
PMO's class editor, opening and cancelling; enrolling, withdrawing and taking an offered seat;
the learner's own classes."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..clock import from_site_time, to_site_time, utcnow
from ..errors import ServiceError
from ..i18n import gettext as _
from ..permissions import require
from ..web.forms import ConfirmForm, run_action, save_form
from . import class_lists, queries, sheets
from .classes import cancel_class, open_class, save_class
from .enrolment import confirm_offer, enrol, withdraw
from .forms import (
    ApologyForm,
    CancelClassForm,
    CheckInForm,
    ClassForm,
    FeedbackForm,
    NominateForm,
)
from .models import ATTENDED, EnrolmentState, TrainingClass
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
    form = ClassForm()
    if request.method == "GET":
        _fill_class(form, found, course)
    form.room_id.choices = [(0, _("No room (online)"))] + [
        (room.id, _("%(room)s (%(seats)s seats)", room=room.name, seats=room.capacity))
        for room in queries.rooms_to_book()
    ]
    form.trainers.choices = queries.trainers_to_choose()
    saved, result = save_form(form, lambda: _save_class(form, found, course), version_of=found)
    if saved:
        flash(_("Class saved."), "success")
        return redirect(url_for("training.training_class", class_id=result.id))
    return render_template(
        "training/class_form.html", form=form, course=course, training_class=found
    ), 422 if form.errors else 200


def _fill_class(form: ClassForm, found: TrainingClass | None, course) -> None:
    if found is None:
        form.capacity.data = 20
        form.trainers.data = [t.id for t in course.trainers]
        sessions = []
    else:
        form.version.data = found.version
        form.room_id.data = found.room_id or 0
        form.online_url.data, form.capacity.data = found.online_url, found.capacity
        form.min_size.data, form.offer_hours.data = found.min_size, found.offer_hours
        form.trainers.data = [t.id for t in found.trainers]
        for name in ("enrol_opens_at", "enrol_closes_at", "cancel_deadline"):
            value = getattr(found, name)
            form[name].data = to_site_time(value) if value else None
        sessions = found.sessions
    for session in sessions:
        starts, ends = to_site_time(session.starts_at), to_site_time(session.ends_at)
        form.sessions.append_entry(
            {"day": starts.date(), "starts": starts.time(), "ends": ends.time()}
        )
    for _blank in range(1 if sessions else 3):
        form.sessions.append_entry({})


def _save_class(form: ClassForm, found: TrainingClass | None, course) -> TrainingClass:
    room_id = form.room_id.data or None
    rooms = {room.id: room for room in queries.rooms_to_book()}
    if found is not None and found.room is not None:
        rooms.setdefault(found.room.id, found.room)
    return save_class(
        found,
        actor=current_user,
        course=course,
        sessions=_sessions(form),
        capacity=form.capacity.data,
        min_size=form.min_size.data or 0,
        room=rooms.get(room_id),
        online_url=form.online_url.data or "",
        trainers=queries.people_by_id(form.trainers.data or []),
        enrol_opens_at=_moment(form, "enrol_opens_at"),
        enrol_closes_at=_moment(form, "enrol_closes_at"),
        cancel_deadline=_moment(form, "cancel_deadline"),
        offer_hours=form.offer_hours.data or 0,
    )


def _sessions(form: ClassForm) -> list[tuple[datetime, datetime]]:
    """The filled session rows as UTC (start, end); a half-filled row or a time the clocks
    skip is refused on the sessions field."""
    spans = []
    for number, entry in enumerate(form.sessions, start=1):
        day, starts, ends = entry.form.day.data, entry.form.starts.data, entry.form.ends.data
        if day is None and starts is None and ends is None:
            continue
        if day is None or starts is None or ends is None:
            raise ServiceError(
                _("Session %(number)s: give its day, start and end.", number=number),
                field="sessions",
            )
        try:
            spans.append(
                (
                    from_site_time(datetime.combine(day, starts)),
                    from_site_time(datetime.combine(day, ends)),
                )
            )
        except ValueError:
            raise ServiceError(
                _(
                    "Session %(number)s: that time does not exist here (the clocks change).",
                    number=number,
                ),
                field="sessions",
            ) from None
    return spans


def _moment(form: ClassForm, name: str) -> datetime | None:
    value = form[name].data
    if value is None:
        return None
    try:
        return from_site_time(value)
    except ValueError:
        raise ServiceError(
            _("That time does not exist here (the clocks change)."), field=name
        ) from None


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
        for message in [*form.reason.errors, *form.form_errors]:
            flash(message, "warning")
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
    run_action(withdraw, enrolment, _("You have withdrawn."))
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

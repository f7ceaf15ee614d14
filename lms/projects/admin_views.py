"""The PMO's project settings: locking reported months and the role day rates."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..errors import ServiceError
from ..i18n import gettext as _
from ..permissions import require
from ..web.forms import ConfirmForm, run_action, save_form
from . import queries
from .actuals import lock_month, set_day_rate, unlock_month
from .forms import LockForm, RateForm
from .labels import EFFORT_ROLES
from .models import EffortRole
from .permissions import can_keep_day_rates, can_lock_periods
from .views import bp


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ServiceError(_("Enter a month as YYYY-MM."), field="month") from None


@bp.route("/locks", methods=["GET", "POST"])
def locks():
    require(can_lock_periods(current_user))
    form = LockForm()
    saved, lock = save_form(form, lambda: lock_month(_month(form.month.data), actor=current_user))
    if saved:
        flash(_("%(month)s is locked.", month=lock.month.strftime("%Y-%m")), "success")
        return redirect(url_for("projects.locks"))
    return render_template(
        "projects/locks.html", form=form, locks=queries.locks(), confirm=ConfirmForm()
    ), 422 if form.errors else 200


@bp.route("/locks/<int:lock_id>/unlock", methods=["POST"])
def unlock(lock_id: int):
    require(can_lock_periods(current_user))
    run_action(unlock_month, queries.get_lock_or_404(lock_id), _("The month is open again."))
    return redirect(url_for("projects.locks"))


@bp.route("/rates", methods=["GET", "POST"])
def rates():
    require(can_keep_day_rates(current_user))
    form = RateForm()
    saved, _rate = save_form(
        form,
        lambda: set_day_rate(
            EffortRole(form.role.data),
            actor=current_user,
            effective_from=form.effective_from.data,
            day_rate=form.day_rate.data,
        ),
    )
    if saved:
        flash(_("Rate saved; the records it applies to are priced again."), "success")
        return redirect(url_for("projects.rates"))
    return render_template(
        "projects/rates.html", form=form, rates=queries.day_rates(), roles=EFFORT_ROLES
    ), 422 if form.errors else 200

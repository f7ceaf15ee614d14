"""A person's own profile page: who they are, their roles, their language."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..i18n import select_locale
from ..web.forms import save_form
from . import services
from .forms import ProfileForm

bp = Blueprint("profile", __name__, url_prefix="/profile")


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    form = ProfileForm(locale=current_user.locale or "")
    if save_form(form, lambda: services.set_locale(current_user, form.locale.data))[0]:
        with force_locale(select_locale()):  # said in the language just chosen
            flash(_("Your profile is saved."), "success")
        return redirect(url_for("profile.index"))
    return render_template("accounts/profile.html", form=form), 422 if form.errors else 200

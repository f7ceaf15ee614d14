"""Log in and out, change one's password (forced after an imported account's first login)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import ServiceError
from ..extensions import db, limiter
from ..web.forms import attach_error
from . import services
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)


def _login_key() -> str:
    """Throttle per address and account, so one attacker cannot lock out everyone on a NAT."""
    return f"{request.remote_addr}|{request.form.get('email', '').strip().lower()}"


def _safe_next(target: str | None) -> str:
    if (
        target
        and not urlsplit(target).netloc
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    key_func=_login_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code != 302,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(_("Wrong e-mail or password, or the account is not active."))
        return render_template("accounts/login.html", form=form), 401
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, current=form.current_password.data, new=form.new_password.data
            )
        except ServiceError as error:
            attach_error(form, error)
        else:
            db.session.commit()
            login_user(
                current_user._get_current_object(),
                remember=request.cookies.get("remember_token") is not None,
            )
            flash(_("Your password is changed."), "success")
            return redirect(url_for("dashboard.index"))
    return render_template("accounts/change_password.html", form=form), 422 if form.errors else 200


@bp.before_app_request
def force_password_change():
    """Imported and reset accounts must choose their own password before anything else."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in {"auth.change_password", "auth.logout", "static"}
    ):
        return redirect(url_for("auth.change_password"))
    return None

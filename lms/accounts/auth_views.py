"""Log in and out, change one's password (forced after an imported account's first login).

The rules of logging in (the account-wide lock, trusted browsers) live in sign_in.py.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..web.forms import save_form
from . import services, sign_in
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
    """A refused attempt is committed too (save_form commits what sign_in returns): it counts."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    device = request.cookies.get(sign_in.DEVICE_COOKIE)
    submitted, attempt = save_form(
        form, lambda: sign_in.sign_in(form.email.data, form.password.data, device_token=device)
    )
    if submitted and attempt.user is not None:
        login_user(attempt.user, remember=form.remember.data)
        target = (
            url_for("auth.change_password")
            if attempt.user.must_change_password
            else _safe_next(request.args.get("next"))
        )
        return _trust_device(redirect(target), attempt.device_token)
    if submitted:
        form.form_errors.append(attempt.refusal)
        return render_template("accounts/login.html", form=form), attempt.status
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200


def _trust_device(response: Response, token: str) -> Response:
    """Only the log-in page reads the cookie, so it travels nowhere else."""
    response.set_cookie(
        sign_in.DEVICE_COOKIE,
        token,
        max_age=int(sign_in.DEVICE_MAX_AGE.total_seconds()),
        path=url_for("auth.login"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """The new password logs other sessions out (and ends other browsers' device trust), so this
    session and this browser are signed in again with it."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    changed, _result = save_form(
        form,
        lambda: services.change_password(
            user, current=form.current_password.data, new=form.new_password.data
        ),
    )
    if not changed:
        return render_template("accounts/change_password.html", form=form), (
            422 if form.errors else 200
        )
    login_user(user, remember=request.cookies.get("remember_token") is not None)
    flash(_("Your password is changed."), "success")
    return _trust_device(redirect(url_for("dashboard.index")), sign_in.device_token_for(user))


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

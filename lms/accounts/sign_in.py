"""Logging in: the password check, the account-wide lock, and the browsers exempt from it.

Every failure gets one answer whether or not the account exists: unknown and inactive
addresses are counted and locked like real ones, and their password is checked against a
stand-in hash so they take as long. A browser that logged in as the person before carries a
signed device cookie and is exempt from the account-wide lock (OWASP's "device cookies"), so
someone spraying guesses cannot lock the person out of their usual browser; its own failures
are counted against the device, so a stolen cookie buys only a few guesses before it is ignored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import format_datetime, format_time
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import update
from werkzeug.security import check_password_hash

from ..extensions import db
from ..i18n import N_
from ..notifications.kinds import register_kind
from ..notifications.services import notify
from . import login_throttle
from .models import User
from .services import find_user_by_email, hash_password, normalise_email

DEVICE_COOKIE = "login_device"
DEVICE_MAX_AGE = timedelta(days=180)
_DEVICE_SALT = "pmo-academy.login-device"
_STAND_IN_HASHES: dict[str, str] = {}

register_kind(
    "account.login_locked",
    N_(
        "Log-ins to your account from new browsers are paused until %(until)s after "
        "%(count)s failed attempts in a row. Browsers you logged in from before still work. "
        "If this was not you, tell an administrator."
    ),
)


@dataclass(frozen=True)
class Attempt:
    """What one log-in attempt came to: a person (signed in), or a refusal, perhaps a lock."""

    user: User | None = None
    locked_until: datetime | None = None
    device_token: str | None = None

    @property
    def refusal(self) -> str:
        if self.locked_until is not None:
            return _(
                "Too many failed attempts to log in to this account: try again after %(time)s, "
                "or ask an administrator.",
                time=format_time(self.locked_until, "HH:mm"),
            )
        return _("Wrong e-mail or password, or the account is not active.")

    @property
    def status(self) -> int:
        return 429 if self.locked_until is not None else 401


def sign_in(email: str, password: str, *, device_token: str | None = None) -> Attempt:
    """Check a log-in and record it; the caller commits whatever the outcome (a failure counts).

    During a lock nothing is checked, not even the password, so a lock answers alike for right
    and wrong passwords, known and unknown addresses, and a guess made then teaches nothing.
    """
    at = login_throttle.now()
    email = normalise_email(email)
    user = find_user_by_email(email)
    user = user if user is not None and user.can_log_in else None
    device = _trusted_device(device_token, user, at)
    if device is None:
        until = login_throttle.locked_until(email, at=at)
        if until is not None:
            return Attempt(locked_until=until)
    if _password_matches(user, password):
        return _signed_in(user, email, device, at)
    failure = login_throttle.record_failure(device or email, at=at)
    if device is not None:
        return Attempt()
    if failure.started_lock and user is not None:
        _tell_locked(user, failure.locked_until)
    return Attempt(locked_until=failure.locked_until)


def _signed_in(user: User, email: str, device: str | None, at: datetime) -> Attempt:
    for subject in (email, device):
        if subject:
            login_throttle.forget(subject, at=at)
    login_throttle.forget_quiet(at=at)
    # A plain UPDATE: logging in on two devices at once must not trip the edit-version check.
    db.session.execute(update(User).where(User.id == user.id).values(last_login_at=at))
    return Attempt(user=user, device_token=device_token_for(user))


def _tell_locked(user: User, until: datetime) -> None:
    notify(
        user,
        "account.login_locked",
        until=format_datetime(until, "yyyy-MM-dd HH:mm"),
        count=login_throttle.POLICY.lock_after,
    )


def _password_matches(user: User | None, password: str) -> bool:
    if user is None:
        check_password_hash(_stand_in_hash(), password)  # as slow as a real check
        return False
    return check_password_hash(user.password_hash, password)


def _stand_in_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _STAND_IN_HASHES:
        _STAND_IN_HASHES[method] = hash_password(secrets.token_urlsafe(16))
    return _STAND_IN_HASHES[method]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_DEVICE_SALT)


def device_token_for(user: User) -> str:
    """A device cookie for a browser that just proved it knows the password. It names the
    person's session version, so a password change or reset ends the trust of other browsers."""
    nonce = secrets.token_urlsafe(16)
    return _serializer().dumps({"user": user.id, "version": user.session_version, "n": nonce})


def _trusted_device(token: str | None, user: User | None, at: datetime) -> str | None:
    """The throttle subject of a valid, unlocked device cookie for `user`; else None."""
    if not token or user is None:
        return None
    try:
        data = _serializer().loads(token, max_age=int(DEVICE_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or (data.get("user"), data.get("version")) != (
        user.id,
        user.session_version,
    ):
        return None
    subject = f"device:{data.get('n')}"
    return subject if login_throttle.locked_until(subject, at=at) is None else None

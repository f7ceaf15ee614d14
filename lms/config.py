"""Configuration read from the environment; one class per way of running the site."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import orjson

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _normalise_database_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` forms hosts hand out; we drive psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Generate a secret once and keep it in the instance folder, so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Config:
    """Defaults for a developer's machine: SQLite in the instance folder, no SMTP, no Redis."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _normalise_database_url(os.environ.get("DATABASE_URL", ""))
    # JSON columns (names, descriptors in two languages) are read with orjson: a framework page
    # reads a hundred of them, at a third of the standard library's cost.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "json_deserializer": orjson.loads}
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "5 per minute")
    # new topics and replies of one person (community.forum.throttle)
    FORUM_POSTS_PER_MINUTE = int(os.environ.get("FORUM_POSTS_PER_MINUTE", "5"))
    FORUM_POSTS_PER_HOUR = int(os.environ.get("FORUM_POSTS_PER_HOUR", "60"))
    SITE_TIMEZONE = os.environ.get("SITE_TIMEZONE", "Asia/Shanghai")
    SITE_NAME = os.environ.get("SITE_NAME", "PMO Academy")
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = LANGUAGES
    SMTP_HOST = os.environ.get("SMTP_HOST")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_USE_TLS = _bool("SMTP_USE_TLS")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "pmo-academy@localhost")
    SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", "30"))
    # The site's address for links in e-mails written with no request around (commands, reminders).
    SITE_URL = os.environ.get("SITE_URL")
    # The outbox worker: messages per batch (one SMTP connection), how long a claim holds them,
    # retries with back-off from one minute doubling to one hour (about two days in all).
    OUTBOX_BATCH_SIZE = int(os.environ.get("OUTBOX_BATCH_SIZE", "50"))
    OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", "600"))
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "60"))
    OUTBOX_RETRY_BASE_SECONDS = 60
    OUTBOX_RETRY_MAX_SECONDS = 3600
    OUTBOX_POLL_SECONDS = float(os.environ.get("OUTBOX_POLL_SECONDS", "5"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    FORCE_HTTPS = False
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    PASSWORD_HASH_METHOD = "scrypt"
    IMPORT_MAX_BYTES = 5 * 1024 * 1024
    UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "10")) * 1024 * 1024
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")  # default: instance/uploads
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    PER_PAGE = 25
    # Development plans: an approval is overdue after this many days (approvers are reminded),
    # and escalated to the PMO after the second number.
    PLAN_APPROVAL_OVERDUE_DAYS = int(os.environ.get("PLAN_APPROVAL_OVERDUE_DAYS", "5"))
    PLAN_APPROVAL_ESCALATION_DAYS = int(os.environ.get("PLAN_APPROVAL_ESCALATION_DAYS", "10"))
    CLASS_REMINDER_DAYS = int(os.environ.get("CLASS_REMINDER_DAYS", "2"))
    PLAN_OVERVIEW_SECONDS = 60  # the plans overview's figures are kept this long per process
    TRAINING_NEEDS_SECONDS = 60  # so are the training-needs analysis and reports (per filter)
    DASHBOARD_FIGURES_SECONDS = 60  # and the home page's organisation-wide counts (shared panels)
    # Projects: the computed RAG bands the worse of the schedule and cost indices (green at or
    # above the first, amber at or above the second, red below); timesheets in hours convert
    # at this many hours per person-day.
    PROJECT_RAG_GREEN = float(os.environ.get("PROJECT_RAG_GREEN", "0.95"))
    PROJECT_RAG_AMBER = float(os.environ.get("PROJECT_RAG_AMBER", "0.90"))
    HOURS_PER_DAY = float(os.environ.get("HOURS_PER_DAY", "8"))
    # Staffing a key project: the career level its complexity calls for, by CIFTER total
    # (GAPPS: 12-18 Global Level 1, 19-25 Level 2, 26 and over above it), as (lowest total,
    # career level id number), lowest first.
    PROJECT_STAFFING_LEVELS = (
        (7, "COORDINATOR"),
        (12, "PM"),
        (19, "SENIOR_PM"),
        (26, "PROGRAMME"),
    )
    BENCH_ROUTES = False


class ProductionConfig(Config):
    """Behind a TLS-terminating proxy with PostgreSQL and Redis; refuses unsafe starts."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    FORCE_HTTPS = _bool("FORCE_HTTPS", True)
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1"))


class TestConfig(Config):
    """Fast hashing, memory rate limits, CSRF off (tests/test_csrf.py proves it is on otherwise)."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = _normalise_database_url(os.environ.get("TEST_DATABASE_URL", ""))
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    SMTP_HOST = None
    PLAN_OVERVIEW_SECONDS = 0  # every request works the figures out (tests/.../test_plan_pages)
    TRAINING_NEEDS_SECONDS = 0
    DASHBOARD_FIGURES_SECONDS = 0


CONFIGS = {"development": Config, "production": ProductionConfig, "testing": TestConfig}


def config_class() -> type[Config]:
    return CONFIGS[os.environ.get("PMO_ENV", "development")]

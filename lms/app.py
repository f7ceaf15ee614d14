"""The application factory: the whole app can be read from `create_app`."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from flask_talisman import Talisman
from sqlalchemy import inspect, select
from werkzeug.middleware.proxy_fix import ProxyFix

import community
import competencies

from . import cli, reference, resources
from .config import config_class, instance_secret_key
from .errors import register_error_handlers
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .i18n import N_, select_locale, select_timezone
from .web.filters import register_template_helpers

WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "test-secret-key"}
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": ["'self'", "data:"],
    "style-src": "'self'",
    "script-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("PMO_INSTANCE_PATH")
        or str(resources.default_instance_folder()),
        template_folder=str(resources.templates_folder()),
        static_folder=str(resources.static_folder()),
    )
    configure(app, overrides or {})
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    register_extensions(app)
    register_blueprints(app)
    competencies.init_app(app)
    community.init_app(app)
    register_error_handlers(app)
    register_template_helpers(app)
    cli.register(app)
    if app.config["ENV_NAME"] == "production":
        refuse_unsafe_start(app)
    return app


def configure(app: Flask, overrides: dict) -> None:
    app.config.from_object(config_class())
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{Path(app.instance_path) / 'academy.db'}"
        )
    if not app.config.get("SECRET_KEY") and app.config["ENV_NAME"] != "production":
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(resources.translations_folder())


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    reference.init_app(app)
    from .accounts.models import Department

    reference.watch(Department)  # the org chart (accounts.queries.department_tree)
    from .search.models import outside_metadata  # the search index joins the metadata

    migrate.init_app(
        app,
        db,
        directory=str(resources.migrations_folder()),
        render_as_batch=True,
        include_object=outside_metadata,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    from flask_babel import gettext

    login_manager.localize_callback = gettext
    production = app.config["ENV_NAME"] == "production"
    # Talisman keeps its settings on the instance, so each app gets its own.
    Talisman(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=production,
        session_cookie_secure=production,
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="same-origin",
    )


def register_blueprints(app: Flask) -> None:
    from .accounts import auth_views, department_views, profile_views
    from .accounts import views as people_views
    from .audit import views as audit_views
    from .dashboard import core_panels
    from .dashboard import views as dashboard_views
    from .notifications import views as notification_views
    from .projects import admin_views as _project_settings  # noqa: F401  (its routes)
    from .projects import import_views as _project_imports  # noqa: F401  (its routes)
    from .projects import staffing_views as _project_staffing  # noqa: F401  (its routes)
    from .projects import views as project_views
    from .projects.labels import project_labels
    from .reports import views as project_report_views
    from .training import (  # noqa: F401  (their routes, tables and audit actions)
        attendance_views,
        calendar_views,
        class_views,
        classes,
        enrolment,
        report_views,
        request_views,
    )
    from .training import rows as training_rows
    from .training import views as training_views
    from .training.labels import training_labels

    app.jinja_env.globals.update(
        training_labels=training_labels,
        project_labels=project_labels,
        course_row=training_rows.course_row,
        class_row=training_rows.class_row,
        class_state_badge=training_rows.class_state_badge,
        roster_rows=training_rows.roster_rows,
        calendar_markup=training_rows.calendar_markup,
        competency_options=training_rows.competency_options,
        area_options=training_rows.area_options,
    )
    for module in (
        auth_views,
        people_views,
        department_views,
        profile_views,
        audit_views,
        notification_views,
        dashboard_views,
        calendar_views,
        training_views,
        project_views,
        project_report_views,
    ):
        app.register_blueprint(module.bp)
    if app.config["BENCH_ROUTES"]:
        app.register_blueprint(dashboard_views.bench_bp)
    core_panels.register()
    from .training import panels as training_panels

    training_panels.register()
    from .projects import panels as project_panels
    from .reports import panels as project_report_panels

    project_panels.register()
    project_report_panels.register()
    from .notifications.reminders import register_reminder
    from .training.reminders import advance_classes, lapse_seat_offers, remind_classes

    for reminder in (lapse_seat_offers, remind_classes, advance_classes):
        register_reminder(reminder)
    from .cli import DEMO_SEEDERS, LARGE_SEEDERS
    from .projects.demo import seed_demo_projects
    from .projects.large import seed_large_projects
    from .training.demo import seed_demo_training
    from .training.large import seed_large_training

    for seeder in (seed_large_training, seed_large_projects):
        if seeder not in LARGE_SEEDERS:
            LARGE_SEEDERS.append(seeder)
    for seeder in (seed_demo_training, seed_demo_projects):
        if seeder not in DEMO_SEEDERS:
            DEMO_SEEDERS.append(seeder)


@login_manager.user_loader
def load_user(token: str):
    """Sessions carry "id:session_version"; a deactivated person or a stale version is logged out."""
    from sqlalchemy.orm import selectinload

    from .accounts.models import User

    user_id, _, version = token.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.scalar(
        select(User).options(selectinload(User.role_rows)).where(User.id == int(user_id))
    )
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def refuse_unsafe_start(app: Flask) -> None:
    """Production must have a real secret and no demo accounts (their password is public)."""
    secret = app.config.get("SECRET_KEY") or ""
    if secret.lower() in WEAK_SECRETS or len(secret) < 32:
        raise RuntimeError("Refusing to start: set SECRET_KEY to a random value of 32+ characters.")
    from .accounts.models import User

    with app.app_context():
        try:
            if not inspect(db.engine).has_table(User.__tablename__):
                return
            demo = db.session.scalar(select(User.email).where(User.is_demo.is_(True)).limit(1))
        finally:
            # No connection opened at start-up outlives it (nor is shared by forked workers).
            db.session.remove()
            db.engine.dispose()
    if demo:
        raise RuntimeError(
            f"Refusing to start: demo account {demo} exists. Remove the demo accounts with "
            "`PMO_ENV=development flask --app lms remove-demo` against this database."
        )

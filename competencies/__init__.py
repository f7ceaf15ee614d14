"""Competency frameworks, profiles and development plans."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Connect this package to the app: commands, seed data, blueprints, panels, receivers."""
    from lms.cli import SEEDERS

    from .framework import models  # noqa: F401  (the tables join the metadata)
    from .framework import views as framework_views
    from .framework.cli import framework_cli
    from .framework.seed import seed_default_framework

    app.register_blueprint(framework_views.bp)
    app.cli.add_command(framework_cli)
    if seed_default_framework not in SEEDERS:
        SEEDERS.append(seed_default_framework)

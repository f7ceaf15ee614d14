"""The PM club: its forum and member directory (lessons learned, the expert directory and the
methodology library come in later issues)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Connect this package to the app: blueprints, panels and signal receivers are added here."""
    from lms.cli import DEMO_SEEDERS, LARGE_SEEDERS

    from .club import models as club_models  # noqa: F401  (the tables join the metadata)
    from .club import services as club_services  # noqa: F401  (audit actions)
    from .club import views as club_views
    from .forum import models as forum_models  # noqa: F401
    from .forum import moderation as forum_moderation  # noqa: F401  (audit actions)
    from .forum import moderation_views as forum_moderation_views
    from .forum import rows as forum_rows
    from .forum import views as forum_views
    from .forum.demo import seed_demo_forum
    from .forum.large import seed_large_forum

    app.register_blueprint(club_views.bp)
    app.register_blueprint(forum_views.bp)
    app.register_blueprint(forum_moderation_views.bp)
    app.jinja_env.globals.update(
        topic_row=forum_rows.topic_row,
        post_article=forum_rows.post_article,
        like_button=forum_rows.like_button,
    )
    if seed_large_forum not in LARGE_SEEDERS:
        LARGE_SEEDERS.append(seed_large_forum)
    if seed_demo_forum not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(seed_demo_forum)

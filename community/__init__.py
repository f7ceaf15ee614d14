"""The PM club: its forum, member directory, tag set and lessons learned (the expert directory
and the methodology library come in later issues)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Connect this package to the app: blueprints, panels and signal receivers are added here."""
    from lms.cli import DEMO_SEEDERS, LARGE_SEEDERS, SEEDERS

    from .club import models as club_models  # noqa: F401  (the tables join the metadata)
    from .club import panels as club_panels
    from .club import services as club_services  # noqa: F401  (audit actions)
    from .club import views as club_views
    from .forum import files as forum_files
    from .forum import models as forum_models  # noqa: F401
    from .forum import moderation as forum_moderation  # noqa: F401  (audit actions)
    from .forum import moderation_views as forum_moderation_views
    from .forum import rows as forum_rows
    from .forum import views as forum_views
    from .forum.demo import seed_demo_forum
    from .forum.large import seed_large_forum
    from .lessons import models as lesson_models  # noqa: F401
    from .lessons import panels as lesson_panels
    from .lessons import rows as lesson_rows
    from .lessons import views as lesson_views
    from .lessons.demo import seed_demo_lessons
    from .lessons.large import seed_large_lessons
    from .lessons.services import seed_lessons_category
    from .tags import models as tag_models  # noqa: F401
    from .tags import views as tag_views
    from .tags.services import seed_tags

    app.register_blueprint(club_views.bp)
    club_panels.register()
    app.register_blueprint(forum_views.bp)
    app.register_blueprint(forum_files.bp)
    app.register_blueprint(tag_views.bp)
    app.register_blueprint(lesson_views.bp)
    lesson_panels.register()
    app.register_blueprint(forum_moderation_views.bp)
    app.jinja_env.globals.update(
        topic_row=forum_rows.topic_row,
        post_article=forum_rows.post_article,
        like_button=forum_rows.like_button,
        lesson_texts=lesson_rows.lesson_texts,
    )
    for seeder in (seed_tags, seed_lessons_category):
        if seeder not in SEEDERS:
            SEEDERS.append(seeder)
    for large_seeder in (seed_large_forum, seed_large_lessons):
        if large_seeder not in LARGE_SEEDERS:
            LARGE_SEEDERS.append(large_seeder)
    for demo_seeder in (seed_demo_forum, seed_demo_lessons):
        if demo_seeder not in DEMO_SEEDERS:
            DEMO_SEEDERS.append(demo_seeder)

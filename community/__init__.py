"""The PM club: its forum, member directory and expert directory, tag set, lessons learned and
the methodology library."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Connect this package to the app: blueprints, panels and signal receivers are added here."""
    from lms.cli import DEMO_SEEDERS, LARGE_SEEDERS, SEEDERS
    from lms.notifications.reminders import register_reminder

    from . import receivers
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
    from .library import files as library_files
    from .library import models as library_models  # noqa: F401
    from .library import panels as library_panels
    from .library import rows as library_rows
    from .library import suggestion_views as library_suggestion_views
    from .library import use_views as library_use_views
    from .library import views as library_views
    from .library.demo import seed_demo_library
    from .library.large import seed_large_library
    from .library.reminders import remind_document_owners
    from .library.shipped import seed_library_templates
    from .tags import models as tag_models  # noqa: F401
    from .tags import views as tag_views
    from .tags.services import seed_tags

    receivers.connect()
    app.register_blueprint(club_views.bp)
    club_panels.register()
    app.register_blueprint(forum_views.bp)
    app.register_blueprint(forum_files.bp)
    app.register_blueprint(tag_views.bp)
    app.register_blueprint(lesson_views.bp)
    lesson_panels.register()
    app.register_blueprint(forum_moderation_views.bp)
    app.register_blueprint(library_views.bp)
    app.register_blueprint(library_suggestion_views.bp)
    app.register_blueprint(library_files.bp)
    app.register_blueprint(library_use_views.bp)
    register_reminder(remind_document_owners)
    library_panels.register()
    app.jinja_env.globals.update(
        topic_row=forum_rows.topic_row,
        post_article=forum_rows.post_article,
        like_button=forum_rows.like_button,
        lesson_texts=lesson_rows.lesson_texts,
        document_texts=library_rows.document_texts,
    )
    for seeder in (seed_tags, seed_lessons_category, seed_library_templates):
        if seeder not in SEEDERS:
            SEEDERS.append(seeder)
    for large_seeder in (seed_large_forum, seed_large_lessons, seed_large_library):
        if large_seeder not in LARGE_SEEDERS:
            LARGE_SEEDERS.append(large_seeder)
    for demo_seeder in (seed_demo_forum, seed_demo_lessons, seed_demo_library):
        if demo_seeder not in DEMO_SEEDERS:
            DEMO_SEEDERS.append(demo_seeder)

"""The PM club, forum, lessons learned, methodology library and expert directory (later issues)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Connect this package to the app: blueprints, panels and signal receivers are added here."""

"""Competency frameworks, profiles and development plans (its blueprints arrive with issue 3)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Connect this package to the app: blueprints, panels and signal receivers are added here."""

"""PMO Academy: the host application and the shared platform (people, auth, audit, notifications)."""

from .app import create_app

__all__ = ["create_app"]

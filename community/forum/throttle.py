"""How often one person may post (new topics and replies together): FORUM_POSTS_PER_MINUTE and
FORUM_POSTS_PER_HOUR, counted in the site's rate-limit storage (Redis when configured, so every
worker shares one count) and keyed by the person, not their address. Off when the limiter is
(RATELIMIT_ENABLED)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from limits import RateLimitItemPerHour, RateLimitItemPerMinute

from lms.errors import ServiceError
from lms.extensions import limiter
from lms.i18n import gettext as _


def _limits() -> list:
    config = current_app.config
    return [
        RateLimitItemPerMinute(int(config["FORUM_POSTS_PER_MINUTE"])),
        RateLimitItemPerHour(int(config["FORUM_POSTS_PER_HOUR"])),
    ]


def _counted(user) -> bool:
    """Count one post of the person's; False when it is one too many."""
    key = (current_app.config.get("RATELIMIT_KEY_PREFIX", ""), "forum-post", str(user.id))
    return all([limiter.limiter.hit(item, *key) for item in _limits()])


def throttled(user, post: Callable[[], Any]) -> Any:
    """Run `post` (a service writing a topic or reply), then count it: one too many raises a
    ServiceError on the text field, which the view's transaction rolls back — nothing is
    posted and the writer's text (and their server-side draft) is kept."""
    result = post()
    if limiter.enabled and not _counted(user):
        raise ServiceError(
            _("You are posting very fast. Wait a minute, then send it again: your text is kept."),
            field="body",
        )
    return result

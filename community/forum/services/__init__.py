"""The forum's rules, one module per kind of work: categories, posting (starting a topic,
replying, attaching), reading (each reader's place and level), editing (revisions, drafts),
reactions (likes, accepted answers) and visibility (pin, lock, hide, show, flags). Each service
checks its predicate first and writes in the caller's transaction. Callers use them as
`services.<name>`."""

from .categories import save_category, set_category_level
from .editing import DRAFT_KEY, GRACE, discard_draft, edit_post, restore_revision, save_draft
from .posting import (
    BODY_MAX,
    BODY_MIN,
    TITLE_MAX,
    TITLE_MIN,
    attach_file,
    attachment_markdown,
    reply_to_topic,
    start_topic,
)
from .reactions import accept_answer, like_post, unaccept_answer, unlike_post
from .reading import mark_topic_read, set_topic_level
from .visibility import (
    hide_post,
    hide_topic,
    lock_topic,
    pin_topic,
    resolve_flags,
    set_topic_hidden,
    show_post,
    show_topic,
    unlock_topic,
    unpin_topic,
)

__all__ = [
    "BODY_MAX",
    "BODY_MIN",
    "DRAFT_KEY",
    "GRACE",
    "TITLE_MAX",
    "TITLE_MIN",
    "accept_answer",
    "attach_file",
    "attachment_markdown",
    "discard_draft",
    "edit_post",
    "hide_post",
    "hide_topic",
    "like_post",
    "lock_topic",
    "mark_topic_read",
    "pin_topic",
    "reply_to_topic",
    "resolve_flags",
    "restore_revision",
    "save_category",
    "save_draft",
    "set_category_level",
    "set_topic_hidden",
    "set_topic_level",
    "show_post",
    "show_topic",
    "start_topic",
    "unaccept_answer",
    "unlike_post",
    "unlock_topic",
    "unpin_topic",
]

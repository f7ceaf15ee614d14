"""@mentions: a member is mentioned by the part of their e-mail address before the @ (their
handle, shown in the member directory), e.g. @paula.reyes. Mentions are found in a post's
sanitised HTML (never inside code or a link), linked to the member, and each newly mentioned
member who may read the topic is told."""

from __future__ import annotations

import re

from markupsafe import escape
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.extensions import db
from lms.notifications.services import link_to

HANDLE = r"[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?"
MENTION = re.compile(rf"(?<![\w@/.&])@({HANDLE})(?![\w@-])", re.IGNORECASE)
_PIECES = re.compile(r"(<[^>]+>)")
_SKIP = {"a", "code", "pre"}


def handle_of(email: str) -> str:
    return email.partition("@")[0].lower()


def _text_pieces(html: str):
    """(piece, is_text_to_scan) for each piece of `html`: tags, and text outside code and
    links."""
    depth = 0
    for piece in _PIECES.split(html):
        if piece.startswith("<"):
            name = piece.strip("</>").split()[0].lower() if piece.strip("</>") else ""
            if name in _SKIP:
                depth += -1 if piece.startswith("</") else 1
            yield piece, False
        else:
            yield piece, depth == 0


def handles_in(html: str) -> set[str]:
    return {
        match.group(1).lower()
        for piece, scan in _text_pieces(html)
        if scan
        for match in MENTION.finditer(piece)
    }


def people_for(handles: set[str]) -> dict[str, User]:
    """The active people those handles name (one statement; an unknown handle names nobody)."""
    if not handles:
        return {}
    found = db.session.scalars(
        select(User)
        .where(User.is_active, func.lower(User.email).like("%@%"))
        .where(func.lower(func.substr(User.email, 1, func.instr(User.email, "@") - 1)).in_(handles))
        if db.session.get_bind().dialect.name == "sqlite"
        else select(User).where(
            User.is_active, func.lower(func.split_part(User.email, "@", 1)).in_(handles)
        )
    ).all()
    return {handle_of(person.email): person for person in found}


def link_mentions(html: str, people: dict[str, User]) -> str:
    """The post's HTML with each mention of a known member linked to them in the directory."""
    if not people:
        return html

    def linked(match: re.Match) -> str:
        person = people.get(match.group(1).lower())
        if person is None:
            return match.group(0)
        href = link_to("club.members", q=person.name)
        return f'<a class="mention" href="{escape(href)}">@{escape(match.group(1))}</a>'

    return "".join(
        MENTION.sub(linked, piece) if scan else piece for piece, scan in _text_pieces(html)
    )

"""What a signal's receiver did in turn, as data: an `Outcome` (what, how many).

Receivers return data, never UI text: the request that sent the signal turns outcomes into
sentences in its reader's language, from the texts the receiver's package registered with
`describe`. So a command or an importer can send the same signal and read counts instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import ngettext

_TEXTS: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True)
class Outcome:
    what: str  # a key registered with `describe`, e.g. "careers.levels_copied"
    count: int


def describe(what: str, singular: str, plural: str) -> None:
    """Register the sentence for an outcome; `%(num)d` is its count (marked with N_)."""
    _TEXTS[what] = (singular, plural)


def sentence(outcome: Outcome) -> str:
    singular, plural = _TEXTS[outcome.what]
    return ngettext(singular, plural, outcome.count)


def outcomes_of(replies: Iterable[tuple[object, object]]) -> list[Outcome]:
    """The outcomes in a blinker `send` result, in receiver order; zero counts left out."""
    found: list[Outcome] = []
    for _receiver, reply in replies:
        found.extend(o for o in (reply or []) if isinstance(o, Outcome) and o.count)
    return found

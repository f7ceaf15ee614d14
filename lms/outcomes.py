"""What a signal's receiver did in turn, as data: an `Outcome` (what, how many).

Receivers return data, never UI text: the request that sent the signal turns outcomes into
sentences in its reader's language, from the texts the receiver's package registered with
`describe`. So a command or an importer can send the same signal and read counts instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

_TEXTS: dict[str, Callable[[int], str]] = {}


@dataclass(frozen=True)
class Outcome:
    what: str  # a key registered with `describe`, e.g. "careers.levels_copied"
    count: int


def describe(what: str, text: Callable[[int], str]) -> None:
    """Register how to say an outcome: `text(count)`, e.g. `lambda n: ngettext(..., n)`, called
    when it is shown, so it is said in the reader's language."""
    _TEXTS[what] = text


def sentence(outcome: Outcome) -> str:
    return _TEXTS[outcome.what](outcome.count)


def outcomes_of(replies: Iterable[tuple[object, object]]) -> list[Outcome]:
    """The outcomes in a blinker `send` result, in receiver order; zero counts left out."""
    found: list[Outcome] = []
    for _receiver, reply in replies:
        found.extend(o for o in (reply or []) if isinstance(o, Outcome) and o.count)
    return found

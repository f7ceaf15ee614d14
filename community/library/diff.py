"""What changed between two texts, line by line: the rows of an inline diff (kept, removed,
added), each with its line numbers in the old and the new text, and the kept lines far from
any change folded away, as code review tools show it."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

CONTEXT = 3  # unchanged lines kept around each change


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "removed", "added" or "fold" (unchanged lines left out)
    old_number: int | None
    new_number: int | None
    text: str


def line_diff(old: str, new: str, context: int = CONTEXT) -> list[DiffLine]:
    """The lines of `new` against `old`: removed lines before the lines that replace them."""
    before, after = old.splitlines(), new.splitlines()
    rows: list[DiffLine] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                DiffLine("same", i1 + k + 1, j1 + k + 1, before[i1 + k]) for k in range(i2 - i1)
            ]
            continue
        rows += [DiffLine("removed", i + 1, None, before[i]) for i in range(i1, i2)]
        rows += [DiffLine("added", None, j + 1, after[j]) for j in range(j1, j2)]
    return _folded(rows, context)


def revision_diff(old, new) -> list[DiffLine]:
    """Two versions of a document's text (anything with a title and a body), title first."""
    return line_diff(f"{old.title}\n\n{old.body}", f"{new.title}\n\n{new.body}")


def changed_lines(rows: list[DiffLine]) -> int:
    return sum(1 for row in rows if row.kind in ("removed", "added"))


def _folded(rows: list[DiffLine], context: int) -> list[DiffLine]:
    changed = [i for i, row in enumerate(rows) if row.kind != "same"]
    if not changed:
        return []
    keep = set()
    for i in changed:
        keep.update(range(max(i - context, 0), min(i + context + 1, len(rows))))
    folded: list[DiffLine] = []
    skipped = 0
    for i, row in enumerate(rows):
        if i in keep:
            if skipped:
                folded.append(DiffLine("fold", None, None, str(skipped)))
                skipped = 0
            folded.append(row)
        else:
            skipped += 1
    if skipped:
        folded.append(DiffLine("fold", None, None, str(skipped)))
    return folded

"""Text as the search index sees it. Latin words are kept as they are (the databases' own
tokenizers fold case and accents); each run of Chinese (or Japanese, Korean) characters becomes
its overlapping character pairs, so a two-character word such as 风险 is a token of its own and
a longer one (风险管理) is the phrase of its pairs — no dictionary needed, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import re

CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_RUN = re.compile(f"[{CJK}]+")
# A Latin word is matched by its first letters: "mitigation" finds mitigate and mitigating too
# (a cheap stemming), and each prefix is a word list of its own in the SQLite index.
PREFIX_LENGTH = 6
_TOKEN = re.compile(rf"[{CJK}]+|[^\W_]+", re.UNICODE)


def _pairs(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def index_words(text: str) -> str:
    """`text` with each run of CJK characters replaced by its pairs, space-separated."""
    spaced = _RUN.sub(lambda match: " " + " ".join(_pairs(match.group(0))) + " ", text)
    return " ".join(spaced.split())


def query_terms(text: str, limit: int = 12) -> list[list[str]]:
    """What someone typed as terms that must all match: a Latin word is [its first
    PREFIX_LENGTH letters] (matched as a prefix), a CJK run is the list of its pairs (matched
    as a phrase)."""
    terms = []
    for token in _TOKEN.findall(text.lower()):
        terms.append(_pairs(token) if _RUN.fullmatch(token) else [token[:PREFIX_LENGTH]])
        if len(terms) == limit:
            break
    return terms

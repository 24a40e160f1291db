"""The words of a text with their character spans, each also in normalised form.

Extraction scans words, not characters: each rule looks at a window of words and reports the
span from the first word's start to the last word's end in the original text, so highlights in
the review page land on the writer's own characters whatever the normaliser folded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from sijill.text.normalise import normalise

# Letters and digits of any script, with Arabic marks and tatweel inside a word; a hyphen or an
# apostrophe splits words (al-Raqqa -> al, Raqqa) so articles stand apart.
_WORD = re.compile(r"[^\W_][\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*", re.UNICODE)
# Punctuation that ends a clause: no name, date or count spans it.
_BREAK = re.compile(r"[.;:!?()\[\]{}\"«»“”\n،؛؟|]")


class Word(NamedTuple):  # a tuple: a text has thousands, and a frozen dataclass is slow to build
    raw: str
    norm: str  # through the shared normaliser: folded letters, ASCII digits, lower case
    start: int
    end: int
    broken: bool  # clause punctuation stands between this word and the previous one
    capital: bool  # Latin word written with a capital first letter


@lru_cache(maxsize=200_000)
def _norm(raw: str) -> str:
    return "".join(normalise(raw).split())


def words(text: str) -> list[Word]:
    """Every word of the text in order."""
    out: list[Word] = []
    last = 0
    for m in _WORD.finditer(text):
        raw = m.group()
        gap = text[last : m.start()]
        last = m.end()
        norm = _norm(raw)
        if not norm:
            continue
        out.append(Word(raw, norm, m.start(), m.end(), bool(_BREAK.search(gap)) or not out, raw[:1].isupper()))
    return out

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
# apostrophe splits words (al-Raqqa -> al, Raqqa) so articles stand apart, and so does the
# underscore of a hashtag (#ريف_ادلب_الجنوبي -> ريف, ادلب, الجنوبي). A word is in one script:
# where Arabic letters meet Latin letters or digits with no space ("@SyriaCivilDefeمقتل",
# "Publicاستشهاد", "و4"), as copied pages glue a name or a stamp to the text, two words begin.
_AR = "\u0621-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc"
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_WORD = re.compile(rf"[{_AR}\u0640][{_AR}{_MARKS}]*|[^\W_{_AR}{_MARKS}](?:[^\W_{_AR}{_MARKS}]|[{_MARKS}])*", re.UNICODE)
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


_TATWEEL = "\u0640"
_APART = re.compile(r"[\s.\u200c\u200d]+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


def _broken_spelling(prev: str, gap: str, raw: str) -> bool:
    """Is `prev gap raw` one word written apart to slip past filters ("مقـ ـتل", "قـ.ـتـ.ل", "استشها.د")?

    Joined: tatweel on both sides of spaces; a dot (or dots) with tatweel on either side; a dot
    between Arabic letters when one side is a single letter. Not joined: a tatweel only before a
    space ("كـ قوة", "لـ قسد", how people write a detached preposition) and a dot between two words
    ("بهم.وقد", a missing space after a full stop).
    """
    if len(gap) > 3 or gap.strip(" .\u200c\u200d") or not _ARABIC_LETTER.match(prev[-2:-1] or prev[-1:])\
            and not prev.endswith(_TATWEEL):
        return False
    left, right = prev.endswith(_TATWEEL), raw.startswith(_TATWEEL)
    if "." in gap:
        if left or right:
            return True
        letters = (len(prev.replace(_TATWEEL, "")), len(raw.replace(_TATWEEL, "")))
        return gap == "." and min(letters) == 1 and bool(_ARABIC_LETTER.match(raw[:1]))
    return left and right


def words(text: str) -> list[Word]:
    """Every word of the text in order; a word written apart with tatweel or dots is joined back."""
    out: list[Word] = []
    append = out.append
    new = tuple.__new__  # a Word per word: skips the NamedTuple constructor's Python frame
    last = 0
    tatweel = _TATWEEL in text
    for m in _WORD.finditer(text):
        raw = m.group()
        start, end = m.span()
        gap = text[last:start]
        last = end
        if (gap == "." or tatweel and gap and out and (raw[0] == _TATWEEL or out[-1].raw[-1] == _TATWEEL)) \
                and out and _broken_spelling(out[-1].raw, gap, raw):
            prev = out[-1]
            joined = text[prev.start : end]
            out[-1] = Word(joined, _norm(_APART.sub("", joined)) or prev.norm, prev.start, end,
                           prev.broken, prev.capital)
            continue
        norm = _norm(raw)
        if not norm:
            if raw.strip(_TATWEEL) == "" and out and not gap.strip(" ."):
                # a lone tatweel between dots ("أنصـ.ـ.ـار") belongs to the word before it
                prev = out[-1]
                out[-1] = Word(text[prev.start : end], prev.norm, prev.start, end, prev.broken, prev.capital)
            continue
        broken = gap != " " and _BREAK.search(gap) is not None or not out
        append(new(Word, (raw, norm, start, end, broken, raw[:1].isupper())))
    return out

"""Names of victims where a report lists them.

Arabic reports name the dead after a title word ("الشهيد محمد أحمد العلي", "الطفلة سارة ...") or
in a list after "وهم:"; English reports after "identified as", "named as" or "the victims were".
A name is two to five name words; it stops at punctuation, a number, or a word that is not
part of a name (a verb, a preposition, "from", "في").
"""

from __future__ import annotations

import re

_AR_TITLES = r"(?:الشهيد|الشهيده|الشهيدة|الطفل|الطفلة|الطفله|الشاب|الشابة|الشابه|المدني|المدنية|السيدة|السيده|المواطن|المواطنة|الشهداء|الضحايا)"
_AR_NAME_WORD = r"[\u0621-\u064a][\u0621-\u064a\u064b-\u0652]+"
_AR_STOP = frozenset({
    "في", "من", "على", "الى", "إلى", "عن", "بعد", "قبل", "اثر", "إثر", "جراء", "نتيجة", "بسبب", "الذي",
    "التي", "وهو", "وهي", "كان", "كانت", "عمره", "عمرها", "العمر", "البالغ", "البالغة", "متأثرا", "متأثرة",
    "بجراحه", "بقصف", "برصاص", "بلدة", "قرية", "مدينة", "حي", "ريف", "وذلك", "خلال", "اليوم", "أمس",
    "امس", "وهم", "هم", "منهم", "بينهم", "مع", "وطفله", "وزوجته", "وابنه", "وابنته", "ينحدر",
})
# Words are separated by mandatory whitespace or commas, so no run of letters can be split two ways
# (which would make matching exponential on long texts without spaces).
_AR_TITLED = re.compile(rf"(?<![\u0621-\u064a]){_AR_TITLES}\s*:?\s+({_AR_NAME_WORD}(?:\s+{_AR_NAME_WORD}){{1,4}})")
_AR_LIST = re.compile(rf"(?:وهم|هم|وهي|أسماؤهم|اسماؤهم|أسماء\s+الضحايا)\s*:\s*({_AR_NAME_WORD}(?:[\s،,]+{_AR_NAME_WORD}){{1,40}})")
_EN_NAME = r"[A-Z][a-z'’-]+(?:\s+(?:al|el|bin|abu|ibn)[- ]?)?(?:\s+[A-Z][a-z'’-]+){1,4}"
_EN_LIST = re.compile(rf"(?:identified as|named as|names? (?:were|was|are|is)|victims (?:were|are))\s*:?\s*((?:{_EN_NAME}(?:\s*,\s*|\s+and\s+)?)+)")


def _ar_names(group: str, offset: int) -> list[tuple[str, int, int]]:
    out = []
    for m in re.finditer(r"[^،,:]+", group):
        chunk_start = offset + m.start()
        words = list(re.finditer(_AR_NAME_WORD, m.group()))
        kept = []
        for w in words:
            token = w.group()
            if token in _AR_STOP:
                break
            if kept and token.startswith("و") and len(kept) >= 2 and token[1:2] != "ل":
                break  # "و" joins the next name of a list
            kept.append(w)
            if len(kept) == 5:
                break
        if len(kept) >= 2:
            s, e = chunk_start + kept[0].start(), chunk_start + kept[-1].end()
            out.append((s, e))
    return out


def find_victims(text: str) -> list[dict]:
    found: list[tuple[int, int, float]] = []
    for m in _AR_TITLED.finditer(text):
        for s, e in _ar_names(m.group(1), m.start(1))[:1]:
            found.append((s, e, 0.6))
    for m in _AR_LIST.finditer(text):
        for s, e in _ar_names(m.group(1), m.start(1)):
            found.append((s, e, 0.55))
    for m in _EN_LIST.finditer(text):
        for n in re.finditer(_EN_NAME, m.group(1)):
            found.append((m.start(1) + n.start(), m.start(1) + n.end(), 0.6))
    out, last_end = [], -1
    for s, e, confidence in sorted(found):
        if s < last_end:
            continue
        last_end = e
        out.append({"text": text[s:e], "span": [s, e], "name": text[s:e], "confidence": confidence})
    return out

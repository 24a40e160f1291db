"""Numbers as reports write them: digits of any script (folded by the normaliser), English and
Arabic number words, compounds ("twenty-five", "خمسة وعشرون"), and vague quantities ("dozens").

`number_at(ws, i)` reads the number starting at word i and says how many words it used.
"""

from __future__ import annotations

import re

from sijill.extraction.words import Word

EN_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
           "eighty": 80, "ninety": 90}
AR_UNITS = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتين": 2, "اثنتان": 2, "ثلاث": 3, "ثلاثه": 3,
    "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8,
    "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
}
AR_TEENS_FIRST = {"احد": 1, "احدي": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2, **AR_UNITS}
AR_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40, "خمسون": 50,
    "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90,
}
AR_HUNDREDS = {"مئه": 100, "مائه": 100, "مئتين": 200, "مئتان": 200, "مائتين": 200, "مائتان": 200}
# Vague quantities: (min, max)
VAGUE = {
    "dozens": (24, None), "scores": (40, None), "hundreds": (200, None), "thousands": (2000, None),
    "dozen": (12, 12), "several": (3, None), "عشرات": (20, None), "مئات": (200, None),
    "الاف": (2000, None), "عده": (3, None),
}
_DIGITS = re.compile(r"^\d{1,7}$")
# The words a written number may begin with (besides digits): a word outside these and not
# starting with a digit is no number, and rules scanning for numbers pass it over at once.
NUMBER_WORDS = frozenset({*EN_UNITS, *EN_TENS, *VAGUE, "عدد", "number", *AR_TENS, *AR_HUNDREDS, *AR_TEENS_FIRST})


def _strip_waw(norm: str) -> str:
    return norm[1:] if norm.startswith("و") and len(norm) > 2 else norm


def number_at(ws: list[Word], i: int) -> tuple[int, int | None, int] | None:
    """(min, max, words used) for the number starting at word i, or None.

    max is None for open quantities ("dozens"); exact numbers have min == max.
    """
    w = ws[i].norm
    if _DIGITS.match(w):
        value, used = int(w), 1
        # "1,200" / "1.200" written with a thousands separator
        if i + 1 < len(ws) and len(ws[i + 1].norm) == 3 and ws[i + 1].norm.isdigit() and ws[i].end + 1 == ws[i + 1].start:
            value, used = value * 1000 + int(ws[i + 1].norm), 2
        return value, value, used
    if w in EN_UNITS or w in EN_TENS:
        value = EN_UNITS.get(w) or EN_TENS[w]
        used = 1
        if w in EN_TENS and i + 1 < len(ws) and ws[i + 1].norm in EN_UNITS and EN_UNITS[ws[i + 1].norm] < 10:
            value += EN_UNITS[ws[i + 1].norm]
            used = 2
        if i + used < len(ws) and ws[i + used].norm == "hundred":
            value *= 100
            used += 1
        return value, value, used
    if w in VAGUE:
        lo, hi = VAGUE[w]
        return lo, hi, 1
    if w in ("عدد", "number") and i + 1 < len(ws) and ws[i + 1].norm in ("من", "of") and (
            w == "عدد" or i > 0 and ws[i - 1].norm == "a"):
        return 3, None, 2  # "عدد من المدنيين", "a number of civilians": several
    if w in AR_TENS:
        return AR_TENS[w], AR_TENS[w], 1
    if w in AR_HUNDREDS:
        return AR_HUNDREDS[w], AR_HUNDREDS[w], 1
    if w in AR_TEENS_FIRST:
        unit = AR_TEENS_FIRST[w]
        if i + 1 < len(ws):
            nxt = ws[i + 1].norm
            if nxt in ("عشر", "عشره") and unit < 10:
                return 10 + unit, 10 + unit, 2
            tens = AR_TENS.get(_strip_waw(nxt)) if nxt.startswith("و") else None
            if tens and unit < 10:
                return unit + tens, unit + tens, 2
        if w in AR_UNITS:
            return unit, unit, 1
    return None

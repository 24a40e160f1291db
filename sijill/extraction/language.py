"""Which language a report is written in: Arabic, English, or mixed."""

from __future__ import annotations

import re

# Runs of letters of each script: counting runs' lengths is the letter count, with far fewer matches.
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# A report is mixed when the minority script holds at least this share of the letters.
MIXED_SHARE = 0.2


def detect_language(text: str) -> str:
    """"ar", "en", "mixed", or "und" when the text has no letters of either script.

    Letters are counted per script over the first 20,000 characters (enough to decide, and
    bounded for very long texts); Latin letters are taken as English.
    """
    sample = text[:20_000]
    arabic = sum(map(len, _ARABIC.findall(sample)))
    latin = sum(map(len, _LATIN.findall(sample)))
    total = arabic + latin
    if total == 0:
        return "und"
    if min(arabic, latin) / total >= MIXED_SHARE:
        return "mixed"
    return "ar" if arabic > latin else "en"

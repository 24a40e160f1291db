"""Violation types and weapons named in a text, as codes of the seeded vocabularies.

Each entry of the lexicon is a phrase in normalised words (English or Arabic, an Arabic word
also matched with a joined و/ب/ل/ف and with or without its article) and the violation type and
weapon codes it indicates (`vocabularies/migrations/0002_seed_terms.py`). Where a phrase names a
weapon only, the type is the usual one for it (an airstrike on a town is an indiscriminate attack
until an analyst says otherwise).
"""

from __future__ import annotations

from functools import lru_cache

from sijill.extraction.words import Word
from sijill.text.normalise import normalise

# phrase -> (violation type code, weapon code or None)
LEXICON: dict[str, tuple[str, str | None]] = {
    # air
    "airstrike": ("indiscriminate-attack", "airstrike"), "airstrikes": ("indiscriminate-attack", "airstrike"),
    "air strike": ("indiscriminate-attack", "airstrike"), "air strikes": ("indiscriminate-attack", "airstrike"),
    "air raid": ("indiscriminate-attack", "airstrike"), "air raids": ("indiscriminate-attack", "airstrike"),
    "warplanes": ("indiscriminate-attack", "airstrike"), "bombing": ("indiscriminate-attack", "airstrike"),
    "bombardment": ("indiscriminate-attack", "airstrike"), "غاره": ("indiscriminate-attack", "airstrike"),
    "غارات": ("indiscriminate-attack", "airstrike"), "غارتين": ("indiscriminate-attack", "airstrike"),
    "قصف جوي": ("indiscriminate-attack", "airstrike"), "طيران حربي": ("indiscriminate-attack", "airstrike"),
    "barrel bomb": ("indiscriminate-attack", "barrel-bomb"), "barrel bombs": ("indiscriminate-attack", "barrel-bomb"),
    "برميل": ("indiscriminate-attack", "barrel-bomb"), "براميل": ("indiscriminate-attack", "barrel-bomb"),
    "طائرات": ("indiscriminate-attack", "airstrike"), "طيران": ("indiscriminate-attack", "airstrike"),
    "مقاتلات": ("indiscriminate-attack", "airstrike"), "قصف الطيران": ("indiscriminate-attack", "airstrike"),
    "drone": ("indiscriminate-attack", "drone"), "drones": ("indiscriminate-attack", "drone"),
    "مسيره": ("indiscriminate-attack", "drone"), "مسيرات": ("indiscriminate-attack", "drone"),
    # ground fire
    "shelling": ("indiscriminate-attack", "artillery"), "artillery": ("indiscriminate-attack", "artillery"),
    "shelled": ("indiscriminate-attack", "artillery"), "قصف مدفعي": ("indiscriminate-attack", "artillery"),
    "مدفعي": ("indiscriminate-attack", "artillery"), "مدفعيه": ("indiscriminate-attack", "artillery"),
    "قصف صاروخي": ("indiscriminate-attack", "rocket"), "rockets": ("indiscriminate-attack", "rocket"),
    "rocket": ("indiscriminate-attack", "rocket"), "صواريخ": ("indiscriminate-attack", "rocket"),
    "mortar": ("indiscriminate-attack", "mortar"), "mortars": ("indiscriminate-attack", "mortar"),
    "هاون": ("indiscriminate-attack", "mortar"), "ballistic missile": ("indiscriminate-attack", "ballistic-missile"),
    "cluster": ("prohibited-weapons", "cluster"), "عنقوديه": ("prohibited-weapons", "cluster"),
    "incendiary": ("prohibited-weapons", "incendiary"), "حارقه": ("prohibited-weapons", "incendiary"),
    "فوسفور": ("prohibited-weapons", "incendiary"), "phosphorus": ("prohibited-weapons", "incendiary"),
    "napalm": ("prohibited-weapons", "incendiary"),
    # chemical
    "chemical": ("prohibited-weapons", "chemical"), "sarin": ("prohibited-weapons", "chemical"),
    "chlorine": ("prohibited-weapons", "chemical"), "nerve agent": ("prohibited-weapons", "chemical"),
    "toxic gas": ("prohibited-weapons", "chemical"), "poison gas": ("prohibited-weapons", "chemical"),
    "كيماوي": ("prohibited-weapons", "chemical"), "كيميائي": ("prohibited-weapons", "chemical"),
    "كيميائيه": ("prohibited-weapons", "chemical"), "كيماويه": ("prohibited-weapons", "chemical"),
    "غاز سام": ("prohibited-weapons", "chemical"), "غازات سامه": ("prohibited-weapons", "chemical"),
    "السارين": ("prohibited-weapons", "chemical"), "الكلور": ("prohibited-weapons", "chemical"),
    # explosives
    "car bomb": ("attack-on-civilians", "car-bomb"), "سياره مفخخه": ("attack-on-civilians", "car-bomb"),
    "مفخخه": ("attack-on-civilians", "car-bomb"), "suicide bomber": ("attack-on-civilians", "suicide-attack"),
    "suicide attack": ("attack-on-civilians", "suicide-attack"), "انتحاري": ("attack-on-civilians", "suicide-attack"),
    "landmine": ("killing", "landmine"), "landmines": ("killing", "landmine"), "mine": ("killing", "landmine"),
    "لغم": ("killing", "landmine"), "الغام": ("killing", "landmine"), "ied": ("killing", "landmine"),
    "عبوه ناسفه": ("killing", "landmine"), "explosive device": ("killing", "landmine"),
    "explosion": ("killing", None), "انفجار": ("killing", None),
    # direct killing, arms
    "execution": ("execution", None), "executed": ("execution", None), "executions": ("execution", None),
    "beheaded": ("execution", "knife"), "beheading": ("execution", "knife"), "اعدام": ("execution", None),
    "اعدم": ("execution", None), "اعدمت": ("execution", None), "ذبح": ("execution", "knife"),
    "shot dead": ("killing", "small-arms"), "gunfire": ("killing", "small-arms"), "shooting": ("killing", "small-arms"),
    "اطلاق نار": ("killing", "small-arms"), "رصاص": ("killing", "small-arms"), "sniper": ("killing", "sniper"),
    "قناص": ("killing", "sniper"), "قنص": ("killing", "sniper"), "massacre": ("killing", None), "مجزره": ("killing", None),
    # liberty
    "detention": ("arbitrary-detention", None), "detained": ("arbitrary-detention", None),
    "arrested": ("arbitrary-detention", None), "arrest": ("arbitrary-detention", None),
    "arrests": ("arbitrary-detention", None), "اعتقال": ("arbitrary-detention", None),
    "اعتقل": ("arbitrary-detention", None), "اعتقلت": ("arbitrary-detention", None),
    "حمله اعتقالات": ("arbitrary-detention", None), "اعتقالات": ("arbitrary-detention", None),
    "مداهمات": ("arbitrary-detention", None), "kidnapping": ("kidnapping", None), "kidnapped": ("kidnapping", None),
    "abducted": ("kidnapping", None), "abduction": ("kidnapping", None), "hostage": ("kidnapping", None),
    "خطف": ("kidnapping", None), "اختطاف": ("kidnapping", None), "اختطف": ("kidnapping", None),
    "disappeared": ("enforced-disappearance", None), "اخفاء قسري": ("enforced-disappearance", None),
    "torture": ("torture", None), "tortured": ("torture", None), "تعذيب": ("torture", None),
    "under torture": ("death-under-torture", None), "تحت التعذيب": ("death-under-torture", None),
    # displacement, siege, property
    "displacement": ("forced-displacement", None), "displaced": ("forced-displacement", None),
    "تهجير": ("forced-displacement", None), "نزوح": ("forced-displacement", None),
    "تهجير قسري": ("forced-displacement", None), "siege": ("siege", None), "besieged": ("siege", None),
    "حصار": ("siege", None), "starvation": ("siege", "starvation"), "looting": ("pillage", None),
    "looted": ("pillage", None), "نهب": ("pillage", None), "سرقه": ("pillage", None),
    "hospital": ("attack-on-medical", None), "مشفي": ("attack-on-medical", None), "مستشفي": ("attack-on-medical", None),
    "school": ("attack-on-school", None), "مدرسه": ("attack-on-school", None),
    "recruitment of children": ("child-recruitment", None), "تجنيد الاطفال": ("child-recruitment", None),
    "rape": ("sexual-violence", None), "اغتصاب": ("sexual-violence", None),
}
# The table is written as people write; lookups are on normalised words (ئ -> ي, ة -> ه ...).
LEXICON = {normalise(phrase): codes for phrase, codes in LEXICON.items()}
MAX_PHRASE = max(len(p.split()) for p in LEXICON)
# Targets (hospital, school) are violations only when struck; elsewhere they are just places.
_TARGETS = frozenset({"attack-on-medical", "attack-on-school"})
_STRIKE_WORDS = frozenset({
    "struck", "hit", "targeted", "bombed", "shelled", "strike", "attack", "destroyed", "استهداف", "استهدف",
    "استهدفت", "قصف", "غاره", "طال", "دمار", "تدمير",
})


@lru_cache(maxsize=100_000)
def _forms(norm: str) -> tuple[str, ...]:
    out = [norm]
    if norm[:1] in "وبلف" and len(norm) > 3 and not norm.isascii():
        out.append(norm[1:])
    for f in list(out):
        if f.startswith("ال") and len(f) > 4:
            out.append(f[2:])
    return tuple(out)


@lru_cache(maxsize=100_000)
def _opens_phrase(norm: str) -> bool:
    """Can a lexicon phrase begin at a word normalised to `norm` (in one of its `_forms`)?"""
    # Every form is an ending of the word: most words have none in the lexicon, and are answered
    # without reading their forms.
    return any(norm[k:] in _FIRST_WORDS for k in range(max(0, len(norm) - _LONGEST_FIRST), len(norm))) \
        and any(f in _FIRST_WORDS for f in _forms(norm))


def find_violations(text: str, ws: list[Word]) -> list[dict]:
    out = []
    n = len(ws)
    free = 0  # the first word not inside a phrase already read
    for i in [k for k, w in enumerate(ws) if _opens_phrase(w.norm)]:
        if i < free:
            continue
        hit = None
        for size in range(min(MAX_PHRASE, n - i), 0, -1):
            if any(ws[k].broken for k in range(i + 1, i + size)):
                continue
            rest_forms = [next((f for f in _forms(ws[k].norm) if f in _ALL_WORDS), ws[k].norm)
                          for k in range(i + 1, i + size)]
            for first in _forms(ws[i].norm):
                phrase = " ".join([first, *rest_forms])
                if phrase in LEXICON:
                    hit = (size, LEXICON[phrase])
                    break
            if hit:
                break
        if not hit:
            continue
        size, (vtype, weapon) = hit
        if vtype in _TARGETS:
            near = {f for k in range(max(0, i - 4), min(n, i + 4)) for f in _forms(ws[k].norm)}
            if not near & _STRIKE_WORDS:
                free = i + size
                continue
        start, end = ws[i].start, ws[i + size - 1].end
        out.append({"text": text[start:end], "span": [start, end], "type": vtype, "method": weapon,
                    "confidence": 0.8 if weapon else 0.7})
        free = i + size
    return out


_ALL_WORDS = frozenset(w for p in LEXICON for w in p.split())
_FIRST_WORDS = frozenset(p.split()[0] for p in LEXICON)
_LONGEST_FIRST = max(map(len, _FIRST_WORDS))

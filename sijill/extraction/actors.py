"""Actors named in a text, through the alias table, and named units the table does not hold.

The alias table is `data/actors.json`, generated from the actor seed migration by
`bench/extraction/build_actor_table.py` (this package may not import Django); the drafts app may
pass instead an `ActorResolver` built from the database with `actor_table` rows of its own.

A named unit that is not in the table ("Battalion al-Battar", "كتيبة البتار") is reported with
`actor` None, `unseeded` True, and the seeded actor it belongs to as `parent` when the text says
so: a possessive or "of"/"التابعة ل" next to it (confidence 0.8), or else the nearest actor named in
the same sentence (confidence 0.5, for the analyst to confirm).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sijill.actors.resolver import ActorResolver
from sijill.extraction.spans import SpanSet
from sijill.extraction.words import Word

CHUNK = 4000
DATA_FILE = Path(__file__).resolve().parent / "data" / "actors.json"

_UNIT_WORDS_EN = ("Battalion", "Battalions", "Brigade", "Brigades", "Regiment", "Katiba", "Katibat",
                  "Liwa", "Kataib", "Squadron", "Company", "Legion", "Corps")
_UNIT_WORDS_AR = ("كتيبة", "كتيبه", "كتائب", "لواء", "ألوية", "الوية", "سرية", "سريه", "فوج", "فيلق")
_NAME_EN = r"(?:(?:al|el|ash|as|ad|at|ar|az)-)?[A-Z][\w-]+"
_UNIT_EN = re.compile(
    rf"\b(?:(?:{'|'.join(_UNIT_WORDS_EN)})\s+{_NAME_EN}(?:\s+{_NAME_EN})?"
    rf"|{_NAME_EN}(?:\s+{_NAME_EN})?\s+(?:{'|'.join(_UNIT_WORDS_EN)}))\b"
)
_UNIT_AR = re.compile(rf"(?<![\w])(?:{'|'.join(_UNIT_WORDS_AR)})\s+(?:ال[\u0621-\u064a]+|[\u0621-\u064a]{{3,}})"
                      rf"(?:\s+(?!التابع|المدعوم|الموالي)ال[\u0621-\u064a]+)?")
_LINK_AFTER = re.compile(r"^\s*(?:of|of the|belonging to|affiliated (?:with|to)|التابعة\s*ل|التابع\s*ل|في|من)\s*$")
_SENTENCE = re.compile(r"[.!?؟\n]")


# A state's forces named by the adjective of an attack ("Russian raids", "Turkish drone strike",
# "غارات روسية", "مسيرة تركية", "طيران الاحتلال الروسي"): the state whose weapon struck. English puts
# the adjective before the attack noun, Arabic after it (one word may stand between: الاحتلال,
# انتحارية, الحربي). Air nouns go to the state's air force where the table has one.
NATIONALITY = {
    "russian": "russian-forces", "روسي": "russian-forces", "روسيه": "russian-forces",
    "turkish": "turkish-forces", "تركي": "turkish-forces", "تركيه": "turkish-forces",
    "israeli": "israeli-forces", "اسرائيلي": "israeli-forces", "اسرائيليه": "israeli-forces",
    "american": "us-forces", "us": "us-forces", "امريكي": "us-forces", "امريكيه": "us-forces",
    "اميركي": "us-forces", "اميركيه": "us-forces",
    "iranian": "iranian-forces", "ايراني": "iranian-forces", "ايرانيه": "iranian-forces",
    "syrian": "syrian-government-forces", "government": "syrian-government-forces",
    # a party rather than a state, written in lower case ("rebel fire", "opposition shelling")
    "rebel": "armed-opposition", "opposition": "armed-opposition", "insurgent": "armed-opposition",
}
# The words that name one, as written: also with the Arabic article (الروسية); others are passed over.
_NATIONALITY_WORDS = frozenset({*NATIONALITY, *("ال" + w for w in NATIONALITY if len(w) > 3)})
# Adjectives written in lower case in English ("government strikes", "rebel mortar attack").
_NOT_ATTACK_AFTER_AIR = frozenset({"base", "bases", "port", "field", "space", "defence", "defences", "defense",
                                   "defenses", "traffic", "corridor", "bridge", "cover"})
_LOWER_ADJECTIVES = frozenset({"government", "rebel", "opposition", "insurgent"})
AIR_FORCE = {"russian-forces": "russian-air-force", "turkish-forces": "turkish-air-force",
             "israeli-forces": "israeli-air-force", "syrian-government-forces": "syrian-arab-air-force"}
ATTACK_NOUNS_EN = frozenset({
    "raid", "raids", "strike", "strikes", "airstrike", "airstrikes", "air", "warplanes", "warplane",
    "jets", "jet", "aircraft", "planes", "drone", "drones", "shelling", "bombing", "bombardment",
    "missile", "missiles", "rockets", "artillery", "helicopters", "helicopter", "fighter", "bombers",
    "fire", "mortar", "mortars", "shells", "bomb", "bombs", "attack", "attacks",
    "blast", "rocket",
})
ATTACK_NOUNS_AR = frozenset({
    "غاره", "غارات", "قصف", "ضربه", "ضربات", "مسيره", "مسيرات", "طائره", "طائرات", "صاروخ", "صواريخ",
    "قذيفه", "قذائف", "طيران", "مقاتلات", "هجوم", "عدوان", "بغاره", "بغارات", "بقصف", "بمسيره", "بطائره",
    "بصاروخ", "بصواريخ", "وغارات", "وقصف", "الغارات", "القصف", "المسيره", "الطائرات", "الطيران",
    "الصواريخ", "المسيرات", "بضربه", "الضربات", "الهجوم", "العدوان",
})
AIR_NOUNS = frozenset({"raid", "raids", "strike", "strikes", "airstrike", "airstrikes", "air", "warplanes",
                       "warplane", "jets", "jet", "aircraft", "planes", "drone", "drones", "helicopters",
                       "helicopter", "fighter", "bombers", "غاره", "غارات", "مسيره", "مسيرات", "طائره",
                       "طائرات", "طيران", "مقاتلات"})
_BETWEEN_AR = frozenset({"الاحتلال", "احتلال", "انتحاريه", "الانتحاريه", "الحربي", "حربي", "الحربيه",
                         "حربيه", "مسيره", "المسيره", "جويه", "الجويه", "جوي", "الجوي", "صاروخي",
                         "الصاروخي", "مدفعي", "المدفعي"})


@dataclass(frozen=True)
class ActorInfo:
    slug: str
    parent: str | None
    name_en: str
    name_ar: str


def read_actor_table(path: Path | str | None = None) -> list[dict]:
    return json.loads(Path(path or DATA_FILE).read_text(encoding="utf-8"))


class ActorFinder:
    """Actor mentions in texts. Built once from the alias table (or given a resolver and infos)."""

    def __init__(self, table: list[dict] | None = None, resolver: ActorResolver | None = None):
        table = table if table is not None else read_actor_table()
        self.info = {row["slug"]: ActorInfo(row["slug"], row.get("parent"), row["name_en"], row["name_ar"])
                     for row in table}
        self.resolver = resolver or ActorResolver(
            (row["slug"], alias) for row in table for alias in row["aliases"]
        )

    def root(self, slug: str | None) -> str | None:
        seen = set()
        while slug in self.info and self.info[slug].parent and slug not in seen:
            seen.add(slug)
            slug = self.info[slug].parent
        return slug

    def _mentions(self, text: str):
        """`ActorResolver.find_in` over pieces of at most CHUNK characters cut at line or sentence
        ends: its overlap check is quadratic in the mentions of one call, so long texts go in pieces."""
        pos = 0
        while pos < len(text):
            end = min(len(text), pos + CHUNK)
            if end < len(text):
                cut = max(text.rfind("\n", pos, end), text.rfind(".", pos, end), text.rfind("،", pos, end))
                end = cut + 1 if cut > pos else end
            for m in self.resolver.find_in(text[pos:end]):
                yield m.actor_id, m.alias, m.score, m.start + pos, m.end + pos
            pos = end

    def find(self, text: str, ws: list[Word] | None = None) -> list[dict]:
        out = []
        for actor_id, _alias, score, start, end in self._mentions(text):
            info = self.info.get(actor_id)
            out.append({
                "text": text[start:end], "span": [start, end], "actor": actor_id,
                "name": info.name_en if info else str(actor_id), "name_ar": info.name_ar if info else "",
                "parent": info.parent if info else None, "unseeded": False,
                "confidence": round(0.9 * score, 2),
            })
        out.extend(self._units(text, out))
        if ws is not None:
            out.extend(self._by_nationality(text, ws, out))
        out.sort(key=lambda a: a["span"][0])
        return out

    def _by_nationality(self, text: str, ws: list[Word], seeded: list[dict]) -> list[dict]:
        """Attacks named by the state's adjective ("Russian raids", "غارات روسية"); see NATIONALITY."""
        taken = SpanSet(tuple(a["span"]) for a in seeded)
        out = []
        for k in [k for k, w in enumerate(ws) if w.norm in _NATIONALITY_WORDS]:
            w = ws[k]
            norm = w.norm.removeprefix("ال") if w.norm.startswith("ال") and len(w.norm) > 5 else w.norm
            slug = NATIONALITY.get(norm)
            if slug is None or taken.overlaps(w.start, w.end):
                continue
            noun = None
            if w.raw[:1].isupper() or norm in _LOWER_ADJECTIVES:  # English: the adjective before the noun
                if k + 1 < len(ws) and not ws[k + 1].broken and ws[k + 1].norm in ATTACK_NOUNS_EN:
                    noun = ws[k + 1].norm
            elif not w.broken and k > 0:  # Arabic: the noun before the adjective
                j = k - 1
                if ws[j].norm in _BETWEEN_AR and j > 0 and not ws[j].broken:
                    j -= 1
                if ws[j].norm in ATTACK_NOUNS_AR:
                    noun = ws[j].norm.removeprefix("ب").removeprefix("و").removeprefix("ال")
            if noun is None or noun == "fighter" and norm in _LOWER_ADJECTIVES:  # "an opposition fighter"
                continue
            if noun == "air" and k + 2 < len(ws) and ws[k + 2].norm in _NOT_ATTACK_AFTER_AIR:
                continue  # "a Syrian air base", "Russian air defences"
            if norm == "government" and k > 0 and ws[k - 1].norm in NATIONALITY and ws[k - 1].norm != "syrian":
                continue  # "Iraqi government strikes"
            if noun in AIR_NOUNS and AIR_FORCE.get(slug) in self.info:
                slug = AIR_FORCE[slug]
            info = self.info.get(slug)
            if info is None:
                continue
            out.append({
                "text": w.raw, "span": [w.start, w.end], "actor": slug, "name": info.name_en,
                "name_ar": info.name_ar, "parent": info.parent, "unseeded": False, "confidence": 0.7,
                "role": "agent",
            })
        return out

    def _units(self, text: str, seeded: list[dict]) -> list[dict]:
        taken = SpanSet(tuple(a["span"]) for a in seeded)
        starts = [a["span"][0] for a in seeded]
        units = []
        for pattern, unit_words in ((_UNIT_EN, _UNIT_WORDS_EN), (_UNIT_AR, _UNIT_WORDS_AR)):
            if not any(u in text for u in unit_words):
                continue  # every unit name holds one of the unit words
            for m in pattern.finditer(text):
                start, end = m.span()
                if taken.overlaps(start, end):
                    continue
                lo = bisect_left(starts, start - 600)
                hi = bisect_left(starts, end + 600)
                parent, confidence = self._parent(text, start, end, seeded[lo:hi])
                if parent is None:
                    continue  # a unit name with no party named near it is left to the reader
                info = self.info.get(parent)
                units.append({
                    "text": m.group(), "span": [start, end], "actor": None, "name": m.group(),
                    "name_ar": m.group() if pattern is _UNIT_AR else "", "parent": parent,
                    "parent_name": info.name_en if info else parent, "unseeded": True,
                    "confidence": confidence,
                })
                taken.add(start, end)
        return units

    def _parent(self, text: str, start: int, end: int, seeded: list[dict]) -> tuple[str | None, float]:
        # "ISIS's al-Battar Battalion", "Battalion al-Battar of ISIS", "كتيبة البتار التابعة لداعش"
        for a in seeded:
            s, e = a["span"]
            before = text[e:start]
            after = text[end:s]
            if e <= start and re.fullmatch(r"\s*['’]s\s*", before):
                return self.root(a["actor"]), 0.8
            if s >= end and _LINK_AFTER.match(after):
                return self.root(a["actor"]), 0.8
        # Otherwise the nearest party named in the same sentence.
        sent_start = max((m.end() for m in _SENTENCE.finditer(text, max(0, start - 600), start)), default=0)
        stop = _SENTENCE.search(text, end)
        sent_end = stop.start() if stop else len(text)
        near = [a for a in seeded if a["span"][0] >= sent_start and a["span"][1] <= sent_end]
        if not near:
            return None, 0.0
        best = min(near, key=lambda a: min(abs(a["span"][0] - end), abs(start - a["span"][1])))
        return self.root(best["actor"]), 0.5


# The part a mention plays in its clause, read from the words next to it. English puts the one who
# strikes before the verb ("regime warplanes bombed", "killed by ISIS") and the one struck after it
# or after a preposition ("strikes targeting ISIS", "killed 70 IS militants"); Arabic puts the verb
# or the attack noun first and the one who strikes right after it ("قصفت قوات النظام", "غارات
# التحالف"), the one struck after "ضد", "على" or "مواقع".
AGENT_BEFORE = frozenset({
    "by", "قبل", "قصفت", "قصف", "استهدفت", "استهدف", "شنت", "شن", "غارات", "غاره", "طيران", "طائرات",
    "طائره", "مدفعيه", "قذائف", "صواريخ", "هجوم", "نفذت", "نفذ", "اطلقت", "القت", "ارتكبت", "ارتكب",
    "اعدمت", "اعدم", "بقصف", "بغارات", "بغاره", "لقوات", "مسيره", "قصفا", "هاجمت", "هاجم",
})
AGENT_AFTER = frozenset({
    "airstrikes", "airstrike", "air", "strikes", "strike", "warplanes", "jets", "aircraft", "planes",
    "helicopters", "drones", "drone", "shelling", "shelled", "shells", "bombed", "bombing",
    "bombardment", "killed", "kills", "kill", "attacked", "attacks", "launched", "carried", "struck",
    "pounded", "fired", "dropped", "executed", "raids", "raid", "missiles", "rockets", "artillery",
    "targeted", "hit", "massacred", "stormed", "ambushed", "shot", "detonated", "claimed", "committed",
    "snipers", "sniper", "gunmen", "suicide", "car", "used", "besieged",
})
PATIENT_BEFORE = frozenset({
    "against", "targeting", "targeted", "target", "fighting", "fight", "fought", "battling", "killed",
    "killing", "kill", "kills", "destroyed", "destroying", "destroy", "hit", "hitting", "struck",
    "pounded", "bombed", "bombing", "shelled", "shelling", "attacking", "attacked", "ambushed",
    "eliminated", "captured", "retook", "liberated", "defeated", "from", "positions", "ضد", "علي",
    "مواقع", "لمواقع", "عناصر", "مقاتلي", "معاقل", "مقرات", "خلايا", "من", "بين", "مع",
})
PATIENT_AFTER = frozenset({
    "positions", "targets", "hideouts", "strongholds", "held", "controlled", "militants", "terrorists",
    "jihadists", "fighters", "members", "mercenaries", "command", "convoy", "headquarters",
})


MEMBERS = frozenset({"militants", "terrorists", "jihadists", "fighters", "members", "mercenaries"})
HOLDING = frozenset({"held", "controlled", "besieged", "run", "dominated", "occupied", "seized", "captured",
                     "recaptured", "taken", "retaken", "overrun"})


def role_of(ws: list[Word], starts: list[int], span) -> str | None:
    """"agent", "patient" or None for the actor mention at `span`, from the words around it."""
    i = bisect_left(starts, span[0])
    j = bisect_right(starts, span[1] - 1)  # first word after the mention
    before = []
    k = i - 1
    while k >= 0 and len(before) < 2:
        if ws[k + 1].broken and k + 1 <= i:
            break
        w = ws[k].norm
        if w not in ("the", "a", "an", "al", "ال"):
            before.append(w)
        k -= 1
    after = ws[j].norm if j < len(ws) and not ws[j].broken else ""
    if after in ("have", "has", "had", "also", "reportedly") and j + 1 < len(ws) and not ws[j + 1].broken:
        after = ws[j + 1].norm  # "Russian warplanes have launched"
    # a count before the name counts its members ("killed 70 IS militants"); a year is a dateline's
    counted = bool(before) and before[0].isdigit() and not (len(before[0]) == 4 and 1900 <= int(before[0]) <= 2100)
    # "held by IS", "controlled by the regime", "under SDF control": whose ground, not who struck
    if before[:1] == ["by"] and before[1:2] and before[1] in HOLDING or after == "control":
        return "holder"
    # "a Syrian government raid", "Russian air strikes": the attack noun right after is its agent's
    if after in AGENT_AFTER and (not before or before[0] not in ("against", "targeting", "ضد", "علي")
                                 and not counted):
        return "agent"
    if before and (counted or before[0] in PATIENT_BEFORE and before[0] != "by"):
        return "patient"
    if after == "targets" and j + 1 < len(ws) and not ws[j + 1].broken and (ws[j + 1].capital
                                                                           or ws[j + 1].norm == "the"):
        return "agent"  # "Syrian Air Force Targets ISIS": the verb, not "ISIS targets were hit"
    if after in PATIENT_AFTER and before[:1] != ["by"]:
        # "IS militants stormed", "Daesh fighters attacked": the members' verb is the party's
        if after in MEMBERS and j + 1 < len(ws) and not ws[j + 1].broken and ws[j + 1].norm in AGENT_AFTER \
                and ws[j + 1].norm != "killed":  # "50 rebels, jihadists killed" is the passive
            return "agent"
        return "patient"
    if before[:1] and before[0] in AGENT_BEFORE or after in AGENT_AFTER:
        return "agent"
    return None


@lru_cache(maxsize=1)
def default_finder() -> ActorFinder:
    return ActorFinder()

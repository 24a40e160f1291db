"""Places named in a text, through the one gazetteer (`sijill.places.resolver`), with context.

Each word window of up to four words is reduced to the gazetteer's exact-match key
(`resolver.name_key`: normalised, no article, no spaces) and looked up in its index, longest
window first. Large units (country, governorate, district, sub-district) and the capitals of
governorates and districts are taken wherever they are written; a village or neighbourhood is
taken only when the text says it is one ("village of", "قرية") or when a larger unit containing
it is also named in the text, because many village names are ordinary words.

Around a place the words that narrow it are kept: the part ("eastern") and the kind of area
("countryside", "desert", "outskirts"), so "the eastern countryside of Deir Ezzor" is
Deir-ez-Zor governorate, part "east", context "countryside". Border areas between two countries
("the Syrian-Iraqi border", "الحدود السورية العراقية") are places without a p-code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sijill.extraction.words import Word
from sijill.places import resolver

MAX_WINDOW = 4
MIN_KEY = 3
CONFIDENCE_BY_RANK = {0: 0.6, 1: 0.9, 2: 0.85, 3: 0.8}
CONFIDENCE_CUED = 0.75
CONFIDENCE_CONTEXT = 0.6
CONFIDENCE_BORDER = 0.7

# Normalised words that are also gazetteer keys but far more often mean something else.
COMMON_WORDS = frozenset({
    # Arabic: city, revolution, door, hill, east, centre, camp, the new, the old, the mountain ...
    "مدينه", "ثوره", "باب", "تل", "شرق", "غرب", "مركز", "جديده", "جديد", "قديمه", "جبل", "وادي",
    "سوق", "حي", "قريه", "شمال", "جنوب", "بلده", "منطقه", "ناحيه", "قلعه", "عين", "بير", "كرم",
    "مزرعه", "حاجز", "جسر", "دوار", "ساحه", "معبر", "مطار", "سجن", "جامع", "مشفي", "مدرسه",
    "حلب الجديده", "نصر", "سلام", "امل", "عمر", "علي", "محمد", "احمد", "حسن", "حسين", "خالد",
    "حمزه", "عثمان", "ابراهيم", "يوسف", "فاطمه", "زينب", "شام", "عرب", "اكراد", "كرد", "حمر",
    "اسلام", "دوله", "جيش", "قوات", "مجلس", "حرس", "كتيبه", "لواء", "صالحيه", "سلامه",
    # network (of activists), the Euphrates (river, media names), the (Red) Crescent
    "شبكه", "فرات", "هلال",
    # Assad, Lebanon, Qatar, governorate, ceasefire (وقف اطلاق النار), map, girl, photos/Tyre,
    # martyrs, a first name: words of every report that are also village names in the gazetteer
    "اسد", "لبنان", "قطر", "محافظه", "وقف", "خريطه", "طفله", "صور", "شهداء", "وليد",
    # the Great (بالله العلي العظيم), tourism, wounds (بجروح), unit, months (آذار, تشرين), dawn,
    # servant (عبد), agriculture, identity, phrase, visit, a first name
    "عظيم", "سياحه", "جروح", "وحده", "اذار", "تشرين", "فجر", "عبد", "زراعه", "هويه", "عباره", "زياره",
    "ناصر",
    # the corner, military (الطائرات الحربية, المجلس العسكري), ministry, picture, foot, human (خسائر
    # بشرية), roses, Mustafa, uncovering, except, white and green (الخوذ البيضاء), field, small, smoke,
    # course, event, flowers, aggression, schools, independence, lady, Zain al-Abidin
    "زاويه", "عسكري", "حربيه", "وزاره", "صوره", "قدم", "بشريه", "ورود", "مصطفي", "كشف", "الا", "بيضاء",
    "خضراء", "حقل", "صغيره", "دخان", "دوره", "فعاليه", "زهور", "عدوان", "مدارس", "استقلال", "سيده",
    "عابدين",
    # English words that happen to be village names in the transliterated gazetteer
    "tal", "ali", "al", "mosque", "hospital", "school", "camp", "market", "said", "bab", "city",
    "new", "old", "sham", "nasr", "salam", "amal", "omar", "hasan", "hussein", "khaled", "mohammad",
    "ahmad", "islam", "march", "may", "rahma", "hamza", "jaish", "army", "free",
    # a president's family name, a first name and a nerve agent before they are villages
    "assad", "rami", "sarin",
    # a sentence's first word ("For", capitalised), a holy city, "bridge" alone (Jisr al-Shughur is
    # matched whole)
    "for", "medina", "jisr",
})
# Compass words alone ("the southern countryside", "الريف الجنوبي") describe a part of a place;
# the gazetteer has neighbourhoods named after them (Al Janoubi, Al Sharqi), never meant alone.
COMMON_WORDS = COMMON_WORDS | frozenset({
    "شمالي", "جنوبي", "شرقي", "غربي", "شماليه", "جنوبيه", "شرقيه", "غربيه",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
})
PLACE_CUES = frozenset({
    "village", "villages", "town", "towns", "city", "neighbourhood", "neighborhood", "district",
    "camp", "suburb", "area", "قريه", "قري", "بلده", "مدينه", "حي", "مخيم", "منطقه", "ناحيه",
    "بلدات", "مدن", "قريتي", "بلدتي", "احياء", "مزرعه", "ضاحيه",
})
_PARTS = {
    "east": "east", "eastern": "east", "شرق": "east", "شرقي": "east", "الشرقي": "east",
    "west": "west", "western": "west", "غرب": "west", "غربي": "west", "الغربي": "west",
    "north": "north", "northern": "north", "شمال": "north", "شمالي": "north", "الشمالي": "north",
    "south": "south", "southern": "south", "جنوب": "south", "جنوبي": "south", "الجنوبي": "south",
    "northeast": "north-east", "northeastern": "north-east", "northwest": "north-west",
    "northwestern": "north-west", "southeast": "south-east", "southeastern": "south-east",
    "southwest": "south-west", "southwestern": "south-west",
    "الشمالي الشرقي": "north-east", "الشمالي الغربي": "north-west",
    "الجنوبي الشرقي": "south-east", "الجنوبي الغربي": "south-west",
}
_CONTEXTS = {
    "countryside": "countryside", "rural": "countryside", "ريف": "countryside", "الريف": "countryside",
    "بريف": "countryside", "وريف": "countryside", "لريف": "countryside",
    "desert": "desert", "badia": "desert", "بادیه": "desert", "باديه": "desert", "الباديه": "desert",
    "ببادیه": "desert", "ببادية": "desert", "صحراء": "desert",
    "outskirts": "outskirts", "suburbs": "outskirts", "اطراف": "outskirts", "محيط": "outskirts",
    "ضواحي": "outskirts",
}
_COUNTRIES = {
    "syrian": "SY", "syria": "SY", "سوري": "SY", "سوريه": "SY", "السوري": "SY", "السوريه": "SY",
    "سوريا": "SY", "iraqi": "IQ", "iraq": "IQ", "عراقي": "IQ", "العراقي": "IQ", "العراقيه": "IQ",
    "العراق": "IQ", "عراقيه": "IQ", "turkish": "TR", "turkey": "TR", "تركي": "TR", "التركي": "TR",
    "التركيه": "TR", "تركيا": "TR", "lebanese": "LB", "lebanon": "LB", "اللبناني": "LB",
    "اللبنانيه": "LB", "لبنان": "LB", "jordanian": "JO", "jordan": "JO", "الاردني": "JO",
    "الاردنيه": "JO", "الاردن": "JO",
}
_BORDER_WORDS = frozenset({"border", "borders", "حدود", "الحدود", "للحدود", "بالحدود", "الحدوديه",
                           "الحدودي", "frontier"})
# Words that put a report in Iraq; without them, a name that is also an Iraqi district or
# sub-district is read as the Syrian place of that name ("al-Midan", "Busra", "Hadar"), and a small
# Iraqi unit is not taken at all ("Al-Alam" the channel, "Walid" the first name).
_IRAQ_WORDS = frozenset({"iraq", "iraqi", "iraqis", "عراق", "العراق", "عراقي", "العراقي", "العراقيه",
                         "عراقيه", "بالعراق", "والعراق", "baghdad", "بغداد"})
IRAQI_UNIT_RANK = 2
_STATE_WORDS = frozenset({"state", "الاسلاميه", "دوله", "الدوله"})
POSSESSIVE_RANK = 2
ARTICLE_NAME_RANK = 2
# English plurals that are a place name and an "s" ("Harem" is Harim, "Katana" Qatana)
_PLURALS = frozenset({"harems", "katanas", "muharrams", "tortosas"})
# Transliterations of the words that open many names (hill, village, monastery, spring, mountain, ruin...)
_FIRST_WORD_FORMS = {form: tuple(f for f in group if f != form) for group in (
    ("tal", "tell", "tel", "tall"), ("kafr", "kfar", "kafar", "kefr", "kfr"), ("deir", "dayr", "dair", "der"),
    ("ein", "ain", "ayn"), ("jebel", "jabal", "jbal"), ("kherbet", "khirbet", "khirbat"),
    ("maaret", "maarat", "marat", "maarrat"), ("beit", "bayt"),
) for form in group}
_LATIN_ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "at", "ad", "az", "an"})
_COUNTRY_NAMES = {"SY": "Syria", "IQ": "Iraq", "TR": "Turkey", "LB": "Lebanon", "JO": "Jordan"}


@dataclass
class PlaceMention:
    text: str
    span: tuple[int, int]
    pcode: str | None
    name_en: str
    name_ar: str
    level: int | None
    country: str | None
    governorate: str | None
    governorate_name: str | None
    part: str | None
    context: str | None
    confidence: float
    lat: float | None = None
    lon: float | None = None
    countries: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        out = {
            "text": self.text, "span": list(self.span), "pcode": self.pcode, "name_en": self.name_en,
            "name_ar": self.name_ar, "level": self.level, "country": self.country,
            "governorate": self.governorate, "governorate_name": self.governorate_name,
            "part": self.part, "context": self.context, "confidence": round(self.confidence, 2),
        }
        if self.lat is not None:
            out["lat"], out["lon"] = self.lat, self.lon
        if self.countries:
            out["countries"] = list(self.countries)
        return out


@lru_cache(maxsize=200_000)
def _word_key(raw: str) -> str:
    return resolver.name_key(raw)


@lru_cache(maxsize=200_000)
def _proclitic_free(raw: str) -> str:
    """An Arabic word without a joined و/ب/ل/ف before it (وحلب -> حلب, لدير -> دير)."""
    if raw[:1] in "وبلف" and len(raw) > 3 and "\u0600" <= raw[:1] <= "\u06ff":
        return raw[1:]
    return ""


@lru_cache(maxsize=200_000)
def _proclitic_free_key(raw: str) -> str:
    """The gazetteer key of `_proclitic_free(raw)`."""
    return _word_key(_proclitic_free(raw))


_GLUED_ARTICLE = re.compile(r"^([\u0621-\u064a]{3,})(ال[\u0621-\u064a]{2,})$")


@lru_cache(maxsize=200_000)
def _glued_parts(raw: str) -> tuple[str, str] | None:
    """The two words of a name typed without its space, as hashtags write them (#ديرالزور ->
    دير, الزور; جسرالشغور), as gazetteer keys; None when the word has no article inside."""
    m = _GLUED_ARTICLE.match(raw.replace("\u0640", ""))
    if not m:
        return None
    return _word_key(m.group(1)), _word_key(m.group(2))


class PlaceFinder:
    """Finds gazetteer places in texts; holds the gazetteer index (built once per process)."""

    def __init__(self, gazetteer: resolver.Gazetteer | None = None):
        self.index = gazetteer or resolver.gazetteer()
        # The key of the first word of every name: a window can only match if it starts with one.
        self.first_keys = set()
        for place in self.index.places:
            for name in place.names:
                for word in re.split(r"[\s\-‐]+", name):
                    key = _word_key(word)
                    if key:
                        self.first_keys.add(key)
                        break

        # Word keys read as another key (each checked word by word only in a report holding one):
        # "Aleppos", "Idlibs": a copied page's possessive with its apostrophe dropped -> the key of the
        # one-word name of a district or larger (five letters at least: "Hamas" is not Hama's)
        self.respelled: dict[str, str] = {}
        for i, place in enumerate(self.index.places):
            if self.index.rank[i] <= POSSESSIVE_RANK and place.country == "SY":
                for name in place.names:
                    key = _word_key(name)
                    if (len(key) >= 5 and key.isascii() and key in self.first_keys and key not in COMMON_WORDS
                            and key + "s" not in self.index.exact and key + "s" not in _PLURALS):
                        self.respelled[key + "s"] = key
        # "Quriyah" for Quriyeh, "Darayyeh" for Darayyah: a one-word Latin name whose -eh is written -ah or
        # the reverse
        for key in list(self.index.exact):
            if len(key) >= 5 and key.isascii() and key in self.first_keys and key[-2:] in ("eh", "ah"):
                other = key[:-2] + ("ah" if key.endswith("eh") else "eh")
                if other not in self.index.exact and other not in self.first_keys and other not in COMMON_WORDS:
                    self.respelled.setdefault(other, key)

        # a word opens a window when it is the first word of a name, or another spelling of one
        self.open_keys = self.first_keys | _FIRST_WORD_FORMS.keys()

        # key -> its candidates ranked, kept as the same keys come back in every report (at most
        # one entry per key of the gazetteer)
        self._ranked: dict[str, tuple[int, ...]] = {}

    def _candidates(self, key: str) -> tuple[int, ...]:
        """The places whose name has this key, most important first."""
        entries = self.index.exact.get(key)
        if not entries:
            return ()
        ranked = self._ranked.get(key)
        if ranked is None:
            seen = dict.fromkeys(i for i, _name, _primary in entries)
            ranked = self._ranked[key] = tuple(sorted(seen, key=lambda i: (
                self.index.rank[i], self.index.places[i].level, self.index.places[i].country != "SY")))
        return ranked

    def find(self, text: str, ws: list[Word]) -> list[PlaceMention]:
        keys = [_word_key(w.raw) for w in ws]
        first_keys = self.first_keys
        respelled = self.respelled
        if not respelled.keys().isdisjoint(keys):
            for k, key in enumerate(keys):
                if key in respelled and key not in first_keys:
                    keys[k] = respelled[key]
        glued = set()
        for k in [k for k, key in enumerate(keys) if key not in first_keys and "ال" in ws[k].raw[3:]]:
            parts = _glued_parts(ws[k].raw)
            if parts and parts[0] in first_keys and self._candidates("".join(parts)):
                keys[k] = "".join(parts)
                glued.add(k)
        found: list[tuple[int, int, tuple[int, ...]]] = []  # (first word, last word + 1, candidates)
        n = len(ws)
        # Only a word that is, or after a joined و/ب/ل/ف is, the first word of a name opens a window.
        open_keys = self.open_keys
        opens = [i for i in range(n) if keys[i] in open_keys or i in glued or (
            ws[i].norm[:1] in "وبلف" and _proclitic_free_key(ws[i].raw) in first_keys)]
        free = 0  # the first word not inside a place already found
        for i in opens:
            if i < free:
                continue
            hit = None
            # a window never spans clause punctuation
            longest, most = 1, min(MAX_WINDOW, n - i)
            while longest < most and not ws[i + longest].broken:
                longest += 1
            # the first word without a joined و/ب/ل/ف, if it has one
            stripped = _proclitic_free(ws[i].raw) if ws[i].norm[:1] in "وبلف" else ""
            for size in range(longest, 0, -1):
                parts = keys[i : i + size]
                key = "".join(parts)
                common = key in COMMON_WORDS
                if len(key) < MIN_KEY or not parts[0] or not parts[-1]:
                    cands = ()
                elif common:
                    # "al-Bab", "Al Bab": a common word ("door") written as a name, with its article and a
                    # capital, is the town when the town is a district or larger
                    cands = ()
                    if size == 1 and i and ws[i].capital and ws[i].raw.isascii() and (
                            ws[i - 1].norm in _LATIN_ARTICLES and text[ws[i - 1].end:ws[i].start] in ("-", " ")):
                        cands = tuple(c for c in self._candidates(key) if self.index.rank[c] <= ARTICLE_NAME_RANK
                                      and self.index.places[c].country == "SY")
                else:
                    cands = self._candidates(key)
                # a common word is not read as a proclitic and a village ("لبنان" is not ل + بنان)
                if not cands and stripped and not common:
                    key2 = _proclitic_free_key(ws[i].raw) + key[len(parts[0]):]
                    if len(key2) >= MIN_KEY and key2 not in COMMON_WORDS:
                        cands = self._candidates(key2)
                # "Tel Rifaat" for Tal Rifaat, "Kfar Zeita" for Kafr Zeita: the first word of a name in
                # another of its transliterations
                if not cands and size > 1 and parts[0] in _FIRST_WORD_FORMS:
                    for form in _FIRST_WORD_FORMS[parts[0]]:
                        cands = self._candidates(form + key[len(parts[0]):])
                        if cands:
                            break
                if cands:
                    first = ws[i].raw
                    # Latin names are written with a capital; a lower-case word is an ordinary word.
                    if first.isascii() and not ws[i].capital:
                        continue
                    # "ISs", "IS's": an initialism with a suffix is a party, not a village
                    if first.isascii() and first[:2].isupper() and any(ch.islower() for ch in first):
                        continue
                    hit = (i, i + size, cands)
                    break
            if hit:
                found.append(hit)
                free = hit[1]
        return self._choose(text, ws, found) + self._borders(text, ws)

    def _choose(self, text: str, ws: list[Word], found) -> list[PlaceMention]:
        index = self.index
        norms = [w.norm for w in ws]
        # "the Islamic State in Iraq and the Levant", "الدولة الإسلامية في العراق والشام": a party's name
        if _IRAQ_WORDS.isdisjoint(norms) or not any(
                norm in _IRAQ_WORDS and not (k >= 2 and norms[k - 1] in ("in", "في") and norms[k - 2] in _STATE_WORDS)
                for k, norm in enumerate(norms)):
            kept = []
            for s, e, cands in found:
                syrian = [c for c in cands if index.places[c].country == "SY"]
                cands = syrian or [c for c in cands if index.rank[c] <= IRAQI_UNIT_RANK]
                if cands:
                    kept.append((s, e, cands))
            found = kept
        # Large units named anywhere in the text confirm the villages inside them.
        named = set()
        for _s, _e, cands in found:
            top = cands[0]
            if index.rank[top] <= 3:
                named.update(index.lineage[top][1:3])
        out = []
        for s, e, cands in found:
            cued = any(ws[k].norm in PLACE_CUES for k in range(max(0, s - 2), s))
            choice, confidence = None, 0.0
            for c in cands:
                rank = index.rank[c]
                if rank <= 3:
                    choice, confidence = c, CONFIDENCE_BY_RANK[rank]
                elif any(p in named for p in index.lineage[c][1:3]):
                    choice, confidence = c, CONFIDENCE_CONTEXT + (0.15 if cued else 0)
                if choice is not None:
                    break
            if choice is None and cued:
                # "the neighbourhood of Jobar": a homonym in a unit the text names was taken above; else the
                # most important one
                choice, confidence = cands[0], CONFIDENCE_CUED - 0.1
            if choice is None:
                continue
            if index.places[choice].level == 0:
                continue  # the country itself says nothing about where in it
            part, context, s2, e2 = self._around(ws, s, e)
            place = index.places[choice]
            lineage = index.lineage[choice]
            gov = lineage[1] if len(lineage) > 1 else None
            gov_place = index.by_pcode.get(gov) if gov else None
            start, end = ws[s2].start, ws[e2].end
            if s2 == s and s > 0 and ws[s - 1].norm in _LATIN_ARTICLES and text[ws[s - 1].end:start] == "-":
                start = ws[s - 1].start  # al-Raqqa: the article belongs to the name as written
            out.append(PlaceMention(
                text=text[start:end], span=(start, end), pcode=place.pcode, name_en=place.name_en,
                name_ar=place.name_ar, level=place.level, country=place.country, governorate=gov,
                governorate_name=gov_place.name_en if gov_place else None, part=part, context=context,
                confidence=confidence * (0.9 if len(cands) > 1 and index.rank[cands[1]] == index.rank[choice]
                                         and lineage[:2] != index.lineage[cands[1]][:2] else 1.0),
                lat=place.lat, lon=place.lon,
            ))
        return out

    @staticmethod
    def _around(ws: list[Word], s: int, e: int) -> tuple[str | None, str | None, int, int]:
        """Part and kind of area written around the name, and the first and last word of the phrase."""
        part = context = None
        first, last = s, e - 1
        # English before the name: "the eastern countryside of", "northern", "east of"
        k = s - 1
        if k >= 0 and ws[k].norm in ("of", "في", "ب") and not ws[s].broken:
            k -= 1
        steps = 0
        while k >= 0 and steps < 3 and not ws[k + 1].broken:
            w = ws[k].norm
            if w in _CONTEXTS and context is None:
                context, first = _CONTEXTS[w], k
            elif w in _PARTS and part is None:
                part, first = _PARTS[w], k
            elif w not in ("the", "of", "محافظه", "مدينه"):
                break
            k -= 1
            steps += 1
        # Arabic after the name: "ريف دير الزور الشرقي"; English "X desert", "X countryside"
        k = e
        if k < len(ws) and not ws[k].broken:
            w = ws[k].norm
            if w in _PARTS and part is None:
                part, last = _PARTS[w], k
            elif w in ("desert", "countryside", "outskirts") and context is None:
                context, last = _CONTEXTS[w], k
        return part, context, first, last

    @staticmethod
    def _borders(text: str, ws: list[Word]) -> list[PlaceMention]:
        out = []
        for k, w in enumerate(ws):
            if w.norm not in _BORDER_WORDS:
                continue
            countries: list[str] = []
            lo = k
            for j in range(k - 1, max(-1, k - 4), -1):  # English: Syrian-Iraqi border(s)
                c = _COUNTRIES.get(ws[j].norm)
                if not c or ws[j + 1].broken:
                    break
                countries.insert(0, c)
                lo = j
            hi = k
            for j in range(k + 1, min(len(ws), k + 4)):  # Arabic: الحدود السورية العراقية / border with Iraq
                if ws[j].broken:
                    break
                c = _COUNTRIES.get(ws[j].norm)
                if c:
                    countries.append(c)
                    hi = j
                elif ws[j].norm not in ("with", "مع", "between", "بين", "and", "و"):
                    break
            countries = list(dict.fromkeys(countries))
            if not countries:
                continue
            if len(countries) == 1 and countries[0] != "SY":
                countries.insert(0, "SY")
            start, end = ws[lo].start, ws[hi].end
            name = "-".join(_COUNTRY_NAMES.get(c, c) for c in countries) + " border"
            out.append(PlaceMention(
                text=text[start:end], span=(start, end), pcode=None, name_en=name, name_ar="",
                level=None, country=None, governorate=None, governorate_name=None, part=None,
                context="border", confidence=CONFIDENCE_BORDER, countries=tuple(countries),
            ))
        return out

"""arabic-synthetic: person records of real Syrian names with the variation real lists show.

Names come from the Airwars victims file (../shared/data/events/airwars_syria), where 4,136
victims carry both an Arabic and a Latin name. Each Arabic name part is aligned with its Latin
spelling, so every part has the real spellings people used ("محمد" -> Mohammad, Muhammad,
Mohamed...). Identities are grouped into incidents as they are in the war: families killed
together share the father's and the family name, a date and a place, which makes the pairs to
tell apart as hard as they are in practice.

Each identity is then reported by one or more sources, and each report varies the way lists do:
Arabic only, Latin only or both; Latin spellings from the real pool, then passed through one of
several transliteration habits (English journalistic, French, Levantine colloquial, academic);
Arabic spelling variants (hamza, ta marbuta, alef maqsura, "عبد الرحمن"/"عبدالرحمن", article);
father's or grandfather's or family name dropped, a grandfather added; typos; age and date
noise; missing sex, age or place. Seeded and deterministic; the ground truth is `person_id`.

Plain Python, no Django import.
"""

from __future__ import annotations

import csv
import datetime
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from sijill.linkage.engine.names import translit_key
from sijill.linkage.engine.records import PersonRecord
from sijill.text.normalise import normalise

SOURCES = ("vdc", "snhr", "airwars", "field", "sarc")
_ARABIC_COMPOUND_HEADS = {"عبد", "ابو", "أبو", "أم", "ام"}
_LATIN_COMPOUND_HEADS = {"abd", "abdul", "abdel", "abu", "abou", "umm", "um", "abdal"}
_LATIN_ARTICLES = {"al", "el", "al-", "el-"}
_BRACKETS = re.compile(r"[\(\[\{][^\)\]\}]*[\)\]\}]")


@dataclass(frozen=True)
class NamePiece:
    arabic: str
    latins: tuple[str, ...]


@dataclass(frozen=True)
class SyntheticRecord:
    record: PersonRecord
    person_id: str


def _arabic_parts(name: str) -> list[str]:
    words = _BRACKETS.sub(" ", name).replace("'-", " ").split()
    parts, i = [], 0
    while i < len(words):
        w = words[i]
        if w in _ARABIC_COMPOUND_HEADS and i + 1 < len(words):
            parts.append(w + " " + words[i + 1])
            i += 2
            continue
        parts.append(w)
        i += 1
    return parts


def _latin_parts(name: str) -> list[str]:
    words = _BRACKETS.sub(" ", name).replace(",", " ").split()
    parts, i = [], 0
    while i < len(words):
        w = words[i]
        low = w.lower()
        if low in _LATIN_COMPOUND_HEADS and i + 1 < len(words):
            j = i + 1
            joined = [w]
            if words[j].lower() in _LATIN_ARTICLES and j + 1 < len(words):
                joined.append(words[j])
                j += 1
            joined.append(words[j])
            parts.append(" ".join(joined))
            i = j + 1
            continue
        if low in _LATIN_ARTICLES and i + 1 < len(words):
            parts.append(w + ("" if w.endswith("-") else " ") + words[i + 1])
            i += 2
            continue
        parts.append(w)
        i += 1
    return parts


def _aligned(name_ar: str, name_lat: str) -> list[tuple[str, str]] | None:
    ar, lat = _arabic_parts(name_ar), _latin_parts(name_lat)
    if not ar or len(ar) != len(lat) or len(ar) > 5:
        return None
    for a, b in zip(ar, lat, strict=True):
        ka, kb = translit_key(normalise(a).replace(" ", "")), translit_key(
            normalise(b).replace(" ", "").replace("-", "")
        )
        if not ka or not kb or ka[0] != kb[0]:
            return None
    return list(zip(ar, lat, strict=True))


def load_names(victims_csv: Path | str):
    """Aligned real names: (list of identities as piece lists with sex, age; spelling pool)."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    identities = []
    with open(victims_csv, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ar, lat = row["name_local_ar"].strip(), row["name_latin"].strip()
            if not ar or not lat or row["name_latin"].lower().startswith(("son of", "daughter")):
                continue
            aligned = _aligned(ar, lat)
            if not aligned or len(aligned) < 2:
                continue
            for a, b in aligned:
                spellings[a][b] += 1
            sex = row["gender"] if row["gender"] in ("male", "female") else None
            age = int(row["age"]) if row["age"].isdigit() else None
            identities.append(([a for a, _ in aligned], sex, age))
    pool = {a: tuple(sorted(c)) for a, c in spellings.items()}
    return identities, pool


# --- variation ---------------------------------------------------------------------------

_SCHEMES = {
    "english": [],
    "french": [("sh", "ch"), ("u", "ou"), ("j", "dj"), ("ee", "i"), ("oo", "ou"),
               ("w", "ou")],
    "levantine": [("q", "k"), ("th", "s"), ("dh", "z"), ("i", "e"), ("u", "o"),
                  ("aa", "a"), ("ah", "eh")],
    "academic": [("ee", "i"), ("oo", "u"), ("ou", "u"), ("ei", "ay"), ("ai", "ay"),
                 ("e", "i"), ("o", "u")],
    "plain": [("kh", "k"), ("gh", "g"), ("'", ""), ("-", " ")],
}


def _apply_scheme(text: str, scheme: str, rng: random.Random) -> str:
    out = text
    for a, b in _SCHEMES[scheme]:
        if a in out.lower() and rng.random() < 0.6:
            out = re.sub(re.escape(a), b, out, flags=re.IGNORECASE)
    return out


def _article_style(text: str, rng: random.Random) -> str:
    match = re.match(r"^(al|el)[- ]?(.+)$", text, flags=re.IGNORECASE)
    if not match:
        return text
    rest = match.group(2)
    choice = rng.random()
    if choice < 0.3:
        return "al-" + rest
    if choice < 0.5:
        return "Al " + rest
    if choice < 0.65:
        return "Al" + rest.lower()
    if choice < 0.8:
        return "el-" + rest
    return rest


def _abd_style(text: str, rng: random.Random) -> str:
    match = re.match(r"^(abd|abdul|abdel|abd al|abd el|abdal)[- ]?(?:al-|el-|al |el )?(\w{3,}.*)$",
                     text, flags=re.IGNORECASE)
    if not match:
        return text
    rest = match.group(2)
    return rng.choice([f"Abd al-{rest}", f"Abdul {rest}", f"Abdul{rest.lower()}",
                       f"Abdel {rest}", f"Abd {rest}", f"Abdel{rest.lower()}"])


def _typo(text: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.random()
    if kind < 0.3:
        return text[:i] + text[i + 1:]
    if kind < 0.55 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind < 0.8:
        return text[:i] + text[i] + text[i:]
    keyboard = "qwertyuiopasdfghjklzxcvbnm" if text.isascii() else "ضصثقفغعهخحجدشسيبلاتنمكط"
    return text[:i] + rng.choice(keyboard) + text[i + 1:]


def _arabic_variant(part: str, rng: random.Random) -> str:
    """Spelling variants Arabic typists really make: hamza, ta marbuta, alef maqsura, spacing."""
    out = part
    if out[:1] in "أإآ" and rng.random() < 0.5:
        out = "ا" + out[1:]
    elif out[:1] == "ا" and not out.startswith("ال") and rng.random() < 0.3:
        out = rng.choice("أإ") + out[1:]
    ends = {"ة": "ه", "ه": "ة", "ى": "ي", "ي": "ى"}
    if out[-1:] in ends and rng.random() < 0.3:
        out = out[:-1] + ends[out[-1]]
    for a, b in (("ؤ", "و"), ("ئ", "ي"), ("أ", "ا"), ("إ", "ا")):
        if a in out[1:] and rng.random() < 0.3:
            out = out[0] + out[1:].replace(a, b)
    if out.startswith("عبد ") and rng.random() < 0.5:
        out = out.replace("عبد ", "عبد", 1)
    if rng.random() < 0.05:
        out = out[:1] + "\u064e" + out[1:]  # a fatha, as some typists add
    return out


def _arabic_article(part: str, *, family: bool, rng: random.Random) -> str:
    if not family:
        return part
    if part.startswith("ال") and len(part) > 4 and rng.random() < 0.2:
        return part[2:]
    if not part.startswith("ال") and rng.random() < 0.1:
        return "ال" + part
    return part


# --- generation --------------------------------------------------------------------------


def _places():
    from sijill.places import resolver

    communities = [p for p in resolver.gazetteer().places if p.level == 4 and p.country == "SY"
                   and p.lat is not None]
    return communities


def generate(
    victims_csv: Path | str,
    *,
    people: int = 3000,
    seed: int = 2024,
    max_reports: int = 4,
    mix_names: bool = False,
) -> list[SyntheticRecord]:
    """Records for `people` identities, each reported 1..max_reports times; seeded.

    With `mix_names`, each identity's name is composed afresh, as a population's names are: a
    given name of one real victim, a father's name of another (a man's given name) and a family
    name of a third, each with its real spellings. The 4,136 real names then give millions of
    different full names with the real frequency of each part (many Mohammads, few Fatens), the
    shape of a country's list rather than of one list's names drawn again and again.
    """
    rng = random.Random(seed)
    identities, pool = load_names(victims_csv)
    male_given = [ident[0][0] for ident in identities if ident[1] == "male"]
    if mix_names:
        identities = _MixedNames(identities, male_given, rng)
    places = _places()
    records: list[SyntheticRecord] = []
    person = 0
    incident = 0
    while person < people:
        incident += 1
        when = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(0, 3650))
        place = rng.choice(places)
        family_incident = rng.random() < 0.4
        size = rng.choice((1, 1, 1, 2, 2, 3, 4, 6)) if family_incident else rng.choice((1, 1, 2))
        base_parts, _, _ = rng.choice(identities)
        given_in_family: set[str] = set()
        for _member in range(size):
            if person >= people:
                break
            parts, sex, age = rng.choice(identities)
            while family_incident and normalise(parts[0]) in given_in_family:
                parts, sex, age = rng.choice(identities)  # siblings have their own names
            given_in_family.add(normalise(parts[0]))
            parts = list(parts)
            if family_incident and len(base_parts) >= 2:
                # siblings: own given name, the family's father's and family name
                parts = [parts[0], *base_parts[1:]]
            if len(parts) == 2 and rng.random() < 0.5:
                parts.insert(1, rng.choice(male_given))  # a father's name some lists know
            if age is None:
                age = rng.randrange(1, 80)
            person += 1
            pid = f"P{person:06d}"
            reports = 1 + min(max_reports - 1, int(rng.expovariate(1.1)))
            sources = rng.sample(SOURCES, k=min(reports, len(SOURCES)))
            for k, source in enumerate(sources):
                records.append(
                    SyntheticRecord(
                        record=_report(pid, k, source, parts, sex, age, when, place, pool, rng),
                        person_id=pid,
                    )
                )
    rng.shuffle(records)
    return records


class _MixedNames:
    """Stands for the list of identities in `generate`: each choice composes a new name."""

    def __init__(self, identities, male_given, rng: random.Random):
        self.identities, self.male_given, self.rng = identities, male_given, rng

    def __len__(self) -> int:
        return len(self.identities)

    def __getitem__(self, index):
        given, sex, age = self.identities[index]
        family = self.rng.choice(self.identities)[0][-1]
        parts = [given[0], family] if len(given) == 2 else [given[0], self.rng.choice(self.male_given), family]
        return parts, sex, age


def _report(pid, k, source, parts, sex, age, when, place, pool, rng) -> PersonRecord:
    shown = list(range(len(parts)))
    if len(parts) >= 3:
        for i in range(1, len(parts) - 1):
            if rng.random() < 0.35:
                shown.remove(i)
    if len(shown) >= 3 and rng.random() < 0.1:
        shown.remove(len(parts) - 1)  # family name unknown to this source
    chosen = [parts[i] for i in shown]
    script = rng.choices(("ar", "latin", "both"), weights=(3, 4, 3))[0]
    name_ar = ""
    name_latin = ""
    if script in ("ar", "both"):
        name_ar = " ".join(
            _arabic_article(_arabic_variant(p, rng), family=(i == len(chosen) - 1 and i > 0),
                            rng=rng)
            for i, p in enumerate(chosen)
        )
        if rng.random() < 0.08:
            name_ar = _typo(name_ar, rng)
    if script in ("latin", "both"):
        scheme = rng.choice(tuple(_SCHEMES))
        words = []
        for p in chosen:
            spelling = rng.choice(pool.get(p) or (p,))
            spelling = _article_style(_abd_style(spelling, rng), rng)
            words.append(_apply_scheme(spelling, scheme, rng))
        name_latin = " ".join(words)
        if rng.random() < 0.15:
            name_latin = _typo(name_latin, rng)
    shown_age = age
    r = rng.random()
    if r < 0.3:
        shown_age = None
    elif r < 0.5:
        shown_age = max(0, age + rng.choice((-2, -1, 1, 2)))
    elif r < 0.53:
        shown_age = max(0, age + rng.choice((-6, 5, 10)))
    shown_date = when
    r = rng.random()
    if r < 0.2:
        shown_date = when + datetime.timedelta(days=rng.choice((-1, 1)))
    elif r < 0.28:
        shown_date = when + datetime.timedelta(days=rng.randint(-7, 7))
    elif r < 0.32:
        shown_date = None
    shown_sex = sex if rng.random() < 0.8 else None
    shown_place = place.pcode if rng.random() < 0.75 else None
    return PersonRecord(
        id=f"{source}:{pid}:{k}",
        source=source,
        name_ar=name_ar,
        name_latin=name_latin,
        sex=shown_sex,
        age=shown_age,
        event_date=shown_date,
        place_pcode=shown_place,
    )


def to_table(records: list[SyntheticRecord]):
    """The generated records as a pyarrow Table with PersonRecord's columns and `person_id`."""
    import pyarrow as pa

    columns = ("id", "source", "name_ar", "name_latin", "sex", "age", "event_date",
               "place_pcode")
    data = {c: [getattr(r.record, c) for r in records] for c in columns}
    data["person_id"] = [r.person_id for r in records]
    schema = pa.schema([
        ("id", pa.string()), ("source", pa.string()), ("name_ar", pa.string()),
        ("name_latin", pa.string()), ("sex", pa.string()), ("age", pa.int32()),
        ("event_date", pa.date32()), ("place_pcode", pa.string()), ("person_id", pa.string()),
    ])
    return pa.table(data, schema=schema)

"""The one place resolver: a name as people write it -> gazetteer places, best first.

Plain Python, no Django import, so import, extraction and linkage can call it in a loop and
tests can time it. It reads the gazetteer packaged with Sijill (`data/gazetteer.csv.gz`, built by
`scripts/build_gazetteer.py` from OCHA COD-AB, GeoNames and Syrian Archive) once, lazily, and
keeps an in-memory index keyed by normalised name.

A name is matched in three tiers, each tier listed before the next:

1. exact: the query's *key* equals the key of a place's name or alternate name. The key is
   the name through the shared normaliser (`sijill.text.normalise`: hamza, ta marbuta, case,
   accents), without articles (ال, al-, ar-, el-, ez-...), without a leading "markaz"/"مركز"
   ("centre of"), and without spaces, so "Deir-ez-Zor", "Deir Ezzor" and "دير الزور" meet
   their own spellings.
2. skeleton: Latin vowels and doubled letters dropped ("Idlib"/"Idleb", "Hasakah"/"Hassakeh"),
   Arabic long vowels and hamza dropped; catches transliteration variants.
3. fuzzy: the closest keys by character similarity (trigram candidates, then difflib ratio).

Within a tier, a larger or more important place comes first (governorate, then its capital
city, then district...), because an ambiguous bare name in a report most often means the
better known place.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sijill.text import normalise

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.csv.gz"

# Columns of the packaged file, in order; the build script writes the same list.
COLUMNS = ("pcode", "country", "level", "name_en", "name_ar", "alt_names", "parent", "lat", "lon", "capital")
ALT_SEPARATOR = "|"

GOVERNORATE_LEVEL = 1
COMMUNITY_LEVEL = 4

EXACT_SCORE = 1.0
EXACT_ALT_SCORE = 0.95
SKELETON_SCORE = 0.85
FUZZY_WEIGHT = 0.8
FUZZY_MIN_RATIO = 0.78
FUZZY_CANDIDATES = 40

# Article forms beyond those the normaliser already drops: the assimilated "ez-", "es-", "er-"
# of French-style transliteration (Deir ez-Zor), and a bare "ال" written apart.
_EXTRA_ARTICLES = frozenset({"el", "ez", "es", "ed", "er", "et", "esh", "eth", "edh", "en", "ال"})
# Shorter keys match only exactly: a two-letter frame or fuzzy match would be noise.
_MIN_VARIANT_KEY = 3
_CENTRE_WORDS = frozenset({"markaz", "مركز"})
# Words that say what kind of place a name is, not which place: "Raqqa city", "محافظة إدلب".
_KIND_WORDS = frozenset(
    {
        "city", "town", "village", "governorate", "province", "district", "subdistrict",
        "sub", "nahiya", "nahiyah", "mantiqah", "center", "centre",
        "مدينه", "محافظه", "بلده", "قريه", "ناحيه", "منطقه", "حي",
    }
)
_LATIN_VOWELS = re.compile(r"(?<=.)[aeiouyw]")
_ARABIC_LONG_VOWELS = re.compile("(?<=.)[اوي]")
_DOUBLED = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class GazetteerPlace:
    """One row of the packaged gazetteer."""

    pcode: str
    country: str
    level: int
    name_en: str
    name_ar: str
    alt_names: tuple[str, ...]
    parent_pcode: str | None
    lat: float | None
    lon: float | None
    # 1/2/3 when a community is the capital of a governorate/district/sub-district, else 0
    capital: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_en, self.name_ar, *self.alt_names)


@dataclass(frozen=True)
class Match:
    """A place found for a name, with how well and through which of its names it matched."""

    pcode: str
    name_en: str
    name_ar: str
    level: int
    parent_pcode: str | None
    governorate_pcode: str | None
    lat: float | None
    lon: float | None
    score: float
    matched_name: str


def _key_tokens(name: str | None) -> list[str]:
    toks = [t for t in normalise.query_tokens(name) if t not in _EXTRA_ARTICLES]
    if len(toks) > 1 and toks[0] in _CENTRE_WORDS:
        toks = toks[1:]
    return toks


def name_key(name: str | None) -> str:
    """The exact-match key of a name: normalised tokens without articles, joined without spaces.

    The build script uses the same key to decide which GeoNames or Syrian Archive spellings
    belong to an OCHA place, so the packaged data and the resolver agree.
    """
    return "".join(_key_tokens(name))


def skeleton_key(key: str) -> str:
    """The key reduced to its consonant frame, for transliteration variants of one name."""
    if not key:
        return ""
    if normalise.has_arabic(key):
        frame = _ARABIC_LONG_VOWELS.sub("", key.replace("ء", ""))
    else:
        frame = _LATIN_VOWELS.sub("", key.replace("q", "k"))
        frame = frame[:-1] if len(frame) > 2 and frame.endswith("h") else frame
    return _DOUBLED.sub(r"\1", frame)


def _trigrams(key: str) -> set[str]:
    padded = f" {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _parse_float(text: str) -> float | None:
    return float(text) if text else None


def read_places(path: Path | str | None = None) -> list[GazetteerPlace]:
    """All places of the packaged gazetteer file, parents before children."""
    with gzip.open(path or DATA_FILE, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path or DATA_FILE}: expected columns {COLUMNS}, found {reader.fieldnames}")
        return [
            GazetteerPlace(
                pcode=row["pcode"],
                country=row["country"],
                level=int(row["level"]),
                name_en=row["name_en"],
                name_ar=row["name_ar"],
                alt_names=tuple(n for n in row["alt_names"].split(ALT_SEPARATOR) if n),
                parent_pcode=row["parent"] or None,
                lat=_parse_float(row["lat"]),
                lon=_parse_float(row["lon"]),
                capital=int(row["capital"] or 0),
            )
            for row in reader
        ]


def write_places(places: list[GazetteerPlace]) -> bytes:
    """The packaged file's bytes for these places: CSV, gzip with a fixed header (reproducible)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in places:
        writer.writerow(
            [
                p.pcode, p.country, p.level, p.name_en, p.name_ar, ALT_SEPARATOR.join(p.alt_names),
                p.parent_pcode or "",
                "" if p.lat is None else f"{p.lat:.5f}",
                "" if p.lon is None else f"{p.lon:.5f}",
                p.capital or "",
            ]
        )
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return out.getvalue()


class Gazetteer:
    """The in-memory index over all places: by p-code, by key, by skeleton and by trigram."""

    def __init__(self, places: list[GazetteerPlace]):
        self.places = places
        self.by_pcode = {p.pcode: p for p in places}
        self.position = {p.pcode: i for i, p in enumerate(places)}
        # key -> [(place index, matched name, is primary name)]
        self.exact: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)
        self.skeleton: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for i, place in enumerate(places):
            for n, name in enumerate(place.names):
                key = name_key(name)
                if not key:
                    continue
                self.exact[key].append((i, name, n < 2))
                self.skeleton[skeleton_key(key)].append((i, name))
        self.keys = sorted(self.exact)
        self.trigram_postings: dict[str, list[int]] = defaultdict(list)
        for k, key in enumerate(self.keys):
            for gram in _trigrams(key):
                self.trigram_postings[gram].append(k)
        self.lineage = [self._lineage(p) for p in places]
        self.rank = [self._rank(p) for p in places]

    def _lineage(self, place: GazetteerPlace) -> tuple[str, ...]:
        chain = [place.pcode]
        parent = place.parent_pcode
        while parent:
            chain.append(parent)
            parent = self.by_pcode[parent].parent_pcode if parent in self.by_pcode else None
        return tuple(reversed(chain))

    @staticmethod
    def _rank(place: GazetteerPlace) -> int:
        # A community that is a governorate capital ranks with governorates, and so on.
        if place.level >= COMMUNITY_LEVEL and place.capital:
            return place.capital
        return place.level

    def match(self, i: int, score: float, matched_name: str) -> Match:
        place = self.places[i]
        lineage = self.lineage[i]
        return Match(
            pcode=place.pcode,
            name_en=place.name_en,
            name_ar=place.name_ar,
            level=place.level,
            parent_pcode=place.parent_pcode,
            governorate_pcode=lineage[GOVERNORATE_LEVEL] if len(lineage) > GOVERNORATE_LEVEL else None,
            lat=place.lat,
            lon=place.lon,
            score=round(score, 3),
            matched_name=matched_name,
        )

    def fuzzy_keys(self, key: str) -> list[tuple[float, str]]:
        """Keys similar to this one, with their difflib ratio, best first."""
        grams = _trigrams(key)
        shared: dict[int, int] = defaultdict(int)
        for gram in grams:
            for k in self.trigram_postings.get(gram, ()):
                shared[k] += 1
        if not shared:
            return []
        # Dice coefficient on trigrams picks a few candidates; difflib scores only those.
        dice = sorted(
            shared,
            key=lambda k: -2 * shared[k] / (len(grams) + len(self.keys[k]) + 2),
        )[:FUZZY_CANDIDATES]
        scored = []
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        for k in dice:
            matcher.set_seq1(self.keys[k])
            ratio = matcher.ratio()
            if ratio >= FUZZY_MIN_RATIO:
                scored.append((ratio, self.keys[k]))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return scored


_gazetteer: Gazetteer | None = None
_lock = threading.Lock()


def gazetteer() -> Gazetteer:
    """The index over the packaged file, built on first use and kept for the process."""
    global _gazetteer
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                _gazetteer = Gazetteer(read_places())
    return _gazetteer


def resolve(
    name: str | None,
    *,
    country: str | None = None,
    within: str | None = None,
    limit: int = 5,
) -> list[Match]:
    """Places the name may refer to, best first, at most `limit`; [] when nothing is close.

    `country` ("SY"/"IQ") and `within` narrow the search: `within` is the p-code (or p-code
    prefix) of a place the result must lie in or be, e.g. "SY07" for Idleb governorate. Arabic or Latin script, OCHA or
    media spellings, with or without article, are all accepted.
    """
    if not name or not isinstance(name, str) or limit <= 0:
        return []
    index = gazetteer()
    country = country.upper() if country else None

    def allowed(i: int) -> bool:
        if country and index.places[i].country != country:
            return False
        return not within or any(p.startswith(within) for p in index.lineage[i])

    toks = _key_tokens(name)
    keys = ["".join(toks)]
    bare = [t for t in toks if t not in _KIND_WORDS]
    if bare and len(bare) < len(toks):
        keys.append("".join(bare))
    keys = [k for k in keys if k]
    if not keys:
        return []

    # place index -> (tier, score, matched name); a place keeps its best way of matching
    found: dict[int, tuple[int, float, str]] = {}

    def offer(i: int, tier: int, score: float, matched_name: str) -> None:
        if not allowed(i):
            return
        best = found.get(i)
        if best is None or (tier, -score) < (best[0], -best[1]):
            found[i] = (tier, score, matched_name)

    for key in keys:
        for i, matched_name, primary in index.exact.get(key, ()):
            offer(i, 0, EXACT_SCORE if primary else EXACT_ALT_SCORE, matched_name)
        if len(key) < _MIN_VARIANT_KEY:
            continue
        for i, matched_name in index.skeleton.get(skeleton_key(key), ()):
            offer(i, 1, SKELETON_SCORE, matched_name)
    if len(found) < limit and len(keys[0]) >= _MIN_VARIANT_KEY:
        for ratio, key in index.fuzzy_keys(keys[0]):
            for i, matched_name, _primary in index.exact[key]:
                offer(i, 2, FUZZY_WEIGHT * ratio, matched_name)

    def order(item: tuple[int, tuple[int, float, str]]) -> tuple:
        i, (tier, score, _name) = item
        place = index.places[i]
        # Fuzzy matches order by similarity first; within exact tiers importance decides.
        closeness = -round(score, 2) if tier == 2 else 0
        return (tier, closeness, index.rank[i], -score, place.level, place.pcode)

    ordered = sorted(found.items(), key=order)[:limit]
    return [index.match(i, score, matched_name) for i, (_tier, score, matched_name) in ordered]


def get(pcode: str | None) -> GazetteerPlace | None:
    """The packaged place with this p-code, or None."""
    if not pcode:
        return None
    return gazetteer().by_pcode.get(pcode)


def ancestors(pcode: str | None) -> list[GazetteerPlace]:
    """The places containing this one, from the country down to its parent; [] if unknown."""
    index = gazetteer()
    place = get(pcode)
    if place is None:
        return []
    return [index.by_pcode[p] for p in index.lineage[index.position[place.pcode]][:-1]]

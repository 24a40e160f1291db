"""Person records -> the feature table Splink compares (one Arrow table, one row per record).

Each name is parsed once per distinct spelling (`names.parse_name` is cached), so a million
records that repeat a few hundred thousand spellings cost a few seconds. Input is either a list
of `PersonRecord`, or a table (a pyarrow Table or a Parquet path) with the same column names.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sijill.linkage.engine.given_names import given_name_roots
from sijill.linkage.engine.names import ParsedName, parse_name, vowel_pattern, vowel_slots
from sijill.linkage.engine.records import LinkageInputError, PersonRecord
from sijill.text.normalise import normalise

NAME_COLUMNS = (
    "given_ar", "given_lat", "given_key", "family_ar", "family_lat", "family_key",
    "mid1_key", "mid2_key", "middle_keys", "name_keys", "name_ar", "name_lat",
    "given_vslot", "given_vpat", "family_vslot", "family_vpat",
    "sole_name", "given_roots", "given_initial",
)
_SEX = {"male": "m", "m": "m", "man": "m", "boy": "m", "ذكر": "m",
        "female": "f", "f": "f", "woman": "f", "girl": "f", "انثي": "f", "انثى": "f"}


@lru_cache(maxsize=1024)
def _sex(value) -> str | None:
    if value is None:
        return None
    return _SEX.get(normalise(str(value)).strip())


_RELATION = {"boy": "son", "child": "son", "baby": "son", "infant": "son", "طفل": "son",
             "girl": "daughter", "طفله": "daughter", "زوجه": "wife", "والده": "mother",
             "والد": "father"}


@lru_cache(maxsize=300_000)
def _name_features(name_ar: str, name_lat: str) -> tuple:
    ar = parse_name(name_ar) if name_ar else ParsedName()
    lat = parse_name(name_latin_or_empty(name_lat)) if name_lat else ParsedName()
    # Arabic-script parts lead when present: the Latin spelling is someone's transliteration.
    primary = ar if ar.parts else lat
    if not primary.parts:
        return (None,) * len(NAME_COLUMNS)

    def text(parsed: ParsedName, which: str) -> str | None:
        part = getattr(parsed, which)
        return part.text if part is not None else None

    middle = primary.middle
    # "Son of Khaled Ahmad" is not Khaled Ahmad: the relation goes into the given name.
    relation = _RELATION.get(primary.relation or "", primary.relation)
    mark = f"{relation}>" if relation else ""
    given_ar, given_lat = text(ar, "given"), text(lat, "given")
    # A name written in Latin letters only, as English-language records are: one word alone may
    # be the family name ("Hopkins") as well as the given name; an English given name has
    # familiar and foreign forms (Bill, William); "J." is an initial. Records with an Arabic
    # spelling keep the Arabic rules alone.
    latin_only = not ar.parts
    # compared as written: the key, made for Arabic transliterations, makes Price and Brook one
    sole = primary.given.text if latin_only and len(primary.parts) == 1 and not relation else None
    roots = given_name_roots(given_lat) if latin_only and not relation else None
    initial = given_lat if latin_only and given_lat and len(given_lat) == 1 else None
    return (
        mark + given_ar if given_ar else None,
        mark + given_lat if given_lat else None,
        mark + primary.given.key,
        text(ar, "family"),
        text(lat, "family"),
        primary.family.key if primary.family else None,
        middle[0].key if len(middle) > 0 else None,
        middle[1].key if len(middle) > 1 else None,
        " ".join(p.key for p in middle) or None,
        " ".join(primary.keys),
        " ".join(p.text for p in ar.parts) or None,
        " ".join(p.text for p in lat.parts) or None,
        vowel_slots(primary.given.text),
        vowel_pattern(primary.given.text),
        vowel_slots(primary.family.text) if primary.family else None,
        vowel_pattern(primary.family.text) if primary.family else None,
        sole,
        roots,
        initial,
    )


def name_latin_or_empty(value: str) -> str:
    return value or ""


def _place(pcode: str | None, lat, lon) -> tuple:
    if not pcode:
        return None, None, lat, lon
    from sijill.places import resolver  # plain Python, no Django

    place = resolver.get(pcode)
    if place is None:
        return pcode, None, lat, lon
    subdistrict = None
    chain = [*resolver.ancestors(pcode), place]
    for item in chain:
        if item.level == 3:
            subdistrict = item.pcode
    if lat is None and place.lat is not None:
        lat, lon = place.lat, place.lon
    return pcode, subdistrict, lat, lon


_place_cached = lru_cache(maxsize=100_000)(_place)


def _int(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _records_to_columns(records: Iterable[PersonRecord]) -> dict[str, list]:
    cols: dict[str, list] = {name: [] for name in PERSON_INPUT_COLUMNS}
    attr_names: set[str] = set()
    attrs: list[dict] = []
    for record in records:
        if not isinstance(record, PersonRecord):
            raise LinkageInputError(f"expected PersonRecord, got {type(record).__name__}")
        for name in PERSON_INPUT_COLUMNS:
            cols[name].append(getattr(record, name))
        row_attrs = dict(record.attributes)
        attr_names.update(row_attrs)
        attrs.append(row_attrs)
    for name in sorted(attr_names):
        cols["x_" + name] = [a.get(name) for a in attrs]
    return cols


PERSON_INPUT_COLUMNS = (
    "id", "source", "name_ar", "name_latin", "sex", "age", "birth_year", "event_date",
    "place_pcode", "latitude", "longitude", "birth_date",
)


def person_features(records) -> pa.Table:
    """The feature table for a list of PersonRecord, a pyarrow Table or a Parquet file path.

    A table input needs `id` and `source` and any of the other PersonRecord fields as columns;
    columns named `x_<name>` are extra attributes.
    """
    if isinstance(records, (str, Path)):
        records = pq.read_table(records)
    if isinstance(records, pa.Table):
        missing = {"id", "source"} - set(records.column_names)
        if missing:
            raise LinkageInputError(f"the person table lacks the column(s) {sorted(missing)}")
        cols = {name: records.column(name).to_pylist() for name in records.column_names
                if name in PERSON_INPUT_COLUMNS or name.startswith("x_")}
    else:
        cols = _records_to_columns(records)
    n = len(cols["id"])
    for name in PERSON_INPUT_COLUMNS:
        cols.setdefault(name, [None] * n)
    ids = [str(x) for x in cols["id"]]
    if len(set(ids)) != n:
        raise LinkageInputError("record ids must be unique")

    name_rows = [
        _name_features(a or "", b or "") for a, b in zip(cols["name_ar"], cols["name_latin"], strict=True)
    ]
    out: dict[str, pa.Array | list] = {
        "unique_id": ids,
        "source": [str(s) if s is not None else "" for s in cols["source"]],
    }
    for i, name in enumerate(NAME_COLUMNS):
        out[name] = [row[i] for row in name_rows]
    # In a list with Arabic spellings, Latin names are transliterations of Arabic names, and a
    # word alone is the given name (or a laqab compared as one).
    if any(out["given_ar"]):
        out["sole_name"] = [None] * n
    else:
        out["sole_name"] = _family_like(out["sole_name"], out["given_lat"], out["family_lat"])
    out["sex"] = [_sex(s) for s in cols["sex"]]
    birth_year = []
    event_dates = []
    ages = []
    for by, age, ev in zip(cols["birth_year"], cols["age"], cols["event_date"], strict=True):
        ev = _date(ev)
        event_dates.append(ev)
        by = _int(by)
        age = _int(age)
        age = age if age is not None and 0 <= age < 120 else None
        ages.append(age)
        if by is None and age is not None and ev is not None:
            by = ev.year - age
        birth_year.append(by)
    out["birth_year"] = pa.array(birth_year, pa.int32())
    # Age at the event: two reports of one death give one age even when one lacks the date.
    out["age"] = pa.array(ages, pa.int32())
    out["event_date"] = pa.array(event_dates, pa.date32())
    out["event_year"] = pa.array([d.year if d else None for d in event_dates], pa.int32())
    # Seven-day bins: lists that report a death a day or a few days apart still share one.
    out["event_week"] = pa.array([d.toordinal() // 7 if d else None for d in event_dates],
                                 pa.int32())
    places = [
        _place_cached(p or None, _float(la), _float(lo))
        for p, la, lo in zip(cols["place_pcode"], cols["latitude"], cols["longitude"], strict=True)
    ]
    out["place"] = [p[0] for p in places]
    out["subdistrict"] = [p[1] for p in places]
    out["lat"] = pa.array([p[2] for p in places], pa.float64())
    out["lon"] = pa.array([p[3] for p in places], pa.float64())
    out["birth_date"] = [_birth_date(v) for v in cols["birth_date"]]
    for name in sorted(k for k in cols if k.startswith("x_")):
        out[name] = [normalise(str(v)) or None if v is not None else None for v in cols[name]]
    return pa.table(out)


def _family_like(sole: list, given: list, family: list) -> list:
    """Of the words written alone, those this list writes more often as a family name than as a
    given name ("Hopkins", not "William"; in Syrian lists "Mohammad" alone is a given name)."""
    if not any(sole):
        return sole
    given_count = Counter(g for g, s in zip(given, sole, strict=True) if g and not s)
    family_count = Counter(f for f in family if f)
    return [s if s and family_count[s] > given_count[s] else None for s in sole]


_DATE_SHAPED = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _birth_date(value) -> str | None:
    """A date of birth as ISO text; one written with a typo ("1816-84-22") is kept as written:
    it is no date, yet one letter from the right one."""
    if (date := _date(value)) is not None:
        return date.isoformat()
    text = str(value).strip() if value is not None else ""
    return text if _DATE_SHAPED.match(text) else None


def _float(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def present(table: pa.Table, column: str) -> bool:
    """True when the column exists and has at least one value."""
    return column in table.column_names and table.column(column).null_count < len(table) and (
        pc.count(table.column(column)).as_py() > 0
    )

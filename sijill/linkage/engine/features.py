"""Person records -> the feature table Splink compares (one Arrow table, one row per record).

Each distinct (Arabic, Latin) name pair, date, age and place is read once and its features are
spread back to the records with Arrow (a million generated records hold ~820,000 name pairs,
3,700 dates, 5,000 places); the name pairs of a large table are shared out between processes.
Input is either a list of `PersonRecord`, or a table (a pyarrow Table or a Parquet path) with
the same column names.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sijill.linkage.engine.given_names import given_name_roots
from sijill.linkage.engine.names import ParsedName, parse_name, vowel_code, vowel_mask, vowel_slots
from sijill.linkage.engine.records import LinkageInputError, PersonRecord
from sijill.text.normalise import normalise

NAME_COLUMNS = (
    "given_ar", "given_lat", "given_key", "family_ar", "family_lat", "family_key",
    "mid1_key", "mid2_key", "middle_keys", "name_keys", "name_ar", "name_lat",
    "given_vslot", "given_vcode", "given_vmask", "family_vslot", "family_vcode", "family_vmask",
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


def _name_features(ar: ParsedName, lat: ParsedName) -> tuple:
    """The NAME_COLUMNS of one record from its Arabic and Latin names, parsed."""
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
        vowel_code(primary.given.text),
        vowel_mask(primary.given.text),
        vowel_slots(primary.family.text) if primary.family else None,
        vowel_code(primary.family.text) if primary.family else None,
        vowel_mask(primary.family.text) if primary.family else None,
        sole,
        roots,
        initial,
    )


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


def _records_to_table(records: Iterable[PersonRecord]) -> pa.Table:
    cols = _records_to_columns(records)
    arrays = {}
    for name, values in cols.items():
        try:
            arrays[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # values of mixed types (12 and "13"): their text, which the parsers below read alike
            arrays[name] = pa.array([None if v is None else str(v) for v in values], pa.string())
    return pa.table(arrays) if arrays else pa.table({"id": pa.array([], pa.string())})


def _mapped(column, function, type_: pa.DataType) -> pa.Array:
    """`function` applied to each distinct value of the column, spread back to every row.

    A million records hold a few thousand dates, ages, places and sexes: each is read once.
    """
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_null(column.type):
        return pa.nulls(len(column), type_)
    encoded = pc.dictionary_encode(column)
    values = pa.array([function(v) for v in encoded.dictionary.to_pylist()], type_)
    return values.take(encoded.indices)


def _distinct_rows(*columns) -> tuple[list[tuple], np.ndarray]:
    """The distinct value combinations of the columns, and the index of each row's combination."""
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    dictionaries = []
    for column in columns:
        column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        encoded = pc.dictionary_encode(column)
        values = encoded.dictionary.to_pylist()
        # a null row gets the code after the last value
        indices = encoded.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)
        dictionaries.append([*values, None])
        codes = codes * (len(values) + 1) + indices.astype(np.int64)
    unique, inverse = np.unique(codes, return_inverse=True)
    rows = []
    for code in unique.tolist():
        row = []
        for values in reversed(dictionaries):
            code, index = divmod(code, len(values))
            row.append(values[index])
        rows.append(tuple(reversed(row)))
    return rows, inverse


PERSON_INPUT_COLUMNS = (
    "id", "source", "name_ar", "name_latin", "sex", "age", "birth_year", "event_date",
    "place_pcode", "latitude", "longitude", "birth_date",
)


def person_features(records) -> pa.Table:
    """The feature table for a list of PersonRecord, a pyarrow Table or a Parquet file path.

    A table input needs `id` and `source` and any of the other PersonRecord fields as columns;
    columns named `x_<name>` are extra attributes. Each distinct name, date, age or place is
    read once and its features spread back to the rows that hold it (Arrow `take`), and the
    names of a large table are parsed in several processes (`name_processes`).
    """
    if isinstance(records, (str, Path)):
        records = pq.read_table(records)
    if isinstance(records, pa.Table):
        missing = {"id", "source"} - set(records.column_names)
        if missing:
            raise LinkageInputError(f"the person table lacks the column(s) {sorted(missing)}")
        table = records
    else:
        table = _records_to_table(records)
    n = len(table)
    cols = {name: table.column(name) for name in table.column_names
            if name in PERSON_INPUT_COLUMNS or name.startswith("x_")}
    for name in PERSON_INPUT_COLUMNS:
        if name not in cols:
            cols[name] = pa.nulls(n)
    ids = cols["id"]
    ids = ids.cast(pa.string()) if pa.types.is_string(ids.type) else _mapped(ids, str, pa.string())
    if pc.count_distinct(ids).as_py() != n or ids.null_count:
        raise LinkageInputError("record ids must be unique")

    out: dict[str, pa.Array | pa.ChunkedArray] = {
        "unique_id": ids,
        "source": _mapped(cols["source"], lambda s: str(s) if s is not None else "", pa.string())
        .fill_null(""),
    }
    out.update(_name_columns(cols["name_ar"], cols["name_latin"]))
    # In a list with Arabic spellings, Latin names are transliterations of Arabic names, and a
    # word alone is the given name (or a laqab compared as one).
    if pc.any(pc.is_valid(out["given_ar"])).as_py():
        out["sole_name"] = pa.nulls(n, pa.string())
    else:
        out["sole_name"] = pa.array(_family_like(out["sole_name"].to_pylist(), out["given_lat"].to_pylist(),
                                                 out["family_lat"].to_pylist()), pa.string())
    out["sex"] = _mapped(cols["sex"], _sex, pa.string())
    event_date = _mapped(cols["event_date"], _date, pa.date32())
    age = _mapped(cols["age"], _age, pa.int32())
    # Birth year as given, else from the age at the event and the event's year.
    event_year = pc.year(event_date).cast(pa.int32())
    out["birth_year"] = pc.coalesce(
        _mapped(cols["birth_year"], _int, pa.int32()), pc.subtract(event_year, age)
    )
    # Age at the event: two reports of one death give one age even when one lacks the date.
    out["age"] = age
    out["event_date"] = event_date
    out["event_year"] = event_year
    # Seven-day bins: lists that report a death a day or a few days apart still share one.
    # (days since 1970-01-01 plus the proleptic ordinal of that day, as date.toordinal() // 7)
    out["event_week"] = pc.divide(
        pc.add(event_date.cast(pa.int32()), _ORDINAL_OF_EPOCH), 7
    ).cast(pa.int32())
    out.update(_place_columns(cols["place_pcode"], cols["latitude"], cols["longitude"]))
    out["birth_date"] = _mapped(cols["birth_date"], _birth_date, pa.string())
    for name in sorted(k for k in cols if k.startswith("x_")):
        out[name] = _mapped(cols[name], _attribute, pa.string())
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


_ORDINAL_OF_EPOCH = datetime.date(1970, 1, 1).toordinal()


def _age(value) -> int | None:
    age = _int(value)
    return age if age is not None and 0 <= age < 120 else None


def _attribute(value) -> str | None:
    return normalise(str(value)) or None if value is not None else None


def _text(column) -> pa.Array:
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_string(column.type):
        column = _mapped(column, lambda v: str(v) if v is not None else "", pa.string())
    return column.fill_null("")


def _name_columns(name_ar, name_lat) -> dict[str, pa.Array]:
    """The NAME_COLUMNS of each row, computed once per distinct (Arabic, Latin) name pair."""
    rows, inverse = _distinct_rows(_text(name_ar), _text(name_lat))
    distinct = _name_feature_table(rows)
    indices = pa.array(inverse)
    return {name: distinct.column(name).take(indices) for name in NAME_COLUMNS}


# Below this many distinct names a second process costs more (its start, its cold caches) than
# it saves.
PARALLEL_NAMES = 50_000


def name_processes() -> int:
    """Processes that parse names: SIJILL_LINKAGE_PROCESSES, else the CPUs this process may use."""
    configured = os.environ.get("SIJILL_LINKAGE_PROCESSES")
    if configured:
        return max(1, int(configured))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _name_feature_table(rows: list[tuple[str, str]]) -> pa.Table:
    processes = min(name_processes(), max(1, len(rows) // (PARALLEL_NAMES // 2)))
    if processes == 1:
        return _name_table(rows)
    size = -(-len(rows) // processes)
    chunks = [rows[i:i + size] for i in range(0, len(rows), size)]
    workers = [_NameWorker(chunk) for chunk in chunks[1:]]
    tables = [_name_table(chunks[0])]
    tables += [worker.result() for worker in workers]
    return pa.concat_tables(tables)


# every name column is text but the forms of an English given name (a list) and vowel bits
_NAME_TYPES = {"given_roots": pa.list_(pa.string()),
               **{f"{part}_{bits}": pa.int64() for part in ("given", "family")
                  for bits in ("vcode", "vmask")}}


def _name_table(rows: list[tuple[str, str]]) -> pa.Table:
    # Each distinct name is parsed once here: a list holds far fewer names in each script than
    # (Arabic, Latin) pairs, and more than a cache of parsed names would keep.
    parsed: dict[str, ParsedName] = {"": ParsedName()}

    def parse(name: str | None) -> ParsedName:
        name = name or ""
        found = parsed.get(name)
        if found is None:
            found = parsed[name] = parse_name(name)
        return found

    features = [_name_features(parse(a), parse(b)) for a, b in rows]
    return pa.table(
        {name: pa.array([f[i] for f in features], _NAME_TYPES.get(name, pa.string()))
         for i, name in enumerate(NAME_COLUMNS)}
    )


class _NameWorker:
    """A Python process that computes the name features of some names, beside this one.

    A plain subprocess that reads and writes Arrow streams: neither fork (the caller may hold
    threads, DuckDB's or a web server's, that fork would copy in whatever state they are) nor
    multiprocessing's spawn (which imports the caller's main module again).
    """

    def __init__(self, rows: list[tuple[str, str]]):
        root = str(Path(__file__).resolve().parents[3])  # the directory that holds `sijill`
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-c",
             "from sijill.linkage.engine.features import name_worker; name_worker()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path},
        )
        names = pa.table({"ar": [a for a, _ in rows], "lat": [b for _, b in rows]})
        # written from a thread: the worker reads only once it has started
        self.writer = threading.Thread(target=_write_stream, args=(self.process.stdin, names))
        self.writer.start()

    def result(self) -> pa.Table:
        table = pa.ipc.open_stream(self.process.stdout).read_all()
        self.writer.join()
        if self.process.wait() != 0:
            raise RuntimeError(f"the name feature process failed (exit {self.process.returncode})")
        return table


def _write_stream(stream, table: pa.Table) -> None:
    with pa.ipc.new_stream(stream, table.schema) as writer:
        writer.write_table(table)
    stream.close()


def name_worker() -> None:
    """Entry point of a `_NameWorker` process: name pairs on stdin, their features on stdout."""
    names = pa.ipc.open_stream(sys.stdin.buffer).read_all()
    rows = list(zip(names.column("ar").to_pylist(), names.column("lat").to_pylist(), strict=True))
    _write_stream(sys.stdout.buffer, _name_table(rows))


def _place_columns(pcode, lat, lon) -> dict[str, pa.Array]:
    """Community, sub-district and coordinates (the gazetteer's where a record has none)."""
    rows, inverse = _distinct_rows(
        _mapped(pcode, lambda p: p or None, pa.string()),
        _mapped(lat, _float, pa.float64()), _mapped(lon, _float, pa.float64()),
    )
    places = [_place_cached(*row) for row in rows]
    indices = pa.array(inverse)
    return {
        name: pa.array([p[i] for p in places], type_).take(indices)
        for i, (name, type_) in enumerate(
            (("place", pa.string()), ("subdistrict", pa.string()), ("lat", pa.float64()),
             ("lon", pa.float64()))
        )
    }


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

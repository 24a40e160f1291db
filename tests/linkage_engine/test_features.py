"""The feature table: one row per record, each distinct value read once, the same table whether
names are parsed in this process or shared out between several."""

import datetime

import pyarrow as pa

from sijill.linkage.engine import PersonRecord, features, persons
from sijill.linkage.engine.features import person_features

D = datetime.date

RECORDS = [
    PersonRecord(id="a1", source="field", name_ar="محمد الحسين", name_latin="Mohammad al-Hussein",
                 sex="male", age=30, event_date=D(2017, 6, 1), place_pcode="C1002"),
    PersonRecord(id="a2", source="vdc", name_latin="Muhammed Alhussain", sex="Male", age=31,
                 event_date=D(2017, 6, 1), place_pcode="C1002"),
    PersonRecord(id="b1", source="field", name_ar="فاطمة أحمد الخلف", sex="female", age=12,
                 event_date=D(2016, 3, 9), place_pcode="C1001"),
    PersonRecord(id="b2", source="airwars", name_latin="Fatimah Ahmed Alkhalaf", age=130,
                 birth_year=2004),
    PersonRecord(id="c1", source="field", name_ar="محمد الحسين", sex="ذكر", age=45,
                 event_date=D(2015, 1, 20), birth_date=D(1970, 2, 3)),
]


def test_each_record_gets_the_features_of_its_own_values():
    table = person_features(RECORDS).to_pydict()
    assert table["unique_id"] == ["a1", "a2", "b1", "b2", "c1"]
    assert table["given_key"] == ["MHMD", "MHMD", "FTM", "FTM", "MHMD"]
    assert table["family_key"] == ["HSN", "HSN", "KLF", "KLF", "HSN"]
    assert table["sex"] == ["m", "m", "f", None, "m"]
    # an age of 130 is no age; the birth year given stands, else it comes from age and date
    assert table["age"] == [30, 31, 12, None, 45]
    assert table["birth_year"] == [1987, 1986, 2004, 2004, 1970]
    assert table["event_week"] == [D(2017, 6, 1).toordinal() // 7] * 2 + [
        D(2016, 3, 9).toordinal() // 7, None, D(2015, 1, 20).toordinal() // 7]
    assert table["birth_date"] == [None, None, None, None, "1970-02-03"]
    assert table["place"] == ["C1002", "C1002", "C1001", None, None]


def test_names_parsed_in_several_processes_give_the_same_table(monkeypatch):
    alone = person_features(RECORDS)
    monkeypatch.setattr(features, "PARALLEL_NAMES", 2)
    monkeypatch.setenv("SIJILL_LINKAGE_PROCESSES", "2")
    shared = person_features(RECORDS)
    assert shared.equals(alone)


def test_a_table_with_mixed_value_types_reads_like_the_records():
    table = pa.table({"id": [1, 2], "source": ["x", None], "age": ["40", "x"],
                      "name_latin": ["Fares Qaddah", None]})
    out = person_features(table).to_pydict()
    assert out["unique_id"] == ["1", "2"] and out["source"] == ["x", ""]
    assert out["age"] == [40, None] and out["given_key"] == ["FRS", None]


def _keys_table(records: int, names: int) -> pa.Table:
    return pa.table({
        "unique_id": [str(i) for i in range(records)],
        "given_key": [f"G{i % names}" for i in range(records)],
        "family_key": [f"F{i % names}" for i in range(records)],
        "event_date": pa.array([D(2015, 1, 1 + i % 28) for i in range(records)], pa.date32()),
        "birth_year": pa.array([i for i in range(records)], pa.int32()),
    })


def test_training_sample_shrinks_where_shared_names_would_give_too_many_pairs(monkeypatch):
    monkeypatch.setattr(persons, "PAIR_PROBE", 500)
    monkeypatch.setattr(persons, "TRAINING_PAIRS", 10_000)
    # 4,000 records over 40 names: ~200,000 pairs under the name rule; a sample of about
    # 4,000 * sqrt(10,000 / 200,000) = 900 records keeps ~10,000 of them
    assert 700 < persons._training_size(_keys_table(4000, 40)) < 1100
    # every name once: few pairs, every record is trained on
    assert persons._training_size(_keys_table(4000, 4000)) == 4000

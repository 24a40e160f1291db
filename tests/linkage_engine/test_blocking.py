"""Blocking that stays selective as a list grows: a block of many namesakes is split by month,
then day; a small block is left whole; a split never parts records that agree on the finer
column, and the pairs of a list of namesakes grow with the list, not with its square."""

import datetime

from sijill.linkage.engine import PersonRecord
from sijill.linkage.engine.blocking import BLOCK_SIZE

from .blocked_pairs import blocked_pairs

D = datetime.date


def _namesakes(count: int, *, days: int) -> list[PersonRecord]:
    """`count` men named محمد الأحمد killed in 2015, spread over `days` days, in no one place."""
    return [
        PersonRecord(id=f"p{i}", source="field" if i % 2 else "vdc", name_ar="محمد الأحمد",
                     event_date=D(2015, 1, 1) + datetime.timedelta(days=i * days // count))
        for i in range(count)
    ]


def test_a_small_block_of_namesakes_compares_every_pair():
    records = _namesakes(BLOCK_SIZE, days=300)
    assert len(blocked_pairs(records)) == BLOCK_SIZE * (BLOCK_SIZE - 1) // 2


def test_a_large_block_of_namesakes_compares_only_those_of_one_month():
    records = _namesakes(BLOCK_SIZE * 4, days=300)
    pairs = blocked_pairs(records)
    date = {r.id: r.event_date for r in records}
    same_month = {
        (a.id, b.id) for a in records for b in records if a.id < b.id
        and (date[a.id].year, date[a.id].month) == (date[b.id].year, date[b.id].month)
    }
    # the pairs of one month are all there; the pairs of two months apart are not
    assert same_month <= pairs
    assert all(abs((date[a] - date[b]).days) <= 31 for a, b in pairs)
    assert len(pairs) < len(records) * (len(records) - 1) // 2 / 4


def test_pairs_of_namesakes_grow_with_the_list_not_with_its_square():
    small, large = (len(blocked_pairs(_namesakes(n, days=360))) for n in (200, 800))
    # four times the records, spread over the same year: every pair would be 16 times as many;
    # within a month's (then a day's) block of at most BLOCK_SIZE, at most four times
    assert large <= 4.5 * small


def test_a_record_in_a_split_block_still_meets_its_namesake_of_the_same_day():
    records = _namesakes(BLOCK_SIZE * 10, days=20)
    late = PersonRecord(id="late", source="snhr", name_latin="Mohammad al-Ahmad",
                        event_date=records[-1].event_date)
    pairs = blocked_pairs([*records, late])
    assert (records[-1].id, "late") in pairs or ("late", records[-1].id) in pairs

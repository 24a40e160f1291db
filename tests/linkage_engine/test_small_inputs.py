"""A handful of records is a clear result, never a traceback: too few pairs to estimate m and u
leaves Splink's default values and says so in the run's statistics; a prior of 0 or 1 (every
pair or no pair meets the deterministic rule) is kept inside (0, 1)."""

import datetime

import pytest

from sijill.linkage.engine import IncidentRecord, PersonRecord, link_incidents, link_persons

D = datetime.date

PEOPLE = [
    PersonRecord(id="a1", source="field", name_ar="محمد الحسين", name_latin="Mohammad al-Hussein",
                 sex="male", age=30, event_date=D(2017, 6, 1), place_pcode="C1002"),
    PersonRecord(id="a2", source="vdc", name_latin="Muhammed Alhussain", sex="male", age=31,
                 event_date=D(2017, 6, 1), place_pcode="C1002"),
    PersonRecord(id="b1", source="field", name_ar="فاطمة أحمد الخلف", sex="female", age=12,
                 event_date=D(2016, 3, 9), place_pcode="C1001"),
    PersonRecord(id="b2", source="airwars", name_latin="Fatimah Ahmed Alkhalaf", sex="female",
                 age=12, event_date=D(2016, 3, 9), place_pcode="C1001"),
    PersonRecord(id="c1", source="field", name_ar="خالد يوسف العلي", sex="male", age=45,
                 event_date=D(2015, 1, 20), place_pcode="C1001"),
]


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_records_give_no_pairs_and_no_clusters(count):
    result = link_persons(PEOPLE[:count])
    assert result.pairs == [] and result.clusters == []
    assert result.stats["records"] == count


def test_two_records_of_one_man_across_scripts_are_one_cluster_with_a_note():
    result = link_persons(PEOPLE[:2])
    assert result.clusters == [["a1", "a2"]]
    assert any("not estimated" in note for note in result.stats["training_notes"])


def test_two_records_of_different_people_stay_apart():
    result = link_persons([PEOPLE[0], PEOPLE[4]])
    assert result.clusters == []
    assert any("prior" in note for note in result.stats["training_notes"])


def test_five_records_give_their_two_people_seen_twice():
    result = link_persons(PEOPLE)
    assert result.clusters == [["a1", "a2"], ["b1", "b2"]]


def _report(rid, source, day, place=None, days=0):
    return IncidentRecord(id=rid, source=source, start_date=day,
                          end_date=day + datetime.timedelta(days=days), place_pcode=place,
                          violation_type="killing")


def test_incidents_without_a_shared_date_or_place_are_not_linked_and_do_not_fail():
    reports = [_report("i1", "airwars", D(2017, 1, 1), "C1001"),
               _report("i2", "vdc", D(2017, 3, 1), "C1002", days=1),
               _report("i3", "vdc", D(2018, 3, 1), days=1)]
    result = link_incidents(reports)
    assert result.clusters == []
    assert any("prior" in note for note in result.stats["training_notes"])


def test_a_few_incidents_reported_twice_on_one_day_at_one_place_are_linked():
    reports = [_report("i1", "airwars", D(2017, 1, 1), "C1001"),
               _report("i2", "vdc", D(2017, 1, 1), "C1001"),
               _report("i3", "vdc", D(2018, 3, 1), "C1002", days=1)]
    assert link_incidents(reports).clusters == [["i1", "i2"]]

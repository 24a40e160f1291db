"""Loading the packaged gazetteer into the database: counts, idempotence, nested paths."""

from __future__ import annotations

from collections import Counter

import pytest

from sijill.places.models import Level, Place
from sijill.places.selectors import place_descendant_filter, place_get, place_search
from sijill.places.services import gazetteer_load

# Rows in the OCHA files under ../shared/data/gazetteer (see each SOURCE.txt)
EXPECTED_COUNTS = {
    ("SY", Level.COUNTRY): 1,
    ("SY", Level.GOVERNORATE): 14,
    ("SY", Level.DISTRICT): 62,
    ("SY", Level.SUBDISTRICT): 272,
    ("SY", Level.COMMUNITY): 5251,
    ("SY", Level.NEIGHBOURHOOD): 414,
    ("IQ", Level.COUNTRY): 1,
    ("IQ", Level.GOVERNORATE): 18,
    ("IQ", Level.DISTRICT): 101,
    ("IQ", Level.SUBDISTRICT): 294,
}


def test_load_creates_every_ocha_place_of_syria_and_iraq(gazetteer_loaded):
    counts = Counter(Place.objects.values_list("country", "level"))
    assert dict(counts) == EXPECTED_COUNTS
    total = sum(EXPECTED_COUNTS.values())
    assert gazetteer_loaded == {"created": total, "updated": 0, "unchanged": 0, "total": total}


def test_load_is_idempotent_when_run_twice(gazetteer_loaded):
    before = list(Place.objects.order_by("pcode").values())
    again = gazetteer_load()
    assert again["created"] == 0 and again["updated"] == 0
    assert again["unchanged"] == gazetteer_loaded["total"]
    assert list(Place.objects.order_by("pcode").values()) == before


def test_paths_nest_and_every_community_lies_in_its_governorate(gazetteer_loaded):
    places = {p.pcode: p for p in Place.objects.all()}
    by_id = {p.pk: p for p in places.values()}
    for place in places.values():
        if place.parent_id is None:
            assert place.level == Level.COUNTRY and place.path == f"{place.pcode}/"
        else:
            parent = by_id[place.parent_id]
            assert place.path == f"{parent.path}{place.pcode}/"
            assert place.level == parent.level + 1
    raqqa_city = places["C5710"]
    assert raqqa_city.path == "SY/SY11/SY1101/SY110100/C5710/"
    for community in (p for p in places.values() if p.level == Level.COMMUNITY):
        governorate = places[community.path.split("/")[1]]
        assert governorate.level == Level.GOVERNORATE
        assert community.path.startswith(governorate.path)


def test_search_names_hold_both_scripts_without_articles(gazetteer_loaded):
    raqqa = place_get("SY11")
    assert raqqa is not None and raqqa.name_en == "Ar-Raqqa"
    words = raqqa.search_names.split()
    assert {"raqqa", "الرقه", "رقه"} <= set(words)
    assert place_get("NOPE") is None and place_get("") is None


def test_user_added_names_survive_a_reload_unless_replaced(gazetteer_loaded):
    place = Place.objects.get(pcode="C1946")
    place.alt_names = [*place.alt_names, "Kobanî town"]
    place.save()
    counts = gazetteer_load()
    assert counts["updated"] == 1  # its search names now include the added spelling
    place.refresh_from_db()
    assert "Kobanî town" in place.alt_names and "town" in place.search_names.split()
    assert gazetteer_load()["updated"] == 0
    gazetteer_load(replace=True)
    place.refresh_from_db()
    assert "Kobanî town" not in place.alt_names


def test_place_search_returns_rows_in_resolver_order(gazetteer_loaded):
    places = place_search("الرقة", limit=3)
    assert [p.pcode for p in places] == ["SY11", "C5710", "SY1101"]
    assert place_search("", limit=3) == [] and place_search(None) == []


@pytest.mark.django_db
def test_place_search_is_empty_before_the_gazetteer_is_loaded():
    assert place_search("Raqqa") == []


def test_descendant_filter_finds_everything_inside_a_governorate(gazetteer_loaded):
    idleb = place_get("SY07")
    inside = Place.objects.filter(place_descendant_filter("path", idleb))
    assert inside.filter(level=Level.COMMUNITY).count() > 100
    assert set(inside.values_list("path", flat=True)) == {
        p for p in Place.objects.values_list("path", flat=True) if p.startswith("SY/SY07/")
    }
    assert not inside.filter(pcode="C5710").exists()

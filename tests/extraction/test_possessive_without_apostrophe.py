"""Copied pages drop the apostrophe of a possessive: "Aleppos eastern districts", "Idlibs countryside"."""

from sijill.extraction import extract


def _places(text):
    return [(p["name_en"], p["governorate"]) for p in extract(text).places]


def test_a_possessive_without_its_apostrophe_is_the_place():
    text = "Barrel bombs killed 12 civilians in Idlibs southern countryside on Monday. Aleppo was calm."
    assert ("Idleb", "SY07") in _places(text)
    assert extract(text).incident["place"]["governorate"] == "SY07"
    assert _places("Rockets hit Aleppos eastern districts.") == [("Aleppo", "SY02")]


def test_short_names_and_plurals_are_not_read_as_possessives():
    # "Hamas" is the Palestinian movement, not Hama's; "harems" is a word, not Harim's
    places = _places("Hamas leaders condemned the strikes on Homs. Harems and Katanas were shown.")
    assert [g for _t, g in places] == ["SY04"]

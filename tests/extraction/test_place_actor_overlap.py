"""A party's name is not read as a village that shares its spelling."""

from sijill.extraction import extract
from sijill.extraction.places import PlaceFinder
from sijill.extraction.words import words

TEXT = ("Government forces shelled Khan Sheikhoun in Idlib province, while Ahrar al-Sham fighters "
        "fired back.")


def test_a_party_name_is_not_also_a_place():
    # the gazetteer alone reads "Ahrar" as a place
    assert any(p.text.startswith("Ahrar") for p in PlaceFinder().find(TEXT, words(TEXT)))
    result = extract(TEXT)
    assert {a["text"] for a in result.actors} >= {"Ahrar al-Sham"}
    assert not any(p["text"].startswith("Ahrar") for p in result.places)
    assert result.incident["place"]["governorate_name"] == "Idleb"

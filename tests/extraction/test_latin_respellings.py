"""Latin spellings the gazetteer does not hold: a possessive whose apostrophe a copied page dropped ("Aleppos
 eastern districts", "Idlibs countryside"), a name ending -ah where the gazetteer writes -eh."""

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


def test_a_name_ending_ah_is_the_place_spelled_eh_and_the_reverse():
    # the gazetteer spells the Mayadin village Quriyeh; reports write Quriyah
    places = _places("Russian air raids on the town of Al Quriyah southeast of Deir Ezzor killed 58 civilians.")
    assert ("Quriyeh", "SY09") in places


def test_the_first_word_of_a_name_in_another_transliteration():
    assert _places("Turkish shelling hit Tel Rifaat.") == [("Tall Refaat", "SY02")]
    assert ("Kafr Zeita", "SY05") in _places("An air raid on Kfar Zeita in Hama killed eight rescuers.")

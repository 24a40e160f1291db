"""Towns and city districts in the spellings news reports use (scripts/build_gazetteer.py MEDIA_SPELLINGS)."""

from sijill.extraction import extract


def _places(text):
    return [(p["name_en"], p["governorate"]) for p in extract(text).places]


def test_media_spellings_of_towns_and_districts():
    assert ("Joubar Sharqi", "SY01") in _places("Mortar shells fell on the Jobar neighbourhood of Damascus.")
    assert ("Mazzeh Al Qadimeh", "SY01") in _places("Rockets hit al-Mazzeh in Damascus on Monday.")
    assert _places("Airstrikes on Maaret al-Numan killed five people.")[0][1] == "SY07"
    assert ("Deir Eladas", "SY12") in _places("The army took the village of Deir al-Adas.")
    assert ("Jeb Ej-Jarrah", "SY04") in _places("IS shelled the town of Jubb al-Jarrah east of Homs.")
    assert ("Ar-Ramouseh Indusrtial District", "SY02") in _places("Rockets fell on al-Ramouseh in Aleppo city.")


def test_a_common_word_written_as_a_town_with_its_article_is_the_town():
    # "bab" (door) and "tal" (hill) are common words; "al-Bab", "Al Bab", "al-Tal" are towns
    assert _places("IS fighters were killed in al-Bab on Monday.") == [("Al Bab", "SY02")]
    assert _places("Turkish strikes hit Al Bab.") == [("Al Bab", "SY02")]
    assert ("At Tall", "SY03") in _places("Clashes broke out in al-Tal.")
    # not without the capital, nor the small places of that name
    assert _places("He knocked on the door (al-bab).") == []


def test_a_cued_homonym_is_the_one_in_a_named_unit():
    # Jobar is a Homs village and a Damascus neighbourhood; "the neighbourhood of Jobar" after Damascus is named
    # is Damascus's
    places = _places("Shells hit Damascus. Rebels attacked from the neighbourhood of Jobar on Monday.")
    assert ("Joubar Sharqi", "SY01") in places
    # with no unit named, the cue still takes the most important of them
    assert _places("Rebels attacked from the village of Jobar.") == [("Jober", "SY04")]


def test_the_ghouta_in_the_spellings_of_news_agencies():
    # "East Ghota" is the Ghouta of Rif Dimashq, not the village of Ghota
    assert _places("Army units killed many terrorists in the East Ghota towns.") == [("Rural Damascus", "SY03")]

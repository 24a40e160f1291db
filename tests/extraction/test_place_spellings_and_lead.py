"""Places as media spell them, Iraqi names in reports about Syria, everyday Arabic words that are
also village names, and the headline's place."""

from sijill.extraction import extract


def _governorate(text):
    return extract(text).incident.get("place", {}).get("governorate")


def _places(text):
    return [(p["text"], p["governorate"]) for p in extract(text).places]


def test_media_spellings_of_governorates_and_towns_resolve():
    assert _governorate("Air strikes hit Raqa overnight, killing four people.") == "SY11"
    assert _governorate("The army advanced in Deir Ezour on Monday.") == "SY09"
    assert _governorate("Shelling hit Boukamal near the border.") == "SY09"
    assert _governorate("Fighting near Tabaqa airport left many dead.") == "SY11"
    assert _governorate("Israeli raids on the Golan Heights killed three soldiers.") == "SY14"
    assert _governorate("قصف على الغوطة الشرقية أدى إلى مقتل مدنيين") == "SY03"


def test_a_name_shared_with_an_iraqi_unit_is_the_syrian_place_unless_the_report_is_about_iraq():
    # al-Midan: a Damascus neighbourhood and an Iraqi sub-district
    syrian = extract("Mortar shells fell on al-Midan in Damascus, injuring two people.").places
    assert {p["governorate"] for p in syrian} == {"SY01"}
    iraqi = extract("In Iraq, clashes were reported in al-Midan, east of Baghdad.").places
    assert any(p["country"] == "IQ" for p in iraqi)
    # a small Iraqi unit named like a channel or a first name is not taken in a Syrian report
    assert _places("قال مراسل قناة Al-Alam إن القصف استهدف Walid في المدينة") == []


def test_everyday_words_are_not_villages_even_where_their_governorate_is_named():
    # "warplanes" (الحربية), "a lady" (سيدة), "the White Helmets" (البيضاء) are also villages of
    # Homs, Aleppo and Lattakia
    text = "الطائرات الحربية قصفت ريف حمص، واستشهدت سيدة في ريف حلب، وعمل عناصر الخوذ البيضاء في ريف اللاذقية"
    assert _places(text) == [("ريف حمص", "SY04"), ("ريف حلب", "SY02"), ("ريف اللاذقية", "SY06")]
    assert _places("For the third day, shelling continued.") == []


def test_the_headlines_place_outweighs_a_place_named_more_often_later():
    text = ("Shelling kills four in Idlib. Rescue teams worked through the night to reach people under the "
            "rubble of the houses, and the local council asked for help from the aid groups working in the "
            "north of the country. Last month, shelling on Aleppo killed two people. A week later, shelling "
            "on Aleppo killed one more person. Shelling of Aleppo also wounded five people in March.")
    assert _governorate(text) == "SY07"

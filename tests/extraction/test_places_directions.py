"""Compass words describe part of a place; alone they are never taken as a place. And which
governorate a report of several incidents is placed in."""

from sijill.extraction import extract


def test_southern_countryside_of_idlib_is_not_a_neighbourhood_called_southern():
    text = "قصفت طائرات النظام السوري سوقاً شعبياً في مدينة معرة النعمان بريف إدلب الجنوبي."
    result = extract(text).as_dict()
    pcodes = {p["pcode"] for p in result["places"]}
    assert all(p["governorate"] == "SY07" for p in result["places"]), result["places"]
    assert not any(p["text"].strip() in ("الجنوبي", "جنوبي") for p in result["places"]), pcodes


def test_english_compass_words_alone_are_not_places():
    result = extract("Shelling hit the southern districts and the eastern neighbourhoods of Aleppo city.").as_dict()
    assert {p["governorate"] for p in result["places"]} == {"SY02"}, result["places"]


def test_hashtags_with_underscores_and_names_typed_without_their_space_are_places():
    from sijill.extraction import extract

    places = extract("غارات على #ريف_ادلب_الجنوبي وقصف على قرية شرقي #ديرالزور").places
    assert [p["governorate_name"] for p in places] == ["Idleb", "Deir-ez-Zor"]
    assert places[0]["context"] == "countryside" and places[0]["part"] == "south"
    assert [p["name_en"] for p in extract("قصف مدفعي على جسرالشغور").places] == ["Jisr-Ash-Shugur"]


def test_a_report_of_several_incidents_is_placed_where_the_attack_gives_its_toll():
    # Idlib is named with an attack, Aleppo with an attack and its dead: the toll marks the incident
    text = ("The monitor published its weekly review on Tuesday and urged all parties to respect the truce "
            "agreed last month. It said the situation remained grave across the north of the country. "
            "Warplanes bombed the city of Idlib on Monday. An air strike on Aleppo killed 12 civilians on Sunday.")
    assert extract(text).incident["place"]["governorate"] == "SY02"
    text = ("قال المرصد في تقريره الأسبوعي إن الوضع ما زال خطيراً في شمال البلاد ودعا جميع الأطراف إلى احترام "
            "الهدنة. قصفت الطائرات الحربية مدينة إدلب يوم الاثنين. وقتل 12 مدنياً بغارة على مدينة حلب يوم الأحد.")
    assert extract(text).incident["place"]["governorate"] == "SY02"


def test_iraq_in_a_partys_name_does_not_put_the_report_in_iraq():
    # "the Islamic State in Iraq and the Levant" names a party; Al-Alam and Al-Walid (Iraqi sub-districts)
    # are a news site and a man here
    text = ("Fighters of the Islamic State in Iraq and the Levant attacked the army in Deir Ezzor. Al-Alam news "
            "website said Al-Walid was killed.")
    assert [p["country"] for p in extract(text).places] == ["SY"]
    assert "IQ" in [p["country"] for p in extract("US strikes hit Al-Alam in Iraq and Raqqa.").places]

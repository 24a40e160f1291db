"""A party's name is not read as a village that shares its spelling."""

from sijill.extraction import extract
from sijill.extraction.places import PlaceFinder
from sijill.extraction.words import words

TEXT = ("Government forces shelled Khan Sheikhoun in Idlib province, while Ahrar al-Sham fighters "
        "fired back.")


def test_a_party_name_is_not_also_a_place():
    # the gazetteer alone reads "Ahrar" as a place (an Iraqi one, taken where a report names Iraq)
    iraqi = TEXT + " Iraq."
    assert any(p.text.startswith("Ahrar") for p in PlaceFinder().find(iraqi, words(iraqi)))
    result = extract(TEXT)
    assert {a["text"] for a in result.actors} >= {"Ahrar al-Sham"}
    assert not any(p["text"].startswith("Ahrar") for p in result.places)
    assert result.incident["place"]["governorate_name"] == "Idleb"


def test_person_names_weapons_and_initialisms_are_not_villages():
    text = ("IS fighters attacked Raqqa. ISs statement said QAMISHLI was hit. Sarin was used near "
            "Aleppo, said Rami Abdulrahman of the observatory. Bashar al-Assad denied it.")
    assert [p["text"] for p in extract(text).places] == ["Raqqa", "QAMISHLI", "Aleppo"]


def test_the_place_in_the_clause_of_the_attack_outweighs_one_named_in_passing():
    text = ("Officials reported on the week's events across the country, including new talks and aid "
            "deliveries. The minister later spoke in Damascus about the talks. "
            "Separately, an airstrike on a market in Idlib killed 12 civilians.")
    assert extract(text).incident["place"]["governorate_name"] == "Idleb"


def test_a_tie_between_governorates_goes_to_the_one_named_first():
    assert extract("Clashes in Deir Ezzor and Raqqa.").incident["place"]["governorate_name"] == "Deir-ez-Zor"


def test_network_euphrates_and_red_crescent_are_not_iraqi_places():
    result = extract("شبكة فرات بوست: قصف مركز الهلال الأحمر في شمال إدلب")
    assert [(p["text"], p["governorate"]) for p in result.places] == [("شمال إدلب", "SY07")]


def test_common_words_of_reports_are_not_villages_nor_split_as_proclitics():
    text = "قصف قوات الأسد على محافظة حلب بعد وقف إطلاق النار، ومقتل طفلة، وصور من لبنان وقطر بخريطة"
    assert [(p["text"], p["governorate"]) for p in extract(text).places] == [("حلب", "SY02")]


def test_phrases_months_and_wound_words_are_not_villages():
    text = "أصيب ثلاثة بجروح في قصف على مدينة إدلب في آذار، لا حول ولا قوة إلا بالله العلي العظيم"
    assert [p["governorate"] for p in extract(text).places] == ["SY07"]

"""The incident's governorate in a roundup: the story told first, before "Meanwhile" or "وفي سياق متصل"
turns to another, and the place of the sentence just before a toll that names no place."""

import pytest

from sijill.extraction import extract


def _gov(text):
    return extract(text).incident.get("place", {}).get("governorate")


ROUNDUP_EN = (
    "Three civilians killed in rocket attack in Aleppo, car bombs hit Hasaka city. Rockets fired by terrorists on "
    "the al-Ramouseh neighbourhood in Aleppo killed three civilians on Friday, a police source said. The victims were "
    "taken to the university hospital in Aleppo. Meanwhile in Hasaka terrorists detonated two car bombs in the "
    "eastern part of Hasaka city, injuring five people. A mortar shell later hit the civil registry in Hasaka city "
    "and injured two employees. Sources in Hasaka province reported damage.")


def test_places_after_a_turn_to_another_story_weigh_less_english():
    assert _gov(ROUNDUP_EN) == "SY02"
    for turn in ("Elsewhere", "Separately", "In a relevant context", "In another development"):
        assert _gov(ROUNDUP_EN.replace("Meanwhile", turn)) == "SY02", turn


def test_places_after_a_turn_to_another_story_weigh_less_arabic():
    text = ("مقتل ثلاثة مدنيين بقذائف على حلب وتفجير سيارتين مفخختين في الحسكة. قتل ثلاثة مدنيين بقذائف صاروخية على "
            "حي الراموسة في حلب يوم الجمعة. ونقل الضحايا إلى المشفى الجامعي في حلب. وفي سياق متصل فجر إرهابيون سيارتين "
            "مفخختين في الجزء الشرقي من مدينة الحسكة ما أدى إلى إصابة خمسة أشخاص. وسقطت قذيفة هاون على مبنى السجل "
            "المدني في مدينة الحسكة ما أدى إلى إصابة شخصين. وأدى القصف إلى إصابة طفل في الحسكة. وأفادت مصادر في "
            "محافظة الحسكة بوقوع أضرار.")
    assert _gov(text) == "SY02"


def test_a_turn_counts_only_after_a_first_story_with_victims():
    # the first story has no dead or wounded: the one after "Elsewhere" is the incident
    text = ("Rebels attacked army positions in Idlib on Monday. Elsewhere the army expelled IS from Hasaka city. At "
            "least 200 IS fighters were killed in the fight for Hasaka. The army now holds all of Hasaka.")
    assert _gov(text) == "SY08"


@pytest.mark.parametrize("text", [
    "Warplanes carried out dozens of raids on Monday. The raids hit the city of Hama. At least 30 people were "
    "killed, the Observatory said. Rebels in Idlib vowed to respond to the shelling of Idlib.",
    "شن الطيران الحربي عشرات الغارات يوم الاثنين. واستهدفت الغارات مدينة حماة. وقتل 30 شخصاً على الأقل بحسب "
    "المرصد. وتوعدت الفصائل في إدلب بالرد على قصف إدلب. وتتعرض إدلب للقصف منذ أشهر.",
], ids=["english", "arabic"])
def test_a_toll_without_a_place_belongs_to_the_sentence_before(text):
    assert _gov(text) == "SY05"


@pytest.mark.parametrize("text", [
    "Army advances in Aleppo, kills 70 terrorists in Hama. The army took villages east of Khanaser in the "
    "southern countryside of Aleppo. In Hama the army killed more than 70 Nusra Front fighters. The army "
    "also advanced in Homs.",
    "واصل الجيش عملياته يوم الخميس. وتقدم في ريف حلب الجنوبي وسيطر على قرى شرق خناصر في ريف حلب. وفي حماة "
    "قتل أكثر من 70 مسلحاً من جبهة النصرة بنيران الجيش. كما تقدم الجيش في حمص.",
], ids=["english", "arabic"])
def test_the_governorate_named_with_the_proposed_toll_weighs_more(text):
    result = extract(text)
    assert result.incident["killed"]["min"] == 70
    assert result.incident["place"]["governorate"] == "SY05"

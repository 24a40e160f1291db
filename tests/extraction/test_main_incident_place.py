"""The governorate of the incident, not of a photo's caption or of the capital named for the
government."""

from sijill.extraction import extract


def _gov(text):
    return extract(text).incident.get("place", {}).get("governorate")


def test_the_capital_named_for_the_government_is_not_a_place_english():
    text = ("Airstrikes killed 12 people in Idlib on Wednesday despite Damascus promises of a truce. "
            "Damascus said the raids targeted terrorists. Damascus has denied targeting civilians.")
    assert _gov(text) == "SY07"
    # the city itself still counts where it is the place of the deed
    assert _gov("A car bomb killed 5 people in Damascus on Monday.") == "SY01"


def test_the_capital_named_for_the_government_is_not_a_place_arabic():
    text = ("قتل 12 مدنياً بغارات على إدلب رغم وعود حكومة دمشق بالتهدئة. دمشق تنفي استهداف المدنيين، "
            "ودمشق تتهم الفصائل بخرق الهدنة.")
    assert _gov(text) == "SY07"
    assert _gov("قتل 5 أشخاص بانفجار سيارة مفخخة في دمشق.") == "SY01"


def test_a_photo_caption_place_weighs_less_than_the_story_english():
    text = ("A member of the regime forces runs near destroyed buildings in the city of Hasakeh on Monday "
            "(AFP photo) BEIRUT Thirteen civilians were killed in air strikes on Aleppo on Wednesday, "
            "the Observatory said.")
    assert _gov(text) == "SY02"
    # without a toll, only the credit keeps the caption's place from leading (with the toll, the toll's place
    # leads either way)
    untolled = text.replace("Thirteen civilians were killed in", "Jets carried out")
    assert _gov(untolled) == "SY02"
    assert _gov(untolled.replace(" (AFP photo)", ".")) == "SY08"


def test_a_photo_caption_place_weighs_less_than_the_story_arabic():
    text = ("عنصر من قوات النظام قرب أبنية مدمرة في مدينة الحسكة (صورة أرشيفية) قتل 13 مدنياً بغارات جوية "
            "على حلب يوم الأربعاء بحسب المرصد.")
    assert _gov(text) == "SY02"


def test_the_capital_as_the_destination_of_diplomacy_is_not_a_place():
    text = ("Two U.N. envoys went to Damascus last week. The inspectors will visit Khan al-Assal near Aleppo, where "
            "26 people were killed in a chemical attack. Homs is also on the list. The envoys travelled to Damascus "
            "again on Monday.")
    assert _gov(text) == "SY02"
    arabic = ("المبعوث الأممي وصل إلى دمشق يوم الاثنين. وقتل 26 شخصاً في هجوم كيميائي على خان العسل قرب حلب. "
              "وكانت حمص على القائمة أيضاً. واختتم زيارة إلى دمشق يوم الثلاثاء.")
    assert _gov(arabic) == "SY02"

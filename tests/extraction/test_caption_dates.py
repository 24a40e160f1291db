"""A photo caption's date (a credit in brackets follows it) is when the picture was taken, not the
incident's day, when the text gives another day."""

from sijill.extraction import extract


def _date(text):
    d = extract(text).incident.get("date")
    return d and d["date"]


def test_an_arabic_caption_date_gives_way_to_the_day_of_the_story():
    text = ("مقتل 4 أطفال بقصف على ريف إدلب\n\nدخان متصاعد جراء غارة على محيط إدلب، 22 أغسطس/آب 2022 (عمار الزير)\n\n"
            + "وبحثت فرق الإنقاذ بين أنقاض المنازل. " * 5 + "قتل 4 أطفال بقصف مدفعي على بلدة كنصفرة يوم 8 أيلول 2022 بحسب الدفاع المدني.")
    assert _date(text) == "2022-09-08"
    assert extract(text).dates[0]["role"] == "caption"


def test_an_english_caption_date_gives_way_to_the_day_of_the_story():
    text = ("Smoke rises over Idlib, August 22, 2022 (AFP)\n\n" + "Rescuers searched the rubble of the houses. " * 5
            + "Shelling killed four children in Kansafra on September 8, 2022, the Civil Defence said.")
    assert _date(text) == "2022-09-08"


def test_a_caption_date_is_still_the_date_when_the_text_gives_no_other():
    assert _date("Smoke rises over Idlib, August 22, 2022 (AFP)\n\nShelling killed four children.") == "2022-08-22"


def test_a_date_followed_by_a_copyright_credit_is_a_caption_not_the_dateline():
    ar = ("غارة على جنوب سوريا\n\nطائرة خلال استعراض في 25 يونيو/حزيران 2019. © رويترز\n\n"
          "نشرت في: 07/03/2022\n\nاستهدف قصف فجر الاثنين المنطقة الجنوبية وقتل ثلاثة جنود.")
    result = extract(ar)
    assert result.incident["reference_date"] == "2022-03-07"
    assert result.dates[0]["role"] == "caption"
    en = ("Strike on southern Syria\n\nA jet at an air show on June 25, 2019. © Reuters\n\n"
          "Published: 07/03/2022\n\nAn Israeli strike hit the south of the country on Monday, killing three soldiers.")
    assert extract(en).incident["reference_date"] == "2022-03-07"

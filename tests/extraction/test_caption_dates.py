"""A photo caption's date (a credit in brackets follows it) is when the picture was taken, not the
incident's day, when the text gives another day."""

from datetime import date

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


def test_a_date_at_the_end_of_an_address_slug_or_behind_a_redirect():
    from sijill.extraction.dates import published_from_url

    assert published_from_url("https://www.reuters.com/world/turkish-troops-exchange-shelling-kobane-2022-08-16/") \
        == date(2022, 8, 16)
    arabic_slug = "https://example.net/ar/%D9%85%D9%82%D8%AA%D9%84-%D8%B7%D9%81%D9%84-2023-01-22"
    assert published_from_url(arabic_slug) == date(2023, 1, 22)
    redirect = "https://www.google.com/url?q=https://news.example.org/ar/2021/08/08/%25d9%2585/&sa=D&source=editors"
    assert published_from_url(redirect) == date(2021, 8, 8)
    assert published_from_url("https://example.com/report-2022-13-45/") is None
    assert published_from_url("https://example.com/item-5-10-2022-x/") is None

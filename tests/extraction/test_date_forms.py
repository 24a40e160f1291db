"""How dates are written in Syrian and international media, and where a post's own date is found:
the Arabic comma before the year, a month given in both namings, "من عام", an address filed
under year/month/day, and a post stamp that is older than the date a caller gives."""

from datetime import date

import pytest

from sijill.extraction import extract
from sijill.extraction.dates import find_dates, published_from_url
from sijill.extraction.words import words


def _first(text):
    found = extract(text).dates
    return found[0]["text"], found[0]["date"]


@pytest.mark.parametrize(("text", "written", "expected"), [
    ("نشر في 9 سبتمبر، 2021 مساءً", "9 سبتمبر، 2021", "2021-09-09"),
    ("Aleppo, 2 February، 2022 SANA reported", "2 February، 2022", "2022-02-02"),
    ("قصف قرية قسطون، 7 آب/ أغسطس 2020 (الدفاع المدني)", "7 آب/ أغسطس 2020", "2020-08-07"),
    ("نفذت القوات إنزالاً في ٤ آب/أغسطس ٢٠٢٣، استهدفت", "٤ آب/أغسطس ٢٠٢٣", "2023-08-04"),
    ("وفي 20 يناير:كانون الثاني من عام 2018 شنت", "20 يناير:كانون الثاني من عام 2018", "2018-01-20"),
    ("قصف الحي في 5 أيار عام 2015 بالبراميل", "5 أيار عام 2015", "2015-05-05"),
])
def test_arabic_comma_twin_month_names_and_of_the_year_keep_the_year(text, written, expected):
    assert _first(text) == (written, expected)


def test_twin_month_names_must_name_the_same_month():
    # "آب/ديسمبر" is not one month written twice: the year is not carried across.
    text, when = _first("في 7 آب/ديسمبر 2020")
    assert when is None


def test_a_word_after_the_month_that_is_not_a_year_is_left_alone():
    assert _first("في 5 أيار من عامه الأول")[1] is None


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.aljazeera.net/news/2022/8/25/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7", date(2022, 8, 25)),
    ("https://example.org/news/2021/10/27/22409/slug", date(2021, 10, 27)),
    ("https://example.com/world/2022/01/23/syria-prison.html", date(2022, 1, 23)),
    ("https://example.com/2021/10/27?ref=1", date(2021, 10, 27)),
])
def test_news_address_filed_under_a_day_gives_the_publication_date(url, expected):
    assert published_from_url(url) == expected


@pytest.mark.parametrize("url", [
    "https://example.com/en/2022/01/our-forces/",  # a month, not a day
    "https://www.facebook.com/SomePage/posts/2021127214709690",  # a number, not a date
    "https://example.com/2022/13/40/",  # no such day
    "",
    None,
])
def test_addresses_without_a_day_give_none(url):
    assert published_from_url(url) is None


def test_post_stamp_older_than_the_given_date_is_the_reference():
    # The caller's date is a year late (a page's "1y" read back as a date); the page prints the post's day.
    text = "صفحة الأخبارJanuary 30, 2025 · Shared with Publicاستهداف سيارة أمس قرب البلدة"
    found, reference = find_dates(text, words(text), published=date(2026, 1, 30))
    assert reference == date(2025, 1, 30)
    assert [d.date for d in found if d.basis == "relative"] == [date(2025, 1, 29)]


def test_post_stamp_a_day_off_the_given_date_is_only_a_time_zone():
    text = "Salama AlhusseinSeptember 29, 2025 · Shared with Public داهمت القوات البلدة ليلة أمس"
    _found, reference = find_dates(text, words(text), published=date(2025, 9, 30))
    assert reference == date(2025, 9, 30)


def test_abbreviated_month_with_its_dot_keeps_the_day():
    assert _first("Aug. 1 2016 Rescuers say gas was dropped on the town") == ("Aug. 1 2016", "2016-08-01")


def test_year_with_the_letter_of_the_gregorian_era():
    assert _first("الأحد 12 جمادى الأولى الموافق 25 تشرين الثاني 2023م قصف") == ("25 تشرين الثاني 2023م", "2023-11-25")


@pytest.mark.parametrize(("text", "expected"), [
    ("أصيب مدنيون اليوم الخميس 5 تشرين الأول جراء قصف مدفعي. وكانت الهجمات تصاعدت منذ أيار 2023", "2023-10-05"),
    ("On Monday, June 12th, a drone struck a car near the town. Attacks have grown since early 2023.", "2023-06-12"),
])
def test_weekday_and_a_year_written_elsewhere_date_a_day_and_month(text, expected):
    found = [d for d in extract(text).dates if d["basis"] == "absolute" and d["precision"] == "day"]
    assert [d["date"] for d in found] == [expected]
    assert found[0]["confidence"] < 0.8
    assert found[0]["year_from"] == "written"


@pytest.mark.parametrize(("text", "today", "expected"), [
    # no year anywhere: the last Thursday 5 October before the text is read
    ("أصيب مدنيون اليوم الخميس 5 تشرين الأول جراء قصف مدفعي", date(2026, 12, 6), "2023-10-05"),
    ("أصيب مدنيون اليوم الخميس 5 تشرين الأول جراء قصف مدفعي", date(2023, 10, 4), "2017-10-05"),
    ("أصيب مدنيون اليوم الخميس 5 تشرين الأول جراء قصف مدفعي", date(2023, 10, 5), "2023-10-05"),
    # the page's copyright year is when it was read, not a year of the story
    ("أصيب مدنيون اليوم الخميس 5 تشرين الأول جراء قصف. Meta © 2019", date(2026, 12, 6), "2023-10-05"),
    ("Civilians were wounded on Saturday, February 29th, when shells hit the market", date(2026, 12, 6), "2020-02-29"),
])
def test_a_weekday_with_no_year_that_fits_is_the_last_such_day_before_reading(text, today, expected):
    result = extract(text, today=today)
    found = [d for d in result.dates if d["basis"] == "absolute"]
    assert [d["date"] for d in found] == [expected]
    assert found[0]["confidence"] < 0.6  # below a year the text writes
    assert found[0]["year_from"] == "weekday" and result.incident["date"]["year_from"] == "weekday"


@pytest.mark.parametrize("text", [
    "أصيب مدنيون اليوم الجمعة 5 تشرين الأول جراء قصف. منذ 2023",  # the last Friday 5 October is in 2018
    "أصيب مدنيون يوم 5 تشرين الأول جراء قصف مدفعي",  # no weekday: any year may be meant
])
def test_day_and_month_stay_undated_when_no_year_can_be_told(text):
    assert [d["date"] for d in extract(text, today=date(2026, 12, 6)).dates if d["basis"] == "absolute"] == [None]


def test_a_photo_caption_date_is_not_the_dateline():
    # The credit in brackets after the date marks a caption: the photo's day, not the report's.
    text = ("جرحى بقصف مدفعي على ريف إدلب\n\nقصف جوي على محيط مدينة إدلب، 11 نوفمبر/تشرين الثاني 2021 (عدسة المصور)\n\n"
            "جددت مدفعية النظام اليوم الخميس قصفها على ريف إدلب")
    _found, reference = find_dates(text, words(text))
    assert reference is None
    dated = "Damascus, 3 October 2023. Israeli strikes hit sites near the capital on Monday"
    assert find_dates(dated, words(dated))[1] == date(2023, 10, 3)

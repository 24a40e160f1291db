"""Arabic and English reports: places with context, aliases, dates with precision, counts."""

from datetime import date

import pytest

from sijill.extraction import extract
from sijill.extraction.language import detect_language

AR_REPORT = (
    "قصفت طائرات التحالف الدولي مساء السبت قرية في ريف دير الزور الشرقي، ما أدى إلى مقتل ٧ مدنيين بينهم "
    "ثلاثة أطفال وإصابة ما لا يقل عن 12 آخرين. وكانت قوات النظام قد اعتقلت أمس عشرة شبان، "
    "فيما اتهمت قسد تنظيم داعش بتنفيذ تفجير سيارة مفخخة في الرقة."
)


def kinds(result, kind, key):
    return [item[key] for item in result[kind]]


def test_arabic_report_gives_places_actors_relative_dates_and_counts():
    result = extract(AR_REPORT, published=date(2017, 3, 13)).as_dict()
    assert result["language"] == "ar"
    dez = [p for p in result["places"] if p["pcode"] == "SY09"][0]
    assert (dez["part"], dez["context"]) == ("east", "countryside")
    assert "SY11" in kinds(result, "places", "pcode")
    actors = set(kinds(result, "actors", "actor"))
    assert {"international-coalition", "syrian-government-forces", "sdf", "isis"} <= actors
    dates = {d["text"]: d["date"] for d in result["dates"]}
    assert dates["مساء السبت"] == "2017-03-11"
    assert dates["أمس"] == "2017-03-12"
    killed = [c for c in result["casualties"] if c["outcome"] == "killed"]
    assert (killed[0]["group"], killed[0]["min"], killed[0]["max"]) == ("total", 7, 7)
    assert any(c["group"] == "children" and c["min"] == 3 for c in killed)
    injured = [c for c in result["casualties"] if c["outcome"] == "injured"][0]
    assert (injured["min"], injured["max"], injured["qualifier"]) == (12, None, "at_least")
    types = {(v["type"], v["method"]) for v in result["violations"]}
    assert ("arbitrary-detention", None) in types and ("attack-on-civilians", "car-bomb") in types
    assert result["incident"]["killed"]["min"] == 7
    assert result["incident"]["date"]["date"] == "2017-03-11"


@pytest.mark.parametrize(("text", "expected", "precision"), [
    ("في 5 آذار 2016", "2016-03-05", "day"),
    ("في 3 تشرين الأول 2015", "2015-10-03", "day"),
    ("يوم 12 مارس 2017", "2017-03-12", "day"),
    ("في ٢١ أكتوبر ٢٠١٦", "2016-10-21", "day"),
    ("في 15 رمضان 1437 هـ", "2016-06-20", "day"),
    ("خلال نيسان 2014", "2014-04-01", "month"),
    ("on April 5, 2017", "2017-04-05", "day"),
    ("on 5 April 2017", "2017-04-05", "day"),
    ("in August 2013", "2013-08-01", "month"),
])
def test_absolute_dates_in_levantine_egyptian_english_and_hijri_calendars(text, expected, precision):
    found = extract(text).as_dict()["dates"]
    assert (found[0]["date"], found[0]["precision"]) == (expected, precision)


def test_english_relative_dates_follow_the_publication_date():
    text = "Warplanes struck the town yesterday, and again last Saturday; on Tuesday a mine killed two."
    dates = {d["text"]: d["date"] for d in extract(text, published=date(2017, 4, 5)).as_dict()["dates"]}
    assert dates == {"yesterday": "2017-04-04", "last Saturday": "2017-04-01", "on Tuesday": "2017-04-04"}


def test_relative_dates_without_a_reference_are_not_guessed():
    dates = extract("قصف الطيران أمس البلدة").as_dict()["dates"]
    assert [d["date"] for d in dates] == [None]


@pytest.mark.parametrize(("text", "outcome", "group", "lo", "hi"), [
    ("killing at least 70 people", "killed", "total", 70, None),
    ("between 5 and 10 children were killed", "killed", "children", 5, 10),
    ("twenty-five people died", "killed", "total", 25, 25),
    ("wounding thirty others", "injured", "total", 30, 30),
    ("مقتل ۱۴ شخصا", "killed", "total", 14, 14),
    ("استشهاد خمسة وعشرين مدنيا", "killed", "total", 25, 25),
    ("مقتل طفلين", "killed", "children", 2, 2),
    ("سقوط 3 قتلى من النساء", "killed", "total", 3, 3),
])
def test_casualty_counts_in_all_scripts_and_number_words(text, outcome, group, lo, hi):
    c = extract(text).as_dict()["casualties"][0]
    assert (c["outcome"], c["group"], c["min"], c["max"]) == (outcome, group, lo, hi)


def test_years_and_strike_counts_are_not_casualties():
    assert extract("In 2013, 12 airstrikes hit the town, 5 km from the border.").as_dict()["casualties"] == []


@pytest.mark.parametrize(("text", "language"), [
    ("قصفت قوات النظام مدينة الرقة", "ar"), ("Regime forces shelled Raqqa", "en"),
    ("قصف Raqqa city shelled by regime forces مدينة الرقة اليوم", "mixed"), ("12345 !!", "und"),
])
def test_language_detection(text, language):
    assert detect_language(text) == language


def test_unseeded_unit_linked_to_its_parent_in_arabic_and_english():
    actors = extract("هاجمت كتيبة الفرسان التابعة لتنظيم الدولة. ISIS's al-Fursan Battalion").as_dict()["actors"]
    units = [(a["text"], a["parent"], a["confidence"]) for a in actors if a["unseeded"]]
    assert units == [("كتيبة الفرسان", "isis", 0.8), ("al-Fursan Battalion", "isis", 0.8)]


def test_seeded_unit_is_found_by_its_alias_with_its_party():
    actors = extract("هاجمت كتيبة البتار الليبية مواقع قرب الرقة. Battalion al-Battar fought there.").as_dict()["actors"]
    assert [(a["actor"], a["parent"], a["unseeded"]) for a in actors] == [("isis-battar", "isis", False)] * 2


def test_post_stamp_of_a_social_media_page_is_the_reference_date():
    from sijill.extraction.dates import find_dates
    from sijill.extraction.words import words

    text = "Kobani NowJanuary 17, 2025 · Shared with Public\nقصف على القرية مساء أمس"
    found, reference = find_dates(text, words(text))
    assert reference == date(2025, 1, 17)
    assert [(d.basis, d.date) for d in found] == [("dateline", date(2025, 1, 17)), ("relative", date(2025, 1, 16))]
    tweet = "#إدلب6:55 AM · Dec 1, 20241.6KViews"
    assert find_dates(tweet, words(tweet))[1] == date(2024, 12, 1)


def test_publication_date_read_from_a_status_address():
    from sijill.extraction.dates import published_from_url

    assert published_from_url("https://x.com/SyriaCivilDefe/status/1863114672251048385") == date(2024, 12, 1)
    assert published_from_url("https://www.facebook.com/page/posts/pfbid02F3") is None


def test_proposal_falls_back_to_the_given_publication_date():
    incident = extract("قصف مدفعي على بلدة كفرنبل", published=date(2020, 2, 3)).incident
    assert incident["date"]["date"] == "2020-02-03" and incident["date"]["item"] is None


def test_perpetrator_is_the_party_that_strikes_not_the_one_struck():
    text = ("Russian warplanes bombed ISIS positions near Deir Ezzor, killing 80 ISIS militants. "
            "ISIS said the strikes hit civilians. ISIS denied losses.")
    assert extract(text).incident["perpetrator"]["actor"] == "russian-forces"

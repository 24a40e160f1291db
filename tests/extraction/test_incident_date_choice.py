"""Which day the draft incident proposes, and how sure it says it is: the edge of a period is never
the deed's day, a post's stamp is the publication and not the deed, and a report naming no day of
its own gets the dateline or publication date only as a low-confidence proposal that says so."""

from datetime import date

import pytest

from sijill.extraction import extract


def _date(text, published=None):
    return extract(text, published=published).incident.get("date")


@pytest.mark.parametrize(("text", "role"), [
    ("Clashes since November 15 have killed 750 people", "period"),
    ("استهدف الجيش 38 ألف مسلح منذ 24 تموز 2015، من مختلف التنظيمات", "period"),
    ("قتل 843 مدنياً خلال الفترة من 26 نيسان 2021 إلى 19 آب 2021", "period"),
    ("The toll counted from 10 June 2014 to date", "period"),
    ("قصفت الطائرات البلدة في 5 آذار 2020", None),
    ("Aircraft struck the town on November 15 2016", None),
])
def test_since_from_and_until_make_a_date_the_edge_of_a_period(text, role):
    assert extract(text).dates[0]["role"] == role


def test_the_edge_of_a_period_is_not_the_incident_date():
    text = ("Posted on December 3 2016. Aleppo has been under a ferocious onslaught since November 15; "
            "over 750 people have been killed.")
    d = _date(text)
    assert d["date"] == "2016-12-03" and d["basis"] == "dateline"
    arabic = ("قتل 3 مدنيين بقصف مدفعي على البلدة، رغم اتفاق وقف إطلاق النار الساري منذ 5 آذار 2020")
    assert _date(arabic) is None


def test_a_written_day_of_the_deed_wins_over_the_post_stamp():
    text = ("مركز الإعلامDecember 21, 2025 · Shared with Publicتمكنت القوات في 7 كانون الأول/ديسمبر "
            "من القبض على مسؤول خلية بريف دير الزور")
    d = _date(text, published=date(2025, 12, 21))
    assert d["date"] == "2025-12-07" and d["basis"] == "absolute"


def test_a_post_stamp_a_day_before_the_given_date_is_the_low_confidence_proposal():
    text = "عزالدين عثمانNovember 29, 2025 · Shared with Public الشهيدين الأخوة نبارك لكم الشهادة"
    d = _date(text, published=date(2025, 11, 30))
    assert d["date"] == "2025-11-29" and d["basis"] == "stamp" and d["confidence"] < 0.5


@pytest.mark.parametrize(("text", "published", "expected", "basis"), [
    ("Wed 05 Apr 2017 Airstrikes hit the town of Khan Sheikhoun, killing 20 people.", None, "2017-04-05", "dateline"),
    ("قصف مدفعي على بلدة كفرنبل أدى إلى مقتل مدنيين", date(2020, 2, 3), "2020-02-03", "published"),
])
def test_a_report_naming_no_day_gets_its_dateline_or_publication_day_with_low_confidence(text, published, expected,
                                                                                        basis):
    d = _date(text, published)
    assert (d["date"], d["basis"]) == (expected, basis)
    assert d["confidence"] < 0.5


def test_a_day_the_text_gives_is_surer_than_the_dateline():
    d = _date("Wed 05 Apr 2017 Airstrikes on Tuesday killed 20 people in Khan Sheikhoun.")
    assert (d["date"], d["basis"]) == ("2017-04-04", "relative") and d["confidence"] >= 0.8


@pytest.mark.parametrize("text", [
    "Airstrikes on Tuesday killed 20 people in Khan Sheikhoun.",
    "قصف الطيران أمس البلدة وقتل 5 مدنيين",
    "قصف مدفعي على بلدة كفرنبل",
])
def test_no_date_is_invented_without_a_publication_date_or_dateline(text):
    assert _date(text) is None

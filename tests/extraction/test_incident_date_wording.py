"""Which date the draft incident proposes: relative days read in both languages, the weekday of a
written date kept with it, and the latest deed of the report before its background."""

from datetime import date

from sijill.extraction import extract


def _date(text, published=None):
    d = extract(text, published=published).incident.get("date")
    return d and d["date"]


def test_arabic_days_ago_are_counted_back_from_publication():
    published = date(2025, 12, 9)
    assert _date("قبل أربعة أيام، اعتقلت ميليشيات قسد أربعة أشخاص", published) == "2025-12-05"
    assert _date("قصف مدفعي على بلدة سرمين قبل يومين", published) == "2025-12-07"


def test_the_weekday_of_a_written_date_is_part_of_it_not_another_day():
    text = ("Tuesday 12 July 2016 Rebels launch assault in Aleppo. The route was severed last Thursday "
            "when government forces seized a hilltop.")
    result = extract(text)
    assert [d["text"] for d in result.dates if d["basis"] == "relative"] == ["last Thursday"]
    assert result.incident["date"]["date"] == "2016-07-07"


def test_the_latest_day_the_report_tells_of_is_the_incident_day():
    text = ("Published April 29 2017 Airstrikes struck a centre of rescuers on Saturday, killing eight. "
            "Clashes had begun on Wednesday around the town.")
    assert _date(text) == "2017-04-29"

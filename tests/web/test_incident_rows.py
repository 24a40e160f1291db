"""Incident tables are rendered from plain rows: same text as the records, in both languages,
and a page of 50 costs the same number of queries as a page of 1."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from sijill.incidents.models import Incident
from sijill.incidents.services import incident_create
from sijill.places.services import gazetteer_load
from sijill.web.rows import incident_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(analyst):
    gazetteer_load()
    one = incident_create(
        user=analyst, title_en="Market strike", title_ar="غارة على السوق", start_date=date(2016, 4, 19),
        place="SY11", grading="confirmed", killed_total_min=3, killed_total_max=5,
    )
    two = incident_create(
        user=analyst, title_ar="قصف مدفعي", start_date=date(2015, 1, 1), end_date=date(2015, 1, 31),
        date_precision="month", killed_total_min=2, killed_total_max=2,
    )
    return one, two


def test_rows_carry_the_values_of_the_records_in_english_and_arabic(filed):
    one, two = filed
    for source in (Incident.objects.filter(pk__in=[one.pk, two.pk]).order_by("-start_date"), [one, two]):
        with translation.override("en"):
            first, second = incident_rows(source)
            assert (first.title, first.place, first.killed, first.dates) == ("Market strike", one.place.name_en, "3–5", "2016-04-19")
            assert first.url == f"/incidents/{one.pk}/" and first.status == one.status.label_en
            assert first.grading == one.grading.label_en
            # No English title: the Arabic one is shown rather than nothing.
            assert (second.title, second.place, second.grading, second.killed) == ("قصف مدفعي", "", "", "2")
            assert second.dates == "2015-01-01 – 2015-01-31"
        with translation.override("ar"):
            first, _ = incident_rows(source)
            assert (first.title, first.place, first.status) == ("غارة على السوق", one.place.name_ar, one.status.label_ar)


def test_list_page_queries_do_not_grow_with_the_rows(analyst, settings):
    settings.SIJILL_REQUIRE_2FA = False
    client = Client()
    client.force_login(analyst)
    incident_create(user=analyst, title_en="first", start_date=date(2016, 1, 1))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/incidents/").status_code == 200
        return len(ctx.captured_queries)

    with_one = queries()
    for day in range(2, 30):
        incident_create(user=analyst, title_en=f"strike {day}", start_date=date(2016, 1, day))
    assert queries() == with_one
    page = client.get("/incidents/").content.decode()
    assert page.count('href="/incidents/') >= 29 and "strike 29" in page

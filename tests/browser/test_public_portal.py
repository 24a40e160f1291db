"""The public portal in a real browser, without logging in: the Raqqa report in English and in
Arabic (right to left) with its related reports, the incident map, and the submission form."""

from __future__ import annotations

from datetime import date

import pytest
from real_data import shared_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_reads_the_raqqa_report_in_english_and_arabic(gazetteer, staff, new_page, screenshot, settings):
    from publishing.reports_text import AIRSTRIKES_EN, DETENTION_EN, FAMILIES_AR

    from sijill.incidents.services import incident_create
    from sijill.publishing.loading import report_load

    settings.SIJILL_RATE_LIMITS_ENABLED = False
    editor = staff("editor", role="coordinator", clearance=3)
    strike = incident_create(user=editor, title_en="Airstrike on al-Raqqa city", title_ar="غارة على مدينة الرقة",
                             start_date=date(2017, 6, 3), place="C5710", confidentiality=0,
                             killed_total_min=4)
    raqqa = report_load(user=editor, text=shared_data("reports/raqqa_caliphate_capital_en.txt").read_text(),
                        title="Al-Raqqa, the “caliphate capital”", publish=True)
    from sijill.reports.services import report_update

    raqqa = report_update(user=editor, report_id=raqqa.pk, lock_version=raqqa.lock_version, incidents=[strike.pk])
    report_load(user=editor, text=AIRSTRIKES_EN, title="Airstrikes on al-Raqqa", publish=True)
    report_load(user=editor, text=FAMILIES_AR, title="نقل عائلات المقاتلين الأجانب", publish=True)
    report_load(user=editor, text=DETENTION_EN, title="Detentions in Daraa", publish=True)

    page = new_page("en-GB")
    page.goto(f"/public/reports/{raqqa.slug}/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("#report h1").inner_text() == "Al-Raqqa, the “caliphate capital”"
    assert "Aghiad Al Kheder" in page.locator("#report .meta").inner_text()
    assert "Islamic State (ISIS)" in page.locator("#actors").inner_text()
    assert "Deir-ez-Zor" in page.locator("#places").inner_text()
    assert "Airstrike on al-Raqqa city" in page.locator("#incidents").inner_text()
    related = page.locator("#related ol.related > li")
    assert related.count() == 2
    assert related.nth(0).locator("a").inner_text() == "Airstrikes on al-Raqqa"
    assert related.nth(1).locator("a").inner_text() == "نقل عائلات المقاتلين الأجانب"
    assert "Detentions in Daraa" not in page.locator("#related").inner_text()
    screenshot(page, "public-report-en")

    # The language switch of the page header: the same page, right to left, in Arabic.
    with page.expect_navigation():
        page.click("#lang-switch")
    assert page.locator("html").get_attribute("dir") == "rtl" and page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("#related h2").inner_text() == "تقارير ذات صلة"
    assert "تنظيم الدولة الإسلامية (داعش)" in page.locator("#actors").inner_text()
    assert "دير الزور" in page.locator("#places").inner_text()
    assert "غارة على مدينة الرقة" in page.locator("#incidents").inner_text()
    # The report itself keeps its own language and direction inside the Arabic page.
    assert page.locator("#report").get_attribute("dir") == "ltr"
    assert page.locator("#related ol.related > li").count() == 2
    screenshot(page, "public-report-ar")

    # The Arabic report, in the Arabic portal.
    page.click("#related ol.related > li:nth-child(2) a")
    page.wait_for_load_state()
    assert page.locator("#report").get_attribute("dir") == "rtl"
    screenshot(page, "public-report-ar-arabic-report")

    # The public incident database: the incident on the map at its published (community) point.
    page.goto("/public/incidents/")
    page.wait_for_function("document.getElementById('incident-map').getAttribute('data-points') === '1'")
    assert page.locator("#incident-map .leaflet-interactive").count() >= 1
    screenshot(page, "public-incident-map-ar")


def test_a_person_sends_testimony_without_giving_a_name(live_server, new_page, screenshot, settings):
    from sijill.publishing.models import Submission

    settings.SIJILL_RATE_LIMITS_ENABLED = False
    page = new_page("en-GB")
    page.goto("/public/submit/")
    box = page.locator("#id_website").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # the honeypot is out of a person's sight
    page.check("#id_kind_0")
    page.fill("#id_account", "Shelling hit the bakery queue in our neighbourhood in the morning.")
    page.fill("#id_place", "Tadef")
    page.fill("#id_name", "typed but not ticked")
    screenshot(page, "public-submit-form")
    page.wait_for_timeout(3200)  # a person takes longer than the minimum fill time
    with page.expect_navigation():
        page.click("#submission-form button[type=submit]")
    assert page.locator("#thanks").is_visible()
    submission = Submission.objects.get()
    assert not submission.identity_given and submission.name_sealed == ""

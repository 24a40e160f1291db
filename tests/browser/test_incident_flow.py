"""An analyst's day in the browser: log in with TOTP, file an incident in Arabic, find it, edit it,
read its history, meet a colleague's conflicting edit, switch to Arabic, log out."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_AR = "غارة جوية على مدرسة في مدينة الرقة"
DESCRIPTION_AR = "استهدفت طائرات حربية مدرسة تؤوي نازحين في حي الدرعية بمدينة الرقة، ما أدى إلى مقتل مدنيين."
TITLE_EN = "Airstrike on a school sheltering displaced families in Raqqa city"
VICTIMS = [
    {"name_ar": "أحمد الحسين", "name_latin": "Ahmad al-Hussein", "sex": "male", "age": "41"},
    {"name_ar": "فاطمة العلي", "name_latin": "Fatima al-Ali", "sex": "female", "age": "9"},
]


def submit(page, selector: str) -> None:
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def search(page, query: str) -> int:
    """Search the incident list from its search box; the number of results it reports."""
    page.goto("/incidents/")
    page.fill("#id_q", query)
    submit(page, "form.filters button[type=submit]")
    count = page.locator("#result-count").inner_text()
    return int(re.search(r"\d+", count).group()) if re.search(r"\d", count) else 0


def test_analyst_files_finds_edits_and_meets_a_conflict(settings, gazetteer, staff, new_page, log_in, screenshot):
    from sijill.audit.models import Version
    from sijill.incidents.models import Incident

    settings.SIJILL_REQUIRE_2FA = True
    staff("rania", role="analyst")
    staff("omar", role="coordinator")

    # Log in; the first login enrols an authenticator (TOTP) and lands on the dashboard.
    page = new_page()
    log_in(page, "rania", screenshot=screenshot)
    assert urlparse(page.url).path == "/"
    assert page.locator("h1").inner_text() == "Dashboard"
    screenshot(page, "02-dashboard")

    # File the incident in Arabic, with two victims and a perpetrator claim.
    page.goto("/incidents/new/")
    page.fill("#id_title_ar", TITLE_AR)
    page.fill("#id_description_ar", DESCRIPTION_AR)
    page.fill("#id_start_date", "2017-06-03")
    page.select_option("#id_date_precision", "day")
    page.locator("#id_place").press_sequentially("الرقة", delay=30)
    # htmx fills the suggestion list from the gazetteer as the user types.
    page.wait_for_function("document.querySelectorAll('#place-options option').length > 0")
    assert "Ar-Raqqa" in page.locator("#place-options").inner_html()
    page.select_option("#id_place_precision", "community")
    page.fill("#id_killed_total_min", "2")
    page.fill("#id_killed_total_max", "4")
    page.select_option("#id_act-violation_type", "killing")
    page.select_option("#id_act-method", "airstrike")
    for i, victim in enumerate(VICTIMS):
        page.fill(f"#id_victims-{i}-name_ar", victim["name_ar"])
        page.fill(f"#id_victims-{i}-name_latin", victim["name_latin"])
        page.select_option(f"#id_victims-{i}-sex", victim["sex"])
        page.fill(f"#id_victims-{i}-age", victim["age"])
    page.select_option("#id_claim-actor", "international-coalition")
    page.select_option("#id_claim-degree", "alleged")
    screenshot(page, "03-form")
    submit(page, "#save")

    assert re.search(r"/incidents/\d+/$", page.url), page.locator("main").inner_text()[:2000]
    incident = Incident.objects.get()
    assert page.locator("#incident-title").inner_text() == TITLE_AR
    assert incident.place is not None and incident.place.name_en.endswith("Raqqa")
    victims = page.locator("ul.victims li")
    assert victims.count() == 2
    assert "أحمد الحسين" in victims.nth(0).inner_text() + victims.nth(1).inner_text()
    assert "فاطمة العلي" in page.locator("ul.victims").inner_text()
    claims = page.locator("ul.claims").inner_text()
    assert "Coalition" in claims and "alleged" in claims
    screenshot(page, "04-detail")

    # A colleague opens the edit form now; it goes stale when the analyst saves first.
    colleague = new_page()
    log_in(colleague, "omar")
    colleague.goto(f"/incidents/{incident.pk}/edit/")

    # Find it again by other spellings: ta marbuta written as ha, hamza dropped, and in Latin.
    assert search(page, "مدرسه") == 1
    assert search(page, "احمد الحسين") == 1
    assert search(page, "Hussein") == 1
    assert search(page, "Raqqa") == 1
    assert search(page, "Idlib") == 0
    search(page, "رقه")
    assert page.locator("table.list tbody a").first.inner_text() == TITLE_AR
    screenshot(page, "05-list")

    # Edit: give the English title.
    page.click("table.list tbody a")
    page.click("#edit-incident")
    page.fill("#id_title_en", TITLE_EN)
    submit(page, "#save")
    assert page.locator("#incident-title").inner_text() in (TITLE_EN, TITLE_AR)
    assert TITLE_EN in page.locator("article").inner_text()

    # History: two versions, the second changing the English title.
    page.click("#history-link")
    versions = page.locator("section.version")
    assert versions.count() == 2
    history = page.locator("main").inner_text()
    assert "title_en" in history and TITLE_EN in history
    screenshot(page, "06-history")

    # The colleague saves the stale form: refused, shown the conflict, nothing overwritten.
    colleague.fill("#id_title_en", "Shelling of a school in Raqqa")
    submit(colleague, "#save")
    conflict = colleague.locator("#conflict")
    assert conflict.is_visible()
    assert TITLE_EN in conflict.inner_text() and "Shelling of a school in Raqqa" in conflict.inner_text()
    screenshot(colleague, "07-conflict")
    incident.refresh_from_db()
    assert incident.title_en == TITLE_EN and incident.lock_version == 2
    assert Version.objects.filter(record_type="incident", record_id=str(incident.pk)).count() == 2

    # Switch the interface to Arabic: right to left, Arabic labels.
    page.goto(f"/incidents/{incident.pk}/")
    submit(page, "#lang-switch")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert "الضحايا" in page.locator("main").inner_text()
    assert page.locator("#incident-title").inner_text() == TITLE_AR
    screenshot(page, "08-detail-arabic")

    # Log out (the button reads in Arabic now).
    submit(page, "form[action='/accounts/logout/'] button")
    assert "/accounts/login/" in page.url
    page.goto("/incidents/")
    assert "/accounts/login/" in page.url


def test_bad_dates_and_counts_are_shown_on_their_fields_and_nothing_is_filed(settings, gazetteer, staff, new_page, log_in, screenshot):
    from sijill.incidents.models import Incident

    settings.SIJILL_REQUIRE_2FA = False
    staff("rania")
    page = new_page()
    log_in(page, "rania")

    page.goto("/incidents/new/")
    page.fill("#id_title_ar", TITLE_AR)
    page.select_option("#id_date_precision", "range")
    page.fill("#id_start_date", "2017-06-03")
    page.fill("#id_end_date", "2017-05-28")
    page.fill("#id_killed_children_min", "5")
    page.fill("#id_killed_children_max", "2")
    page.fill("#id_victims-0-name_ar", "أحمد الحسين")
    submit(page, "#save")

    assert "/incidents/new/" in page.url
    end_error = page.locator(".error[data-field=end_date]")
    assert end_error.count() == 1 and "2017-05-28" in end_error.inner_text()
    count_error = page.locator(".error[data-field=killed_children_max]")
    assert count_error.count() == 1 and "minimum" in count_error.inner_text()
    # What the user typed is still there to correct.
    assert page.input_value("#id_title_ar") == TITLE_AR
    assert page.input_value("#id_victims-0-name_ar") == "أحمد الحسين"
    screenshot(page, "09-form-errors")
    assert Incident.objects.count() == 0

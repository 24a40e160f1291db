"""Peer review in the browser: a documenter submits an incident, a reviewer requests changes, the
documenter fixes the incident and resubmits, a second reviewer verifies; the history shows each step."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_documenter_submits_reviewer_requests_changes_second_reviewer_verifies(
        settings, staff, new_page, log_in, screenshot):
    from sijill.incidents.models import Incident
    from sijill.incidents.services import incident_create
    from sijill.review.models import ReviewEvent
    from sijill.sources.services import source_create

    settings.SIJILL_REQUIRE_2FA = False
    dana = staff("dana", role="documenter")
    staff("rami", role="analyst")
    staff("sara", role="analyst")
    source = source_create(user=dana, title="Field report", source_type="field-report", origin="Our field team")
    incident = incident_create(user=dana, title_en="Shelling of the market in Maarat al-Numan",
                               title_ar="قصف سوق معرة النعمان", start_date="2019-07-22",
                               sources=[source.pk], acts=[{"violation_type": "indiscriminate-attack",
                                                           "method": "artillery"}])

    # The documenter submits her incident from its page.
    documenter = new_page()
    log_in(documenter, "dana")
    documenter.goto(f"/incidents/{incident.pk}/")
    assert "waiting for review" in documenter.locator("#review-panel").inner_text()
    documenter.click("#review-link")
    submit(documenter, "#submit-review")
    assert documenter.locator("#review-state").get_attribute("data-state") == "received"

    # The first reviewer finds it in the queue with the keyboard and asks for the place.
    reviewer = new_page()
    log_in(reviewer, "rami")
    reviewer.goto("/review/queue/waiting/")
    assert "Shelling of the market" in reviewer.locator("#queue-rows").inner_text()
    reviewer.keyboard.press("j")
    with reviewer.expect_navigation():
        reviewer.keyboard.press("Enter")
    assert re.search(rf"/review/incident/{incident.pk}/$", reviewer.url)
    submit(reviewer, "#start-review")
    reviewer.select_option("#id_sources_independent", "no")
    reviewer.fill("#decision-form textarea[name=note]", "No place is given; add the village and a second source.")
    submit(reviewer, "#request-changes")
    assert reviewer.locator("#review-state").get_attribute("data-state") == "changes_requested"

    # The documenter is told, fixes the incident and resubmits it.
    documenter.goto("/review/")
    assert documenter.locator("#unread-count").inner_text() == "1"
    documenter.goto("/review/queue/returned/")
    documenter.click("#queue-rows a")
    documenter.click("#record-link")
    documenter.click("#edit-incident")
    documenter.fill("#id_location_note", "Main market, eastern quarter")
    submit(documenter, "#save")
    documenter.goto(f"/review/incident/{incident.pk}/")
    documenter.fill("#resubmit-note", "Added the location of the market.")
    submit(documenter, "#resubmit")
    assert documenter.locator("#review-state").get_attribute("data-state") == "received"
    # She may not review her own entry.
    assert documenter.locator("#start-review").count() == 0 and documenter.locator("#verify").count() == 0

    # A second reviewer takes it over and verifies it.
    second = new_page()
    log_in(second, "sara")
    second.goto(f"/review/incident/{incident.pk}/")
    submit(second, "#start-review")
    for question in ("sources_independent", "place_date_consistent", "attribution_supported"):
        second.select_option(f"#id_{question}", "yes")
    submit(second, "#verify")
    assert second.locator("#review-state").get_attribute("data-state") == "verified"

    # The history shows every step, who took it, and the notes.
    history = second.locator("#review-history")
    steps = [li.get_attribute("data-action") for li in history.locator("li.event").all()]
    assert steps == ["submit", "start", "request_changes", "resubmit", "start", "verify"]
    text = history.inner_text()
    assert "No place is given" in text and "Added the location" in text
    for name in ("dana", "rami", "sara"):
        assert name in text
    screenshot(second, "review-01-history")
    assert list(ReviewEvent.objects.values_list("user__username", flat=True)) == [
        "dana", "rami", "rami", "dana", "sara", "sara"]
    assert Incident.objects.get(pk=incident.pk).status.code == "verified"

    # The incident's own history shows the status at each step.
    second.goto(f"/incidents/{incident.pk}/history/")
    assert second.locator("section.version").count() >= 6
    screenshot(second, "review-02-incident-history")

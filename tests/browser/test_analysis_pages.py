"""The analysis pages and the map in a real Chromium with the network cut off: every request to
anything but the test server is aborted and recorded, and none may be attempted."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from analysis.records import make_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _offline(page, live_server) -> list[str]:
    """Abort every request that leaves the test server; return the list of those attempted."""
    local = urlparse(live_server.url).netloc
    attempted: list[str] = []

    def route(r):
        if urlparse(r.request.url).netloc == local or r.request.url.startswith("data:"):
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return attempted


@pytest.mark.parametrize("language", ["en", "ar"])
def test_analysis_pages_and_map_render_offline(language, settings, staff, new_page, log_in, screenshot, live_server):
    from sijill.confidentiality import Confidentiality

    settings.SIJILL_REQUIRE_2FA = False
    admin = staff("analysis-admin", role="admin", clearance=Confidentiality.SECRET)
    record = make_record(admin)
    staff("analysis-reader", role="analyst", clearance=Confidentiality.RESTRICTED)
    page = new_page("ar" if language == "ar" else "en-GB")
    page.set_default_timeout(60_000)  # charts are drawn on the server; CI machines are shared
    page.set_default_navigation_timeout(60_000)
    attempted = _offline(page, live_server)
    log_in(page, "analysis-reader")
    # The browser's own language (Accept-Language) already chooses Arabic; the switch otherwise.
    if page.locator("html").get_attribute("lang") != language:
        with page.expect_navigation():
            page.click("#lang-switch")
    assert page.locator("html").get_attribute("lang") == language

    page.goto("/analysis/")
    assert page.locator("#total-incidents").inner_text() == "3"
    assert page.locator("#by-place tr[data-key=SY02] td").nth(1).inner_text() == "2"
    screenshot(page, f"analysis-dashboard-{language}")

    # A figure leads to the incidents behind it.
    page.locator("#by-place tr[data-key=SY02] td a").first.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/incidents/" and "place=SY02" in page.url
    assert sorted(page.locator("table.list tbody td a").all_inner_texts()) == ["I1", "I2"]

    page.goto("/analysis/by/place/?level=2")
    page.wait_for_function("document.querySelector('figure.chart img').naturalWidth > 0")
    screenshot(page, f"analysis-districts-{language}")

    page.goto("/analysis/timeline/?by=perpetrator")
    page.wait_for_function("document.querySelector('figure.chart img').naturalWidth > 0")
    screenshot(page, f"analysis-timeline-{language}")

    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/analysis/map/")
    map_state = "(() => { const d = document.getElementById('analysis-map').dataset; return d.error || d.pointsLoaded; })()"
    page.wait_for_function(map_state)
    assert page.evaluate("document.getElementById('analysis-map').dataset.error") is None, errors
    assert page.evaluate("document.getElementById('analysis-map').dataset.areasLoaded") == "1"
    assert page.evaluate("document.getElementById('analysis-map').dataset.pointsLoaded") == "3"
    assert page.locator("#analysis-map path.leaflet-interactive").count() >= 14
    assert page.locator("#analysis-map path.leaflet-interactive[stroke='#555']:not([fill='#f2f2f2'])").count() == 2  # Aleppo, Hama
    legend = page.locator("#map-legend").inner_text()
    assert ("الحوادث" if language == "ar" else "Incidents") in legend
    screenshot(page, f"analysis-map-governorates-{language}")
    page.click("#map-layers button[data-layer='2']")
    page.wait_for_function("document.getElementById('analysis-map').dataset.areasLoaded === '2'")
    assert page.locator("#analysis-map path.leaflet-interactive").count() >= 62
    assert page.locator("#analysis-map path.leaflet-interactive[stroke='#555']:not([fill='#f2f2f2'])").count() == 3  # three districts
    screenshot(page, f"analysis-map-districts-{language}")
    assert page.evaluate("document.getElementById('analysis-map').dataset.error") is None
    assert record.gov_b.pcode == "SY05"
    assert errors == []
    assert attempted == []

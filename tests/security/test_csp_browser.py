"""In real Chromium, the strict Content-Security-Policy blocks nothing Sijill itself needs:
two-factor enrolment, htmx place suggestions, the drafts review page, evidence upload."""

from __future__ import annotations

import pytest
from browser.conftest import browser, gazetteer, log_in, staff  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = "قصفت طائرات التحالف الدولي مساء السبت قرية في ريف دير الزور الشرقي، ما أدى إلى مقتل ٧ مدنيين."


def test_pages_work_under_the_policy_with_no_violation(settings, gazetteer, staff, browser, live_server,  # noqa: F811
                                                       log_in, tmp_path):  # noqa: F811
    from sijill.evidence.models import EvidenceItem as Evidence

    settings.SIJILL_REQUIRE_2FA = True
    staff("layla", role="analyst")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")  # the policy enforced
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    log_in(page, "layla")  # includes the two-factor enrolment page with its QR code
    assert page.url.endswith("/")

    page.goto("/incidents/new/")
    page.locator("#id_place").press_sequentially("حلب", delay=30)
    page.locator("#place-options option").first.wait_for(state="attached")

    page.goto("/drafts/")
    page.fill("textarea[name=text]", REPORT)
    with page.expect_navigation():
        page.click("form.record button[type=submit], form.record button")
    assert "/drafts/" in page.url and page.locator("mark").count() > 0

    page.goto("/evidence/upload/")
    photo = tmp_path / "note.txt"
    photo.write_text("a field note, kept as evidence")
    page.set_input_files("#evidence-files", str(photo))
    page.locator("#upload-progress", has_text="stored").wait_for()
    assert Evidence.objects.count() == 1

    page.goto(f"/evidence/{Evidence.objects.get().pk}/")
    assert page.locator("code.hash-long").count() == 1
    context.close()
    assert problems == []

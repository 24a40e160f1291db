"""An analyst reads a week's reports at once in the Arabic interface: uploads a ZIP, watches it read,
finds the two accounts of one airstrike grouped, and makes them one incident with two sources."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTS = {
    "week/hajin-en.txt": "Coalition airstrikes on the town of Hajin in the eastern countryside of Deir Ezzor on "
                         "Saturday killed 7 civilians including three children, activists said.",
    "week/hajin-ar.txt": "قصفت طائرات التحالف الدولي مساء السبت بلدة هجين في ريف دير الزور الشرقي، ما أدى إلى "
                         "مقتل ٧ مدنيين.",
    "week/douma.txt": "Government forces shelled the town of Douma in Eastern Ghouta on 2 November 2018, "
                      "killing 12 people.",
}


def test_a_zip_of_reports_becomes_grouped_drafts_and_one_incident(gazetteer, staff, new_page, log_in, screenshot,
                                                                   immediate_jobs, tmp_path):
    from sijill.incidents.models import Incident

    staff("huda", role="analyst")
    archive = tmp_path / "week.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in REPORTS.items():
            zf.writestr(name, text.encode())
    archive.write_bytes(buffer.getvalue())

    page = new_page("ar")
    log_in(page, "huda")
    page.goto("/drafts/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    form = page.locator("#batch-form")
    form.locator("input[type=file]").set_input_files(str(archive))
    form.locator("input[type=date]").fill("2018-11-04")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert re.fullmatch(r"/drafts/batches/\d+/", urlparse(page.url).path)
    assert page.locator("h1").inner_text().startswith("دفعة التقارير")
    assert "3 من 3" in page.locator("#progress").inner_text()
    screenshot(page, "batch-ar")

    group = page.locator("section.event-group.together")
    assert group.count() == 1
    assert group.locator("tbody tr").count() == 2
    # the proposal in the reader's language: the Arabic name of the town and of the violation
    row = group.locator("tbody tr").first.inner_text()
    assert "هجين" in row and "2018-11-03" in row and "indiscriminate" not in row
    assert sorted(group.locator("td[dir=auto] a").all_inner_texts())[0].startswith("Coalition airstrikes")
    with page.expect_navigation():
        group.locator("button[type=submit]").click()
    assert re.fullmatch(r"/incidents/\d+/", urlparse(page.url).path)
    incident = Incident.objects.get()
    assert incident.sources.count() == 2 and incident.killed_total_min == 7
    assert str(incident.start_date) == "2018-11-03"

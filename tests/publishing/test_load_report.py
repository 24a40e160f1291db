"""`sijill publishing load-report`: the Raqqa report entered as a published report with its
authors, actors and places, found by the extraction library."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from real_data import shared_data

from sijill.publishing.report_text import parse_report_text
from sijill.reports.models import Report, ReportStatus

RAQQA = "reports/raqqa_caliphate_capital_en.txt"


def test_the_page_furniture_and_the_byline_are_taken_apart():
    parsed = parse_report_text(shared_data(RAQQA).read_text())
    assert parsed.byline == "Aghiad Al Kheder"
    assert parsed.organisation == "Sound and Picture organization"
    assert parsed.about.startswith("Sound and Picture organization: We are a group of Syrian human rights activists.")
    assert parsed.body.startswith("The city of al-Raqqa gained the title")
    assert parsed.body.endswith("release their anger.")
    for furniture in ("EXCLUSIVE", "About The Author", "Related Posts", "Leave a Reply", "email address"):
        assert furniture not in parsed.body
    assert len(parsed.paragraphs) == 8


@pytest.mark.django_db
def test_the_raqqa_report_is_entered_published_with_its_actors_and_places(editor, client):
    from sijill.places.services import gazetteer_load

    gazetteer_load()
    out = StringIO()
    args = ["publishing", "load-report", str(shared_data(RAQQA)), "--user", editor.username, "--publish",
            "--title", "Al-Raqqa, the caliphate capital", "--tag", "ISIS"]
    call_command(*args, stdout=out)
    report = Report.objects.get()
    assert report.status == ReportStatus.PUBLISHED and report.is_public and report.language == "en"
    actors = set(report.actors.values_list("slug", flat=True))
    places = set(report.places.values_list("pcode", flat=True))
    assert {"isis", "international-coalition", "ypg", "isis-battar"} <= actors
    assert {"SY11", "SY09", "IQG01", "IQG15Q05"} <= places  # al-Raqqa, Deir Ezzor, al-Anbar, al-Mosul
    assert [a.name_en for a in report.authors.order_by("id")] == ["Aghiad Al Kheder", "Sound and Picture organization"]
    assert f"report {report.pk}" in out.getvalue()
    call_command(*args, stdout=StringIO())  # the same file again: nothing new
    assert Report.objects.count() == 1
    page = client.get(f"/public/reports/{report.slug}/").content.decode()
    assert "Battalion al-Battar" in page and "Deir-ez-Zor" in page and "Aghiad Al Kheder" in page
    author = client.get("/public/authors/sound-and-picture-organization/").content.decode()
    assert "We are a group of Syrian human rights activists" in author and report.title in author


@pytest.mark.django_db
def test_publishing_needs_an_editor_and_a_gazetteer(writer, editor, places):
    with pytest.raises(CommandError, match="coordinator or an admin"):
        call_command("publishing", "load-report", str(shared_data(RAQQA)), "--user", writer.username, "--publish",
                     stdout=StringIO())
    assert Report.objects.count() == 0
    with pytest.raises(CommandError, match="No active user"):
        call_command("publishing", "load-report", str(shared_data(RAQQA)), "--user", "nobody", stdout=StringIO())

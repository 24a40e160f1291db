"""Nothing that is not public reaches the portal: every page, feed and map layer is crawled for
marker strings seeded into sensitive fields and unpublished records."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from exports import seed

from sijill.incidents.services import act_add
from sijill.publishing.services import submission_receive
from sijill.reports import services

pytestmark = pytest.mark.django_db

MARKERS = {
    "witness name": "Zzwitnessname",
    "witness contact": "zzwitness@contact.example",
    "source origin": "Zzsourceorigin",
    "source content": "Zzsourcecontent",
    "witness source title": "Zzwitnesssourcetitle",
    "location detail": "Zzlocationdetail",
    "exact latitude": "36.3512347",
    "protected victim": "Zzprotectedvictim",
    "claim note": "Zzclaimnote",
    "act description": "Zzactdescription",
    "internal incident": "Zzinternalincident",
    "secret incident": "Zzsecretincident",
    "rejected incident": "Zzrejectedincident",
    "draft report": "Zzdraftreport",
    "report in review": "Zzreviewreport",
    "scheduled report": "Zzscheduledreport",
    "withdrawn report": "Zzwithdrawnreport",
    "deleted report": "Zzdeletedreport",
    "review note": "Zzreviewnote",
    "submission": "Zzsubmissiontext",
    "submitter": "Zzsubmittername",
}


@pytest.fixture
def world(editor, writer, places):
    m = MARKERS
    witness = seed.source(editor, title=m["witness source title"], source_type="witness-testimony",
                          origin=m["source origin"], content=m["source content"], witness_name=m["witness name"],
                          witness_contact=m["witness contact"])
    public = seed.incident(editor, title_en="Airstrike on Tadef market", place="C1219", place_precision="exact",
                           latitude=36.3512347, longitude=37.5387651, location_note=m["location detail"],
                           sources=[witness.pk], killed_total_min=6, killed_children_min=2)
    act_add(user=editor, incident_id=public.pk, violation_type="killing", description=m["act description"],
            victims=[{"name_latin": "Ahmad al-Ali", "confidentiality": 0},
                     {"name_latin": m["protected victim"], "confidentiality": 2}],
            claims=[{"actor": seed.actor().slug, "degree": "direct", "confidence": "high", "note": m["claim note"]}])
    internal = seed.incident(editor, title_en=m["internal incident"], confidentiality=1, place="C5710")
    secret = seed.incident(editor, title_en=m["secret incident"], confidentiality=3, place="C5710")
    rejected = seed.incident(editor, title_en=m["rejected incident"], status="rejected", place="C5710")

    def report(title, user=writer, **kw):
        return services.report_create(user=user, title=title, body=f"{title} body about Raqqa.", **kw)

    def through_review(r, at=None):
        services.report_submit(user=editor, report_id=r.pk)
        return services.report_publish(user=editor, report_id=r.pk, at=at)

    shown = through_review(report("Public report on Tadef", tags=["Tadef"], actors=[seed.actor().slug],
                                  places=["C1219", "SY11"], incidents=[public.pk, internal.pk, secret.pk, rejected.pk],
                                  authors=["Aghiad Al Kheder"], user=editor))
    report(m["draft report"], tags=["Tadef"], places=["C1219"])
    services.report_submit(user=writer, report_id=report(m["report in review"], places=["C1219"]).pk)
    through_review(report(m["scheduled report"], places=["C1219"], tags=["Tadef"]), at=timezone.now() + timedelta(days=1))
    withdrawn = through_review(report(m["withdrawn report"], places=["C1219"]))
    services.report_withdraw(user=editor, report_id=withdrawn.pk)
    deleted = report(m["deleted report"], places=["C1219"])
    services.report_delete(user=editor, report_id=deleted.pk)
    returned = report("Returned report", places=["C1219"])
    services.report_submit(user=writer, report_id=returned.pk)
    services.report_return(user=editor, report_id=returned.pk, note=m["review note"])
    submission_receive(kind="tip", account=f"{m['submission']} happened in Tadef yesterday.", give_identity=True,
                       name=m["submitter"], contact="+963 000")
    return {"public": public, "internal": internal, "secret": secret, "rejected": rejected, "report": shown}


def _pdf_text(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        return ""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, check=True, capture_output=True).stdout.decode()


def crawl(client, start: list[str], limit: int = 200) -> dict[str, str]:
    """Every portal page reachable from `start` by links under /public/: {url: body}."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"] == "application/pdf":  # a case file's PDF: its extracted text
            seen[url] = _pdf_text(response.content)
            continue
        body = response.content.decode()
        seen[url] = body
        for link in re.findall(r'href="(/public/[^"#]*)"', body):
            link = link.replace("&amp;", "&")
            if link not in seen:
                queue.append(link)
    return seen


def test_no_marker_appears_on_any_portal_page_feed_or_map_layer(client, world):
    for language in ("en", "ar"):
        client.cookies["django_language"] = language
        pages = crawl(client, [
            "/public/", "/public/reports/", "/public/incidents/", "/public/incidents.geojson",
            "/public/feeds/en/", "/public/feeds/ar/", "/public/submit/",
            "/public/reports/?q=Raqqa", "/public/reports/?q=body+about",
            "/public/incidents/?q=Tadef", "/public/incidents.geojson?q=Zzlocationdetail",
            "/public/places/SY11/", "/public/places/C5710/", "/public/actors/test-air-force/",
        ])
        assert f"/public/reports/{world['report'].slug}/" in pages
        assert f"/public/incidents/{world['public'].pk}/" in pages
        assert len(pages) >= 12
        for url, body in pages.items():
            for what, marker in MARKERS.items():
                assert marker.lower() not in body.lower(), f"{what} ({marker}) shown on {url}"
        # The public incident is there, with its public victim: the crawl did see real content.
        assert "Ahmad al-Ali" in pages[f"/public/incidents/{world['public'].pk}/"]
        assert f"/public/incidents/{world['public'].pk}/case-file/?format=pdf" in pages


def test_unpublished_incidents_and_reports_are_not_found(client, world):
    for key in ("internal", "secret", "rejected"):
        assert client.get(f"/public/incidents/{world[key].pk}/").status_code == 404
    from sijill.reports.models import Report

    for report in Report.objects.exclude(pk=world["report"].pk):
        assert client.get(f"/public/reports/{report.slug}/").status_code == 404


def test_search_matches_only_published_words(client, world):
    def count(query):
        return client.get("/public/incidents/", {"q": query}).content.decode().count('class="incident-item"')

    assert count("Tadef market") == 1
    assert count(MARKERS["location detail"]) == 0
    assert count(MARKERS["protected victim"]) == 0
    assert count(MARKERS["secret incident"]) == 0


def test_a_place_page_does_not_reveal_a_place_finer_than_published(client, world, editor):
    # Published at governorate level on request: the community page must not list it.
    coarse = seed.incident(editor, title_en="Shelling near a village", place="C1219", tags=["public-place:governorate"])
    assert "Shelling near a village" in client.get("/public/places/SY02/").content.decode()
    assert "Shelling near a village" not in client.get("/public/places/C1219/").content.decode()
    assert "Shelling near a village" not in client.get("/public/incidents/", {"place": "C1219"}).content.decode()
    assert coarse.pk

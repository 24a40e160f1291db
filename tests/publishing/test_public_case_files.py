"""Public case files, linked from the portal's incident and actor pages: the published records only."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.conf import settings
from exports import seed

from sijill.incidents.services import act_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(editor, places, no_rate_limits):
    actor = seed.actor()
    public = seed.incident(editor, title_en="Airstrike on Tadef market", place="C1219", location_note="behind the mill",
                           killed_total_min=5)
    act_add(user=editor, incident_id=public.pk, violation_type="killing", method="airstrike",
            description="internal act notes", victims=[
                {"name_latin": "Public Victim", "name_ar": "ضحية علنية", "confidentiality": 0},
                {"name_latin": "Protected Victim", "confidentiality": 1}],
            claims=[{"actor": actor.slug, "degree": "direct", "confidence": "high", "note": "internal claim note"}])
    internal = seed.incident(editor, title_en="Internal raid by the air force", confidentiality=1, place="C1219")
    act_add(user=editor, incident_id=internal.pk, violation_type="killing",
            claims=[{"actor": actor.slug, "degree": "alleged", "confidence": "low"}])
    return {"actor": actor, "public": public, "internal": internal}


SECRETS = ("behind the mill", "internal act notes", "internal claim note", "Protected Victim", "Internal raid")


def test_the_incident_page_links_its_public_case_file_in_both_languages(client, records):
    pk = records["public"].pk
    page = client.get(f"/public/incidents/{pk}/").content.decode()
    assert f'href="/public/incidents/{pk}/case-file/"' in page
    assert f'href="/public/incidents/{pk}/case-file/?format=pdf"' in page
    for language, words in (("en", "Public Victim"), ("ar", "ضحية علنية")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(f"/public/incidents/{pk}/case-file/")
        body = response.content.decode()
        assert response.status_code == 200 and f'lang="{language}"' in body
        assert "Airstrike on Tadef market" in body or "قصف جوي على سوق تادف" in body
        assert words in body
        assert not [s for s in SECRETS if s in body]


def test_the_actor_page_links_a_case_file_of_only_published_acts(client, records):
    slug = records["actor"].slug
    assert f'href="/public/actors/{slug}/case-file/"' in client.get(f"/public/actors/{slug}/").content.decode()
    body = client.get(f"/public/actors/{slug}/case-file/").content.decode()
    assert "Airstrike on Tadef market" in body and "Test Air Force" in body
    assert not [s for s in SECRETS if s in body]


def test_the_public_case_file_pdf_holds_the_published_text(client, records, tmp_path):
    response = client.get(f"/public/incidents/{records['public'].pk}/case-file/", {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text is not checked")
    path = tmp_path / "case.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "Airstrike on Tadef market" in text and "Public Victim" in text
    assert not [s for s in SECRETS if s in text]


def test_no_public_case_file_for_what_is_not_published(client, records):
    assert client.get(f"/public/incidents/{records['internal'].pk}/case-file/").status_code == 404
    assert client.get("/public/actors/nobody-we-know/case-file/").status_code == 404


def test_case_files_are_rate_limited_per_address(client, records, settings):
    from django.core.cache import cache
    from rate_windows import start_well_inside_a_rate_window

    cache.clear()
    settings.SIJILL_RATE_LIMITS_ENABLED = True
    settings.SIJILL_RATE_LIMITS = {"public-case-file": "2/m"}
    start_well_inside_a_rate_window()
    url = f"/public/incidents/{records['public'].pk}/case-file/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(f"/public/actors/{records['actor'].slug}/case-file/").status_code == 429
    cache.clear()

"""The web pages: drag-and-drop upload endpoint, detail with custody, download, redaction, incident section."""

import io
from datetime import date

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from PIL import Image

from sijill.evidence.models import EvidenceItem
from sijill.evidence.services import evidence_add
from sijill.incidents.services import incident_create

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(analyst):
    c = Client()
    c.force_login(analyst)
    return c


def test_upload_page_serves_the_script_and_upload_streams_the_body(client, analyst):
    page = client.get("/evidence/upload/")
    assert page.status_code == 200 and "evidence/upload.js" in page.content.decode()
    assert "<script>" not in page.content.decode()  # no inline scripts
    incident = incident_create(user=analyst, title_en="Strike", start_date=date(2016, 3, 1))
    answer = client.post(f"/evidence/upload/?filename=a.jpg&method=device&incident={incident.pk}",
                         data=jpeg_bytes(), content_type="application/octet-stream")
    assert answer.status_code == 201, answer.content
    item = EvidenceItem.objects.get(pk=answer.json()["id"])
    assert item.original_name == "a.jpg" and list(item.incidents.all()) == [incident]
    again = client.post("/evidence/upload/?filename=b.jpg", data=jpeg_bytes(), content_type="application/octet-stream")
    assert again.json()["duplicate_of"] == item.pk and "stored once" in again.json()["messages"][0]
    bad = client.post("/evidence/upload/?filename=c.jpg", data=b"", content_type="application/octet-stream")
    assert bad.status_code == 400 and "empty" in bad.json()["errors"][0]


def test_detail_and_download_are_custody_events(client, analyst):
    item = evidence_add(user=analyst, stream=io.BytesIO(jpeg_bytes()), filename="a.jpg").item
    page = client.get(f"/evidence/{item.pk}/")
    assert page.status_code == 200 and item.sha256 in page.content.decode()
    download = client.get(f"/evidence/{item.pk}/original/")
    assert b"".join(download.streaming_content) == jpeg_bytes()
    assert download["Content-Type"] == "application/octet-stream" and "attachment" in download["Content-Disposition"]
    assert list(item.custody.values_list("action", flat=True)) == ["acquired", "uploaded", "viewed", "downloaded"]
    assert client.get(f"/evidence/{item.pk}/thumbnail/")["Content-Type"] == "image/jpeg"
    assert "a.jpg" in client.get("/evidence/").content.decode()


def test_a_redacted_copy_is_a_separate_item_without_metadata(client, analyst, files):
    import subprocess

    path = files("gps.jpg", jpeg_bytes())
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-GPSLatitude=36.2", "-GPSLatitudeRef=N", str(path)], check=True)
    original = evidence_add(user=analyst, stream=open(path, "rb"), filename="gps.jpg").item
    answer = client.post(f"/evidence/{original.pk}/redact/", {"regions": "0,0,100,100\n150,100,50,50"})
    assert answer.status_code == 302
    copy = EvidenceItem.objects.get(derived_from=original)
    assert copy.sha256 != original.sha256 and "latitude" not in copy.summary
    from sijill.evidence.services import vault

    with Image.open(vault().path_of(copy.sha256)) as img:
        assert not img.getexif() and "exif" not in img.info
    assert vault().rehash(original.sha256) == original.sha256
    assert original.custody.filter(action="derived").exists()


def test_access_change_is_recorded(client, analyst):
    item = evidence_add(user=analyst, stream=io.BytesIO(jpeg_bytes()), filename="a.jpg").item
    assert client.post(f"/evidence/{item.pk}/access/", {"confidentiality": "2"}).status_code == 302
    item.refresh_from_db()
    assert item.confidentiality == 2 and item.custody.filter(action="access_changed").exists()


def test_incident_section_include_lists_visible_evidence(analyst):
    incident = incident_create(user=analyst, title_en="Strike", start_date=date(2016, 3, 1))
    evidence_add(user=analyst, stream=io.BytesIO(jpeg_bytes()), filename="shown.jpg", incidents=[incident.pk])
    request = RequestFactory().get("/")
    request.user = analyst
    html = Template('{% include "evidence/incident_evidence.html" %}').render(Context({"incident": incident, "request": request}))
    assert "shown.jpg" in html and f"?incident={incident.pk}" in html

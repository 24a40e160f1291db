"""Adding originals: duplicates stored once, metadata beside the original, near-duplicates flagged."""

import io
import subprocess
from datetime import date

import pytest
from django.core.management import call_command

from sijill.evidence.models import CustodyEvent, EvidenceItem
from sijill.evidence.selectors import near_duplicates
from sijill.evidence.services import evidence_add
from sijill.incidents.services import incident_create

from .conftest import jpeg_bytes, pdf_bytes, vault_files

pytestmark = pytest.mark.django_db


def add(user, data: bytes, name: str, **kw):
    return evidence_add(user=user, stream=io.BytesIO(data), filename=name, **kw)


def test_a_duplicate_upload_is_stored_once_linked_to_the_first_and_the_user_told(analyst, vault_root):
    first = add(analyst, jpeg_bytes(), "a.jpg")
    second = add(analyst, jpeg_bytes(), "copy of a.jpg")
    assert second.duplicate_of == first.item
    assert any(f"identical to evidence #{first.item.pk}" in m for m in second.messages)
    assert [p.name for p in vault_files(vault_root)] == [first.item.sha256]
    assert second.item.sha256 == first.item.sha256 and second.item.pk != first.item.pk


def test_exif_device_time_and_gps_are_extracted(analyst, files):
    path = files("phone.jpg", jpeg_bytes())
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-Make=TestMaker", "-Model=T1",
                    "-DateTimeOriginal=2016:03:01 10:20:30", "-GPSLatitude=36.2021", "-GPSLatitudeRef=N",
                    "-GPSLongitude=37.1343", "-GPSLongitudeRef=E", str(path)], check=True)
    item = add(analyst, path.read_bytes(), "phone.jpg", method="device").item
    assert item.summary["device"] == "TestMaker T1"
    assert item.summary["captured_at"] == "2016:03:01 10:20:30"
    assert abs(item.summary["latitude"] - 36.2021) < 1e-3 and abs(item.summary["longitude"] - 37.1343) < 1e-3
    assert item.kind == "photo" and item.has_thumbnail and item.acquisition.method == "device"


def test_video_duration_creation_time_and_location_come_from_the_container(analyst, video_bytes):
    item = add(analyst, video_bytes, "clip.mp4").item
    assert item.kind == "video" and abs(item.summary["duration"] - 2.0) < 0.2
    assert item.summary["captured_at"].startswith("2016")
    assert abs(item.summary["latitude"] - 36.2021) < 1e-3
    assert item.phashes.count() >= 1 and item.has_thumbnail


def test_pdf_metadata_is_extracted(analyst):
    item = add(analyst, pdf_bytes(), "report.pdf").item
    assert item.mime_type == "application/pdf" and item.kind == "document"
    assert item.summary["title"] == "Field report" and item.summary["pages"] == 1


def test_a_slightly_changed_photo_is_flagged_as_a_near_duplicate(analyst):
    first = add(analyst, jpeg_bytes(), "a.jpg").item
    later = add(analyst, jpeg_bytes(color=(205, 35, 35)), "a-recompressed.jpg")
    other = add(analyst, jpeg_bytes(pattern=1, color=(30, 30, 200)), "other.jpg").item
    assert later.near_duplicates == 1
    assert [i for i, _ in near_duplicates(user=analyst, item=later.item)] == [first]
    assert first not in [i for i, _ in near_duplicates(user=analyst, item=other)]


def test_acquisition_and_custody_are_recorded(analyst):
    from sijill.sources.services import source_create

    source = source_create(user=analyst, title="Witness video", source_type="field-report")
    incident = incident_create(user=analyst, title_en="Strike", start_date=date(2016, 3, 1))
    item = add(analyst, jpeg_bytes(), "a.jpg", source=source.pk, incidents=[incident.pk], method="messenger",
               original_url="https://example.org/p/1", collector="field team 3").item
    assert item.acquisition.source == source and item.acquisition.collected_by == analyst
    assert list(item.incidents.all()) == [incident]
    events = list(CustodyEvent.objects.filter(item=item).order_by("seq"))
    assert [e.action for e in events] == ["acquired", "uploaded"]
    assert events[0].details["method"] == "messenger" and events[1].prev_hash == events[0].hash


def test_cli_adds_several_files_with_incident_and_source(analyst, files, capsys):
    a, b = files("a.jpg", jpeg_bytes()), files("b.pdf", pdf_bytes())
    incident = incident_create(user=analyst, title_en="Strike", start_date=date(2016, 3, 1))
    call_command("evidence", "add", str(a), str(b), "--incident", str(incident.pk), "--user", analyst.username)
    out = capsys.readouterr().out
    assert out.count("evidence #") == 2
    assert EvidenceItem.objects.filter(incidents=incident).count() == 2

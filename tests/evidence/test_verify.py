"""`sijill evidence verify` finds every kind of tampering and names the item and event."""

import io
import os

import pytest
from django.core.management import CommandError, call_command

from sijill.evidence.models import CustodyEvent
from sijill.evidence.services import evidence_add, evidence_open, vault

from .conftest import jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(analyst):
    made = [evidence_add(user=analyst, stream=io.BytesIO(data), filename=name).item
            for data, name in ((jpeg_bytes(), "a.jpg"), (pdf_bytes(), "b.pdf"))]
    for item in made:
        evidence_open(user=analyst, item_id=item.pk)[1].close()  # a third event: downloaded
    return made


def _verify(capsys) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("evidence", "verify")
    assert caught.value.returncode == 1
    return capsys.readouterr().err


def test_verify_passes_when_everything_holds(items, capsys):
    call_command("evidence", "verify")
    assert "Evidence intact: 2 item(s)" in capsys.readouterr().out


def test_a_flipped_byte_in_a_stored_original_is_detected(items, capsys):
    path = vault().path_of(items[1].sha256)
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    err = _verify(capsys)
    assert f"evidence #{items[1].pk}: original {items[1].sha256} was altered" in err
    assert f"evidence #{items[0].pk}" not in err


def test_a_missing_original_is_detected(items, capsys):
    vault().path_of(items[0].sha256).unlink()
    assert f"evidence #{items[0].pk}: original {items[0].sha256} is missing" in _verify(capsys)


def test_a_removed_custody_event_is_detected(items, capsys):
    CustodyEvent.objects.filter(item=items[0], seq=2).delete()
    err = _verify(capsys)
    assert f"evidence #{items[0].pk}: custody event #3: out of order or missing" in err
    assert f"evidence #{items[1].pk}" not in err


def test_removing_the_last_custody_event_is_detected_through_the_audit_log(items, capsys):
    CustodyEvent.objects.filter(item=items[0], seq=3).delete()
    err = _verify(capsys)
    assert f"evidence #{items[0].pk}: custody event #3: the audit log records it as the latest" in err


def test_an_edited_custody_event_is_detected(items, capsys):
    event = CustodyEvent.objects.get(item=items[1], seq=1)
    event.details = {**event.details, "collector": "someone else"}
    event.save()
    assert f"evidence #{items[1].pk}: custody event #1: content was changed" in _verify(capsys)


def test_two_reordered_custody_events_are_detected(items, capsys):
    first, second = CustodyEvent.objects.filter(item=items[0], seq__in=[2, 3]).order_by("seq")
    CustodyEvent.objects.filter(pk=first.pk).update(seq=99)
    CustodyEvent.objects.filter(pk=second.pk).update(seq=2)
    CustodyEvent.objects.filter(pk=first.pk).update(seq=3)
    err = _verify(capsys)
    assert f"evidence #{items[0].pk}: custody event #2: does not link" in err
    assert f"evidence #{items[0].pk}: custody event #3" in err


def test_verify_can_record_a_verified_event(items, analyst, capsys):
    call_command("evidence", "verify", "--record", "--user", analyst.username)
    assert CustodyEvent.objects.filter(action="verified").count() == 2
    call_command("evidence", "verify")

"""RFC 3161 timestamps from a real local authority; queued while offline; verified offline."""

import io
import socket

import pytest
from django.core.management import call_command

from sijill.evidence import timestamps
from sijill.evidence.models import EvidenceItem
from sijill.evidence.services import evidence_add, evidence_verify

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


def test_an_item_is_timestamped_when_the_authority_answers(analyst, tsa):
    item = evidence_add(user=analyst, stream=io.BytesIO(jpeg_bytes()), filename="a.jpg").item
    item.refresh_from_db()
    assert item.timestamp_status == "granted" and item.timestamp_time is not None
    facts = timestamps.verify_token(bytes(item.timestamp_token), item.sha256)
    assert "Sijill test TSA" in facts.tsa
    assert item.custody.filter(action="timestamped").exists()
    assert evidence_verify()[1] == []


def test_offline_items_wait_as_pending_and_are_stamped_on_retry(analyst, settings, tsa):
    settings.SIJILL_TSA_URL = _closed_port_url()
    item = evidence_add(user=analyst, stream=io.BytesIO(jpeg_bytes()), filename="a.jpg").item
    item.refresh_from_db()
    assert item.timestamp_status == "pending" and "did not answer" in item.timestamp_error
    settings.SIJILL_TSA_URL = ""
    call_command("evidence", "timestamp", "--url", tsa)
    item.refresh_from_db()
    assert item.timestamp_status == "granted"


def test_a_token_for_another_file_or_with_a_broken_signature_is_refused(analyst, tsa):
    item = evidence_add(user=analyst, stream=io.BytesIO(jpeg_bytes()), filename="a.jpg").item
    item.refresh_from_db()
    token = bytes(item.timestamp_token)
    with pytest.raises(timestamps.TokenInvalid, match="different file"):
        timestamps.verify_token(token, "0" * 64)
    tampered = bytearray(token)
    tampered[-10] ^= 0x01
    EvidenceItem.objects.filter(pk=item.pk).update(timestamp_token=bytes(tampered))
    problems = evidence_verify()[1]
    assert [p.item_id for p in problems] == [item.pk] and "timestamp token" in problems[0].message

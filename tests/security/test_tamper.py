"""Tampering, injected at random: every edit of an audit event, a custody event or a stored
evidence byte is found by `audit_verify` / `evidence_verify` (what `sijill audit verify` and
`sijill evidence verify` run), and each fault is undone before the next."""

from __future__ import annotations

import io
import os
import random
from datetime import date, timedelta

import pytest
from django.db import transaction

from sijill.audit.models import AuditEvent
from sijill.audit.services import audit_verify
from sijill.evidence.models import CustodyEvent
from sijill.evidence.services import evidence_add, evidence_open, evidence_verify, vault
from sijill.incidents.services import incident_create, incident_update

pytestmark = pytest.mark.django_db
RNG = random.Random(9)


class Undo(Exception):
    pass


@pytest.fixture
def records(analyst, settings, tmp_path):
    settings.SIJILL_EVIDENCE_ROOT = tmp_path / "vault"
    incident = incident_create(user=analyst, title_en="Shelling of a bakery", start_date=date(2015, 5, 5))
    for n in range(6):
        incident_update(user=analyst, incident_id=incident.pk, lock_version=n + 1, title_en=f"Bakery ({n})")
    items = [evidence_add(user=analyst, stream=io.BytesIO(os.urandom(3000 + i)), filename=f"f{i}.bin").item
             for i in range(4)]
    for item in items:
        evidence_open(user=analyst, item_id=item.pk)[1].close()
    return items


def _audit_mutations(event: AuditEvent):
    yield "changes", {**event.changes, "title_en": ["a", "b"]}
    yield "username", event.username + "x"
    yield "at", event.at + timedelta(seconds=1)
    yield "action", "delete"
    yield "record_id", str(event.record_id) + "0"
    yield "hash", "0" * 64
    yield "prev_hash", "f" * 64


def test_every_audit_event_edit_is_detected(records, tally):
    assert audit_verify()[1] is None
    faults = 0
    events = list(AuditEvent.objects.order_by("seq"))
    for event in RNG.sample(events, min(12, len(events))):
        for field, value in _audit_mutations(event):
            with pytest.raises(Undo), transaction.atomic():
                AuditEvent.objects.filter(pk=event.pk).update(**{field: value})
                broken = audit_verify()[1]
                assert broken is not None and broken.seq <= event.seq + 1, (field, event.seq)
                faults += 1
                raise Undo
        with pytest.raises(Undo), transaction.atomic():  # deletion of a row
            AuditEvent.objects.filter(pk=event.pk).delete()
            assert audit_verify()[1] is not None or event.seq == events[-1].seq
            faults += 1
            raise Undo
    assert audit_verify()[1] is None
    tally(faults=faults)


def test_every_custody_event_edit_is_detected(records, tally):
    assert evidence_verify()[1] == []
    faults = 0
    for event in CustodyEvent.objects.order_by("id"):
        for field, value in (("actor_name", "someone else"), ("action", "transferred"), ("details", {"x": 1}),
                             ("at", event.at - timedelta(days=1)), ("hash", "0" * 64)):
            with pytest.raises(Undo), transaction.atomic():
                CustodyEvent.objects.filter(pk=event.pk).update(**{field: value})
                problems = evidence_verify()[1]
                assert any(p.item_id == event.item_id for p in problems), (field, event.seq)
                faults += 1
                raise Undo
        with pytest.raises(Undo), transaction.atomic():
            CustodyEvent.objects.filter(pk=event.pk).delete()
            assert any(p.item_id == event.item_id for p in evidence_verify()[1])
            faults += 1
            raise Undo
    assert evidence_verify()[1] == []
    tally(faults=faults)


def test_every_flipped_byte_in_the_evidence_store_is_detected(records, tally):
    store = vault()
    faults = 0
    for item in records:
        path = store.path_of(item.sha256)
        original = path.read_bytes()
        for _ in range(5):
            position = RNG.randrange(len(original))
            os.chmod(path, 0o600)
            path.write_bytes(original[:position] + bytes([original[position] ^ (1 << RNG.randrange(8))])
                             + original[position + 1:])
            problems = evidence_verify()[1]
            assert any(p.item_id == item.pk and "altered" in p.message for p in problems)
            faults += 1
        path.unlink()
        assert any(p.item_id == item.pk and "missing" in p.message for p in evidence_verify()[1])
        faults += 1
        path.write_bytes(original)
        os.chmod(path, 0o444)
    assert evidence_verify()[1] == []
    tally(faults=faults)

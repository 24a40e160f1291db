"""The one audit writer, the version store, and the chain verifier."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent, Version

GENESIS = "0" * 64


def _canonical(event_fields: dict) -> str:
    return json.dumps(event_fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _event_hash(*, prev_hash: str, seq: int, at: datetime, username: str, action: str,
                record_type: str, record_id: str, changes: dict) -> str:
    body = _canonical(
        {
            "seq": seq,
            "at": at.isoformat(),
            "user": username,
            "action": action,
            "record_type": record_type,
            "record_id": str(record_id),
            "changes": changes,
        }
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


# Key of the PostgreSQL advisory lock that serialises appends to the audit chain ("sijill" in hex).
AUDIT_CHAIN_LOCK = 0x73696A696C6C


def audit_record(*, user, action: str, record_type: str, record_id, changes: dict | None = None) -> AuditEvent:
    """Append one event to the audit chain. Call inside the service's transaction.

    PostgreSQL: a transaction-level advisory lock serialises writers of the chain, and the last
    event is read only once it is held, so the read sees every committed event (locking the last
    row alone is not enough: a second writer waiting on it would re-read that same row after the
    first commits and take the same number). SQLite: the database write lock is held (IMMEDIATE
    transactions).
    """
    changes = json.loads(_canonical(changes or {}))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
        last = AuditEvent.objects.select_for_update().order_by("-seq").first()
        seq = (last.seq + 1) if last else 1
        prev_hash = last.hash if last else GENESIS
        at = timezone.now()
        username = getattr(user, "username", "") or ""
        digest = _event_hash(
            prev_hash=prev_hash, seq=seq, at=at, username=username, action=action,
            record_type=record_type, record_id=str(record_id), changes=changes,
        )
        return AuditEvent.objects.create(
            seq=seq, at=at, user=user if getattr(user, "pk", None) else None, username=username,
            action=action, record_type=record_type, record_id=str(record_id), changes=changes,
            prev_hash=prev_hash, hash=digest,
        )


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"audit event #{self.seq}: {self.reason}"


def audit_verify() -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return (events checked, first break or None)."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return checked, ChainBreak(
                expected_seq, f"missing or reordered: expected #{expected_seq}, found #{event.seq}"
            )
        if event.prev_hash != prev_hash:
            return checked, ChainBreak(event.seq, "does not link to the event before it")
        digest = _event_hash(
            prev_hash=event.prev_hash, seq=event.seq, at=event.at, username=event.username,
            action=event.action, record_type=event.record_type, record_id=event.record_id,
            changes=event.changes,
        )
        if digest != event.hash:
            return checked, ChainBreak(event.seq, "content was changed after it was written")
        prev_hash = event.hash
        expected_seq += 1
        checked += 1
    return checked, None


def version_save(*, record_type: str, record_id, user, data: dict) -> Version:
    """Store the next snapshot of a record."""
    data = json.loads(_canonical(data))
    last = (
        Version.objects.filter(record_type=record_type, record_id=str(record_id))
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return Version.objects.create(
        record_type=record_type, record_id=str(record_id), number=(last or 0) + 1,
        user=user if getattr(user, "pk", None) else None, data=data,
    )


def snapshot_diff(before: dict | None, after: dict) -> dict:
    """Field-by-field differences between two snapshots: {field: [old, new]}."""
    before = before or {}
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def record_changed(*, user, action: str, record_type: str, record_id, before: dict | None, after: dict) -> None:
    """Write what every service writes after a change: a version snapshot and an audit event.

    The audit event carries the field-level diff, so the chain alone shows what changed.
    """
    version_save(record_type=record_type, record_id=record_id, user=user, data=after)
    audit_record(
        user=user, action=action, record_type=record_type, record_id=record_id,
        changes=snapshot_diff(before, json.loads(_canonical(after))),
    )

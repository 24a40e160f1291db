"""Writing evidence: adding originals, the custody log, timestamps, working copies, verification.

An original is streamed into the vault (hashed on the way), inspected while still staged, and
only then linked into place; a rejected file leaves neither a row nor a file. Every access to an
original is a custody event, chained per item by SHA-256 like the audit log.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit.services import audit_record
from sijill.confidentiality import clearance_of
from sijill.errors import NotFound, PermissionDenied

from . import inspection, timestamps
from .models import (
    Acquisition,
    CustodyAction,
    CustodyEvent,
    EvidenceItem,
    Method,
    PerceptualHash,
    TimestampStatus,
)
from .object_storage import ObjectStorage
from .package_verify import GENESIS, canonical, chain_problems, custody_event_hash
from .storage import LocalStorage, StorageError, TooLarge


def vault() -> LocalStorage | ObjectStorage:
    """The storage backend for originals: local disk under SIJILL_EVIDENCE_ROOT, or the
    S3-compatible bucket SIJILL_EVIDENCE_S3_BUCKET (staging and working copies stay on disk)."""
    bucket = getattr(settings, "SIJILL_EVIDENCE_S3_BUCKET", "")
    if not bucket:
        return LocalStorage(settings.SIJILL_EVIDENCE_ROOT)
    client = _s3_client(bucket, getattr(settings, "SIJILL_EVIDENCE_S3_ENDPOINT", "") or None,
                        getattr(settings, "AWS_S3_ACCESS_KEY_ID", None))
    return ObjectStorage(client, bucket, staging=settings.SIJILL_EVIDENCE_ROOT)


@functools.lru_cache(maxsize=8)
def _s3_client(bucket: str, endpoint: str | None, _access_key: str | None):
    """One S3 client per bucket and endpoint (clients are thread-safe), configured by django-storages
    from the AWS_* settings and environment variables as for any of its S3 storages."""
    from botocore.config import Config
    from storages.backends.s3 import S3Storage

    # Completing a multi-gigabyte upload can take the server minutes; retries back off.
    config = Config(read_timeout=600, retries={"max_attempts": 5, "mode": "standard"})
    return S3Storage(bucket_name=bucket, endpoint_url=endpoint, file_overwrite=False,
                     client_config=config).connection.meta.client


TOO_LARGE = "too_large"  # the code of the ValidationError for a file over the limit (HTTP 413 at the edge)


def upload_limit() -> int:
    """The largest file accepted, in bytes (SIJILL_EVIDENCE_MAX_BYTES); 0 means no limit."""
    return int(getattr(settings, "SIJILL_EVIDENCE_MAX_BYTES", 0) or 0)


def _too_large(name: str, limit: int) -> ValidationError:
    from django.template.defaultfilters import filesizeformat

    message = _("%(name)s is larger than the upload limit of %(limit)s (%(bytes)d bytes); nothing was stored.") % {
        "name": name, "limit": filesizeformat(limit), "bytes": limit}
    return ValidationError({"file": ValidationError(message, code=TOO_LARGE)})


def check_upload_size(*, filename: str, size: int) -> None:
    """Refuse a file announced as larger than the limit before any byte of it is read."""
    limit = upload_limit()
    if limit and int(size) > limit:
        raise _too_large(inspection.clean_filename(filename) if filename else _("the file"), limit)


def _require(user, action: str) -> None:
    if user is None or not user.may(action):
        raise PermissionDenied(_("Your role does not allow you to %(action)s evidence.") % {"action": action})


# --- the custody log ---------------------------------------------------------------------------


def event_fields(event: CustodyEvent) -> dict:
    """An event as the chain hashes it (and as the package manifest carries it)."""
    return {
        "seq": event.seq, "at": event.at.isoformat(), "actor": event.actor_name, "action": event.action,
        "details": event.details, "prev_hash": event.prev_hash, "hash": event.hash,
    }


def custody_record(*, item: EvidenceItem, user, action: str, details: dict | None = None) -> CustodyEvent:
    """Append one event to the item's custody chain. Locks the item so two writers never fork it."""
    if action not in CustodyAction.values:
        raise ValueError(f"unknown custody action {action!r}")
    details = json.loads(canonical(details or {}))
    with transaction.atomic():
        EvidenceItem.objects.select_for_update().filter(pk=item.pk).first()
        last = CustodyEvent.objects.filter(item=item).order_by("-seq").first()
        seq = (last.seq + 1) if last else 1
        prev_hash = last.hash if last else GENESIS
        at = timezone.now()
        actor_name = getattr(user, "username", "") or ""
        digest = custody_event_hash(prev_hash=prev_hash, item=str(item.uid), seq=seq, at=at.isoformat(),
                                    actor=actor_name, action=action, details=details)
        event = CustodyEvent.objects.create(
            item=item, seq=seq, at=at, actor=user if getattr(user, "pk", None) else None, actor_name=actor_name,
            action=action, details=details, prev_hash=prev_hash, hash=digest,
        )
        # Mirrored in the global audit chain, so cutting the tail of an item's chain is seen too.
        audit_record(user=user, action=f"custody:{action}", record_type="evidence", record_id=item.pk,
                     changes={"seq": seq, "hash": digest})
        return event


# --- adding originals --------------------------------------------------------------------------


@dataclass
class Added:
    item: EvidenceItem
    duplicate_of: EvidenceItem | None = None  # the earlier item with the same bytes (stored once)
    near_duplicates: int = 0
    messages: list[str] = field(default_factory=list)


def _visible_incidents(user, incident_ids):
    from sijill.incidents.selectors import incident_get

    return [incident_get(user=user, incident_id=i) for i in incident_ids or ()]


def evidence_add(
    *, user, stream: BinaryIO, filename: str, incidents=(), source=None, method: str = Method.OTHER,
    collected_at: datetime | None = None, collector: str = "", original_url: str = "", notes: str = "",
    title: str = "", description: str = "", confidentiality: int | None = None, channel: str = "web",
) -> Added:
    """Stream a file into the vault and describe it: metadata, acquisition, custody, timestamp.

    Raises ValidationError (nothing stored) for an empty, disguised, corrupt or dangerous file.
    """
    _require(user, "create")
    level = settings_default_level() if confidentiality is None else int(confidentiality)
    if level > clearance_of(user):
        raise ValidationError({"confidentiality": _("You cannot file a record above your own clearance.")})
    if method not in Method.values:
        raise ValidationError({"method": _("Unknown acquisition method %(m)r.") % {"m": method}})
    linked = _visible_incidents(user, incidents)
    source_obj = None
    if source:
        from sijill.sources.selectors import source_get

        try:
            source_obj = source_get(user=user, source_id=source)
        except NotFound as exc:
            raise ValidationError({"source": str(exc)}) from None
    name = inspection.clean_filename(filename)
    store = vault()
    try:
        staged = store.stage(stream, max_bytes=upload_limit())
    except TooLarge as exc:
        raise _too_large(name, exc.limit) from None
    except StorageError as exc:
        raise ValidationError({"file": f"{name}: {exc}"}) from None
    try:
        first = EvidenceItem.objects.filter(sha256=staged.sha256, derived_from__isnull=True).order_by("id").first()
        if first is not None and store.exists(staged.sha256):
            found = inspection.Inspection(first.mime_type, first.kind, first.metadata, first.summary,
                                          list(first.phashes.values_list("value", flat=True)))
            first = first.duplicate_of or first
        else:
            first = None
            found = inspection.inspect(staged.temp_path, name)
        thumb = None
        if found.kind in ("photo", "video"):
            thumb = store.derived_path("thumbnails", f"{staged.sha256}.jpg")
            if not thumb.exists():
                try:
                    inspection.thumbnail(staged.temp_path, found.kind, thumb)
                except Exception:  # noqa: BLE001 - a missing thumbnail is not a reason to refuse
                    thumb.unlink(missing_ok=True)
    except inspection.Rejected as exc:
        store.discard(staged)
        raise ValidationError({"file": f"{name}: {exc}"}) from None
    except BaseException:
        store.discard(staged)
        raise

    with transaction.atomic():
        item = EvidenceItem.objects.create(
            sha256=staged.sha256, sha512=staged.sha512, size=staged.size, mime_type=found.mime_type,
            kind=found.kind, original_name=name, title=title[:500], description=description,
            confidentiality=level, metadata=found.metadata, summary=found.summary,
            has_thumbnail=bool(thumb and thumb.exists()), duplicate_of=first, created_by=user, updated_by=user,
            timestamp_status=TimestampStatus.PENDING,
        )
        PerceptualHash.objects.bulk_create([PerceptualHash(item=item, value=v) for v in found.phashes])
        item.incidents.set(linked)
        Acquisition.objects.create(
            item=item, collected_by=user, collector=collector[:200], collected_at=collected_at, source=source_obj,
            method=method, original_name=filename.encode("unicode_escape").decode("ascii")[:2000],
            original_url=original_url, notes=notes,
        )
        custody_record(item=item, user=user, action=CustodyAction.ACQUIRED, details={
            "method": method, "collector": collector or getattr(user, "username", ""),
            "collected_at": collected_at.isoformat() if collected_at else None,
            "source": source_obj.pk if source_obj else None, "original_name": name, "original_url": original_url,
        })
        custody_record(item=item, user=user, action=CustodyAction.UPLOADED, details={
            "sha256": staged.sha256, "sha512": staged.sha512, "size": staged.size, "channel": channel,
            "stored_once_with": str(first.uid) if first else None,
        })
        audit_record(user=user, action="create", record_type="evidence", record_id=item.pk,
                     changes={"sha256": staged.sha256, "original_name": name, "incidents": [i.pk for i in linked]})
        store.commit(staged)  # last: if it fails the rows roll back; if the rows fail it never happens
    added = Added(item=item, duplicate_of=first)
    if first is not None:
        added.messages.append(
            _("%(name)s is identical to evidence #%(id)d already in the vault; it was stored once and linked to it.")
            % {"name": name, "id": first.pk}
        )
    from .selectors import near_duplicates

    added.near_duplicates = len(near_duplicates(user=user, item=item))
    if added.near_duplicates:
        added.messages.append(_("%(name)s looks like %(n)d other item(s): see its page.") % {"name": name, "n": added.near_duplicates})
    if settings.SIJILL_TSA_URL:
        timestamp_item(item=item)
    return added


def settings_default_level() -> int:
    from sijill.confidentiality import Confidentiality

    return int(Confidentiality.INTERNAL)


# --- reading originals (each read is a custody event) -----------------------------------------


def evidence_open(*, user, item_id, action: str = CustodyAction.DOWNLOADED, details: dict | None = None):
    """Open an original for a user allowed to see it, recording the access first: (item, file)."""
    from .selectors import evidence_get

    _require(user, "view")
    item = evidence_get(user=user, item_id=item_id)
    try:
        fh = vault().open(item.sha256)
    except FileNotFoundError:
        raise NotFound(_("The original of evidence #%(id)d is missing from the vault; run `sijill evidence verify`.")
                       % {"id": item.pk}) from None
    custody_record(item=item, user=user, action=action, details=details or {})
    return item, fh


def evidence_viewed(*, user, item: EvidenceItem, channel: str = "web") -> None:
    custody_record(item=item, user=user, action=CustodyAction.VIEWED, details={"channel": channel})


# --- changes --------------------------------------------------------------------------------


@transaction.atomic
def evidence_set_access(*, user, item_id, confidentiality: int) -> EvidenceItem:
    """Change who may see an item; recorded in its custody log and the audit log."""
    from .selectors import evidence_get

    _require(user, "edit")
    item = evidence_get(user=user, item_id=item_id)
    if not user.may_edit(item):
        raise PermissionDenied(_("You may change only the evidence you added."))
    level = int(confidentiality)
    if level > clearance_of(user):
        raise ValidationError({"confidentiality": _("You cannot file a record above your own clearance.")})
    before = item.confidentiality
    EvidenceItem.objects.filter(pk=item.pk).update(confidentiality=level, updated_by=user, updated_at=timezone.now())
    item.confidentiality = level
    custody_record(item=item, user=user, action=CustodyAction.ACCESS_CHANGED, details={"confidentiality": [before, level]})
    audit_record(user=user, action="update", record_type="evidence", record_id=item.pk,
                 changes={"confidentiality": [before, level]})
    return item


@transaction.atomic
def evidence_link(*, user, item_id, incident_id) -> None:
    from .selectors import evidence_get

    _require(user, "edit")
    item = evidence_get(user=user, item_id=item_id)
    (incident,) = _visible_incidents(user, [incident_id])
    item.incidents.add(incident)
    custody_record(item=item, user=user, action=CustodyAction.LINKED, details={"incident": incident.pk})
    audit_record(user=user, action="link", record_type="evidence", record_id=item.pk, changes={"incident": incident.pk})


@transaction.atomic
def custody_transfer(*, user, item_id, to: str, note: str = "") -> CustodyEvent:
    """Record that the original (or a copy) was handed to someone outside the system."""
    from .selectors import evidence_get

    _require(user, "edit")
    item = evidence_get(user=user, item_id=item_id)
    return custody_record(item=item, user=user, action=CustodyAction.TRANSFERRED, details={"to": to, "note": note})


def evidence_redact(*, user, item_id, regions: list[tuple[int, int, int, int]], radius: int = 24) -> Added:
    """A working copy of a photo with `regions` (x, y, width, height) blurred and all metadata dropped.

    Stored as a separate item pointing to its original; the original is untouched.
    """
    import io

    from PIL import Image, ImageFilter

    from .selectors import evidence_get

    _require(user, "edit")
    original = evidence_get(user=user, item_id=item_id)
    if original.kind != "photo":
        raise ValidationError({"file": _("Only photos can be redacted here.")})
    with vault().open(original.sha256) as fh, Image.open(fh) as img:
        pixels = img.convert("RGB")
    for x, y, w, h in regions:
        box = (max(0, int(x)), max(0, int(y)), min(pixels.width, int(x) + int(w)), min(pixels.height, int(y) + int(h)))
        if box[2] <= box[0] or box[3] <= box[1]:
            raise ValidationError({"regions": _("Region %(r)s is outside the photo.") % {"r": (x, y, w, h)}})
        pixels.paste(pixels.crop(box).filter(ImageFilter.GaussianBlur(radius)), box[:2])
    clean = Image.new("RGB", pixels.size)  # a fresh image: no EXIF, XMP, ICC or GPS survives
    clean.paste(pixels)
    buffer = io.BytesIO()
    clean.save(buffer, "PNG")
    buffer.seek(0)
    stem = original.original_name.rsplit(".", 1)[0]
    added = evidence_add(
        user=user, stream=buffer, filename=f"{stem}-redacted.png", title=f"{original} (redacted)",
        confidentiality=original.confidentiality, channel="redaction",
    )
    with transaction.atomic():
        EvidenceItem.objects.filter(pk=added.item.pk).update(derived_from=original, derivation=f"redacted: {len(regions)} region(s) blurred, metadata stripped")
        added.item.incidents.set(original.incidents.all())
        custody_record(item=original, user=user, action=CustodyAction.DERIVED,
                       details={"derivative": str(added.item.uid), "regions": [list(r) for r in regions]})
    added.item.refresh_from_db()
    return added


# --- trusted timestamps -----------------------------------------------------------------------


def timestamp_item(*, item: EvidenceItem, url: str | None = None) -> bool:
    """Ask the TSA for a token over the item's SHA-256; on failure the item stays pending. True if granted."""
    url = url or settings.SIJILL_TSA_URL
    if not url:
        return False
    EvidenceItem.objects.filter(pk=item.pk).update(timestamp_attempts=item.timestamp_attempts + 1)
    item.timestamp_attempts += 1
    try:
        token = timestamps.request_token(url, item.sha256)
        facts = timestamps.verify_token(token, item.sha256)
    except (timestamps.TimestampError, timestamps.TokenInvalid) as exc:
        EvidenceItem.objects.filter(pk=item.pk).update(timestamp_error=str(exc)[:500])
        item.timestamp_error = str(exc)[:500]
        return False
    with transaction.atomic():
        EvidenceItem.objects.filter(pk=item.pk).update(
            timestamp_token=token, timestamp_time=facts.gen_time, timestamp_status=TimestampStatus.GRANTED, timestamp_error="",
        )
        item.timestamp_token, item.timestamp_time, item.timestamp_status = token, facts.gen_time, TimestampStatus.GRANTED
        custody_record(item=item, user=None, action=CustodyAction.TIMESTAMPED, details={
            "tsa": facts.tsa, "gen_time": facts.gen_time.isoformat(), "serial": str(facts.serial), "cert_sha256": facts.cert_sha256,
        })
    return True


def timestamps_retry(*, limit: int = 500) -> tuple[int, int]:
    """Request tokens for every pending item (the queue kept while offline): (granted, still pending)."""
    granted = pending = 0
    for item in EvidenceItem.objects.filter(timestamp_status=TimestampStatus.PENDING).order_by("id")[:limit]:
        if timestamp_item(item=item):
            granted += 1
        else:
            pending += 1
    return granted, pending


# --- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    item_id: int
    uid: str
    message: str

    def __str__(self) -> str:
        return f"evidence #{self.item_id}: {self.message}"


def evidence_verify(*, record_user=None) -> tuple[int, list[Problem]]:
    """Re-hash every original and re-check every custody chain and timestamp token.

    Returns (items checked, problems), naming each item and event that fails. With
    `record_user`, a `verified` event is appended to every item that passed.
    """
    store = vault()
    rehashed: dict[str, str | None] = {}
    problems: list[Problem] = []
    checked = 0
    for item in EvidenceItem.objects.order_by("id").iterator(chunk_size=500):
        checked += 1
        found: list[str] = []
        if item.sha256 not in rehashed:
            rehashed[item.sha256] = store.rehash(item.sha256)
        now = rehashed[item.sha256]
        if now is None:
            found.append(f"original {item.sha256} is missing from the vault")
        elif now != item.sha256:
            found.append(f"original {item.sha256} was altered (its bytes now hash to {now})")
        events = [event_fields(e) for e in CustodyEvent.objects.filter(item=item).order_by("seq")]
        found += [p.replace(f"item {item.uid}, ", "") for p in chain_problems(str(item.uid), events)]
        head = _audited_head(item)
        if not events:
            found.append("custody log is empty")
        elif head and (head["seq"] != events[-1]["seq"] or head["hash"] != events[-1]["hash"]):
            found.append(f"custody event #{head['seq']}: the audit log records it as the latest, "
                         f"but the chain ends at #{events[-1]['seq']} (events removed or replaced)")
        if item.timestamp_token:
            try:
                timestamps.verify_token(bytes(item.timestamp_token), item.sha256)
            except timestamps.TokenInvalid as exc:
                found.append(f"timestamp token: {exc}")
        problems += [Problem(item.pk, str(item.uid), message) for message in found]
        if record_user is not None and not found:
            custody_record(item=item, user=record_user, action=CustodyAction.VERIFIED, details={"sha256": item.sha256})
    return checked, problems


def _audited_head(item: EvidenceItem) -> dict | None:
    from sijill.audit.models import AuditEvent

    event = (AuditEvent.objects.filter(record_type="evidence", record_id=str(item.pk), action__startswith="custody:")
             .order_by("-seq").first())
    return event.changes if event else None


def upload_part_path(uid) -> Path:
    path = Path(settings.SIJILL_EVIDENCE_ROOT) / "uploads" / f"{uid}.part"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# --- resumable uploads (API) -------------------------------------------------------------------


class OffsetMismatch(Exception):
    """A chunk was sent for the wrong offset; the upload continues from `expected`."""

    def __init__(self, expected: int):
        self.expected = expected
        super().__init__(f"This upload continues at byte {expected}; send the chunk that starts there.")


def upload_create(*, user, filename: str, size: int, params: dict | None = None):
    """Open a resumable upload of `size` bytes; chunks are appended with `upload_append`."""
    from .models import Upload

    _require(user, "create")
    if int(size) <= 0:
        raise ValidationError({"size": _("The file is empty.")})
    try:
        check_upload_size(filename=filename, size=size)
    except ValidationError as exc:
        raise ValidationError({"size": exc.message_dict["file"]}) from None
    upload = Upload.objects.create(user=user, filename=filename, size=int(size), params=params or {})
    upload_part_path(upload.uid).touch()
    return upload


def upload_get(*, user, upload_id):
    from .models import Upload

    upload = Upload.objects.filter(pk=upload_id, user=user).first() if user and user.pk else None
    if upload is None:
        raise NotFound(f"No upload {upload_id}.")
    return upload


def upload_append(*, user, upload_id, offset: int, stream: BinaryIO, length: int):
    """Append `length` bytes read from `stream` at `offset`; the offset must be where the upload stands."""
    from .storage import CHUNK

    with transaction.atomic():
        upload = upload_get(user=user, upload_id=upload_id)
        upload = type(upload).objects.select_for_update().get(pk=upload.pk)
        if upload.item_id:
            raise ValidationError({"upload": _("This upload is already finished.")})
        if offset != upload.received:
            raise OffsetMismatch(upload.received)
        if length <= 0 or offset + length > upload.size:
            raise ValidationError({"content-range": _("The chunk goes beyond the declared size of the file.")})
        path = upload_part_path(upload.uid)
        with open(path, "r+b") as part:
            part.truncate(offset)  # drop any tail of an interrupted chunk
            part.seek(offset)
            remaining = length
            while remaining and (chunk := stream.read(min(CHUNK, remaining))):
                part.write(chunk)
                remaining -= len(chunk)
        if remaining:
            with open(path, "r+b") as part:
                part.truncate(offset)
            raise ValidationError({"content-range": _("The chunk was shorter than announced; send it again.")})
        upload.received = offset + length
        upload.save(update_fields=["received"])
        return upload


def upload_finish(*, user, upload_id) -> Added:
    """Add the completely received file to the vault with the parameters given at creation."""
    upload = upload_get(user=user, upload_id=upload_id)
    if upload.item_id:
        raise ValidationError({"upload": _("This upload is already finished.")})
    if upload.received != upload.size:
        raise ValidationError({"upload": _("Only %(got)d of %(size)d bytes have arrived; send the rest first.")
                               % {"got": upload.received, "size": upload.size}})
    path = upload_part_path(upload.uid)
    p = upload.params
    with open(path, "rb") as part:
        added = evidence_add(
            user=user, stream=part, filename=upload.filename, incidents=p.get("incidents") or (),
            source=p.get("source"), method=p.get("method") or Method.OTHER, collector=p.get("collector") or "",
            original_url=p.get("original_url") or "", title=p.get("title") or "", notes=p.get("notes") or "",
            confidentiality=p.get("confidentiality"), channel="api",
        )
    path.unlink(missing_ok=True)
    upload.item = added.item
    upload.save(update_fields=["item"])
    return added

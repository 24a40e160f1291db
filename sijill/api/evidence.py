"""Evidence: list, detail, custody log, download of originals, and chunked resumable uploads.

Upload protocol: `POST /uploads` with the file name, size and acquisition details answers an
upload id and offset 0; `PUT /uploads/{id}` sends the raw bytes of the next chunk with
`Content-Range: bytes START-END/SIZE` (START must equal the offset); `GET /uploads/{id}` tells
where to resume after an interruption; `POST /uploads/{id}/finish` adds the item to the vault.
Reading an item or its original is recorded in its custody log.
"""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

from django.http import FileResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict

from sijill.evidence import selectors, services
from sijill.evidence.models import CustodyAction

from .schemas import Paging, page_of, paginate

router = Router(tags=["evidence"])


class EvidenceOut(Schema):
    id: int
    uid: UUID
    sha256: str
    sha512: str
    size: int
    mime_type: str
    kind: str
    original_name: str
    title: str
    confidentiality: int
    summary: dict
    timestamp_status: str
    timestamp_time: datetime | None
    duplicate_of: int | None
    derived_from: int | None
    created_at: datetime

    @staticmethod
    def resolve_duplicate_of(obj) -> int | None:
        return obj.duplicate_of_id

    @staticmethod
    def resolve_derived_from(obj) -> int | None:
        return obj.derived_from_id


class CustodyOut(Schema):
    seq: int
    at: datetime
    actor: str
    action: str
    details: dict
    prev_hash: str
    hash: str


class EvidenceDetailOut(EvidenceOut):
    metadata: dict
    incidents: list[int]
    custody: list[CustodyOut]

    @staticmethod
    def resolve_incidents(obj) -> list[int]:
        return obj.incident_ids

    @staticmethod
    def resolve_custody(obj) -> list[dict]:
        return obj.custody_events


class UploadIn(Schema):
    model_config = ConfigDict(extra="forbid")
    filename: str = Field(..., min_length=1, max_length=1000)
    size: int = Field(..., ge=0)
    incidents: list[int] = []
    source: int | None = None
    method: str = "other"
    collector: str = ""
    original_url: str = ""
    title: str = ""
    notes: str = ""
    confidentiality: int | None = None


class UploadOut(Schema):
    id: UUID
    filename: str
    size: int
    offset: int
    item: int | None


class FinishOut(Schema):
    item: EvidenceDetailOut
    messages: list[str]


class Offset(Schema):
    detail: str
    offset: int


def _upload_out(upload) -> dict:
    return {"id": upload.uid, "filename": upload.filename, "size": upload.size, "offset": upload.received, "item": upload.item_id}


def _detail(user, item):
    """The item with its visible incidents and its custody log, for EvidenceDetailOut."""
    item.incident_ids = list(selectors.evidence_incidents(user=user, item=item).values_list("pk", flat=True))
    item.custody_events = [
        {"seq": e.seq, "at": e.at, "actor": e.actor_name, "action": e.action, "details": e.details,
         "prev_hash": e.prev_hash, "hash": e.hash}
        for e in selectors.custody_log(item=item)
    ]
    return item


@router.get("/", response=page_of(EvidenceOut))
def evidence_list(request, paging: Query[Paging], q: str = "", kind: str = "", incident: int | None = None):
    """Items you may see (their own level and every linked incident within your clearance)."""
    return paginate(selectors.evidence_list(user=request.auth, q=q, kind=kind, incident_id=incident), paging)


@router.post("/uploads", response={201: UploadOut})
def upload_create(request, payload: UploadIn):
    """Start a resumable upload; nothing enters the vault until `finish`."""
    params = payload.dict(exclude={"filename", "size"})
    upload = services.upload_create(user=request.auth, filename=payload.filename, size=payload.size, params=params)
    return Status(201, _upload_out(upload))


@router.get("/uploads/{upload_id}", response=UploadOut)
def upload_status(request, upload_id: UUID):
    """Where the upload stands: send the next chunk from `offset`."""
    return _upload_out(services.upload_get(user=request.auth, upload_id=upload_id))


_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")


@router.put("/uploads/{upload_id}", response={200: UploadOut, 409: Offset})
def upload_chunk(request, upload_id: UUID, offset: int | None = None):
    """Append one chunk (the raw body). Give its place by `Content-Range` or `?offset=`."""
    length = int(request.headers.get("Content-Length") or 0)
    content_range = request.headers.get("Content-Range")
    if content_range:
        match = _RANGE.match(content_range.strip())
        if not match:
            raise HttpError(400, "Content-Range must read 'bytes START-END/SIZE'.")
        start, end = int(match.group(1)), int(match.group(2))
        if end < start or end - start + 1 != length:
            raise HttpError(400, "Content-Range does not match the length of the body.")
        offset = start
    if offset is None:
        raise HttpError(400, "Say where this chunk goes: a Content-Range header or ?offset=.")
    try:
        upload = services.upload_append(user=request.auth, upload_id=upload_id, offset=offset, stream=request, length=length)
    except services.OffsetMismatch as exc:
        return Status(409, {"detail": str(exc), "offset": exc.expected})
    return _upload_out(upload)


@router.post("/uploads/{upload_id}/finish", response={201: FinishOut})
def upload_finish(request, upload_id: UUID):
    """Add the complete file to the vault; an identical file is stored once and linked (see messages)."""
    added = services.upload_finish(user=request.auth, upload_id=upload_id)
    return Status(201, {"item": _detail(request.auth, added.item), "messages": added.messages})


@router.get("/{item_id}", response=EvidenceDetailOut)
def evidence_detail(request, item_id: int):
    """One item with its metadata, incidents and custody log; recorded as a view."""
    item = selectors.evidence_get(user=request.auth, item_id=item_id)
    services.evidence_viewed(user=request.auth, item=item, channel="api")
    return _detail(request.auth, item)


@router.get("/{item_id}/original")
def evidence_original(request, item_id: int):
    """The original bytes; recorded as a download before they are sent."""
    item, fh = services.evidence_open(user=request.auth, item_id=item_id, action=CustodyAction.DOWNLOADED,
                                      details={"channel": "api"})
    response = FileResponse(fh, as_attachment=True, filename=item.original_name, content_type="application/octet-stream")
    response["X-Content-SHA256"] = item.sha256
    return response

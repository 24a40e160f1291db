"""Drafts: a report's text read into a draft incident, for scripts and intake channels.

`POST /api/drafts/` reads a report as the drafts page does (the rule extractor, or the model the
server names in SIJILL_MODEL_ENDPOINT) and stores it as a new draft; an analyst reviews it on
the web page. `GET` lists and reads drafts within the caller's clearance.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema, Status

from sijill.confidentiality import Confidentiality
from sijill.drafts import selectors, services

from .schemas import Paging, Strict, page_of, paginate

router = Router(tags=["drafts"])


class DraftIn(Strict):
    text: str
    published_on: str | None = None  # "YYYY-MM-DD": relative days ("yesterday", أمس) count from it
    lang: str = "auto"
    title: str = ""
    confidentiality: int = Confidentiality.INTERNAL


class DraftOut(Schema):
    id: int
    title: str
    language: str
    published_on: date | None
    status: str
    confidentiality: int
    incident_id: int | None
    created_at: datetime
    extraction: dict


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"published_on": f"{value!r} is not a date; write YYYY-MM-DD."}) from None


@router.get("/", response=page_of(DraftOut))
def draft_list(request, paging: Query[Paging]):
    """Drafts you may see, newest first."""
    return paginate(selectors.draft_list(user=request.auth).order_by("-created_at", "-pk"), paging)


@router.get("/{draft_id}", response=DraftOut)
def draft_detail(request, draft_id: int):
    return selectors.draft_get(user=request.auth, draft_id=draft_id)


@router.post("/", response={201: DraftOut})
def draft_create(request, payload: DraftIn):
    """Read a report into a new draft: its places, actors, dates, tolls, violations and victims,
    each with the span of the text it came from, and the proposed incident (`extraction.incident`)."""
    if payload.lang not in ("auto", "ar", "en"):
        raise ValidationError({"lang": "Use auto, ar or en."})
    draft = services.draft_create(user=request.auth, text=payload.text, published_on=_published(payload.published_on),
                                  lang=payload.lang, title=payload.title, confidentiality=payload.confidentiality)
    return Status(201, selectors.draft_get(user=request.auth, draft_id=draft.pk))


# -- many reports at once

class BatchReportIn(Strict):
    text: str
    title: str = ""
    published: str | None = None  # "YYYY-MM-DD"
    lang: str = "auto"


class BatchIn(Strict):
    reports: list[BatchReportIn]
    name: str = "api"
    published_on: str | None = None  # for the reports that do not give their own
    lang: str = "auto"
    confidentiality: int = Confidentiality.INTERNAL


class BatchEntryOut(Schema):
    number: int
    where: str
    draft_id: int | None
    error: str


class BatchOut(Schema):
    id: int
    file_name: str
    status: str
    total: int
    done: int
    confidentiality: int
    created_at: datetime
    finished_at: datetime | None
    repeats: list
    message: str


class BatchDetailOut(BatchOut):
    entries: list[BatchEntryOut]
    groups: list[list[int]]  # draft ids of the reports that look like one event, largest group first


@router.get("/batches/", response=page_of(BatchOut))
def batch_list(request, paging: Query[Paging]):
    """Batches of reports you may see, newest first."""
    return paginate(selectors.batch_list(user=request.auth).order_by("-created_at", "-pk"), paging)


@router.post("/batches/", response={202: BatchOut})
def batch_create(request, payload: BatchIn):
    """Read many reports at once: all are checked first (a bad one refuses the whole batch, each
    problem naming its place, "reports[3]"), then read into drafts by a background job. Poll
    `GET /api/drafts/batches/{id}` until `status` is done; `groups` lists the drafts that look like
    one event."""
    if payload.lang not in ("auto", "ar", "en"):
        raise ValidationError({"lang": "Use auto, ar or en."})
    batch = services.batch_create(user=request.auth, file_name=payload.name, confidentiality=payload.confidentiality,
                                  reports=[r.dict() for r in payload.reports], lang=payload.lang,
                                  published_on=_published(payload.published_on))
    return Status(202, batch)


@router.get("/batches/{batch_id}", response=BatchDetailOut)
def batch_detail(request, batch_id: int):
    batch = selectors.batch_get(user=request.auth, batch_id=batch_id)
    groups = selectors.batch_event_groups(user=request.auth, batch=batch) if batch.finished else []
    return {**{name: getattr(batch, name) for name in BatchOut.model_fields},
            "entries": list(batch.entries.values("number", "where", "draft_id", "error")),
            "groups": [[draft.pk for draft in group] for group in groups]}

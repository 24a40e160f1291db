"""Sources: where information came from, graded for reliability and credibility."""

from __future__ import annotations

from ninja import Query, Router, Status

from sijill.sources import selectors, services
from sijill.sources.models import Source

from .schemas import Paging, SourceIn, SourceOut, SourcePatch, given_fields, page_of, paginate

router = Router(tags=["sources"])


@router.get("/", response=page_of(SourceOut))
def source_list(request, paging: Query[Paging], q: str = ""):
    """Sources you may see; `q` matches title, origin or URL."""
    return paginate(selectors.source_list(user=request.auth, q=q), paging)


@router.get("/{source_id}", response=SourceOut)
def source_detail(request, source_id: int):
    return selectors.source_get(user=request.auth, source_id=source_id)


@router.post("/", response={201: SourceOut})
def source_create(request, payload: SourceIn):
    source = services.source_create(user=request.auth, **given_fields(payload, Source))
    return Status(201, selectors.source_get(user=request.auth, source_id=source.pk))


@router.patch("/{source_id}", response=SourceOut)
def source_update(request, source_id: int, payload: SourcePatch):
    """Change fields; a stale `lock_version` answers 409 with both versions."""
    services.source_update(user=request.auth, source_id=source_id, **given_fields(payload, Source))
    return selectors.source_get(user=request.auth, source_id=source_id)

"""Incidents: list with the UI's filters, detail, create, update, soft delete, history, acts."""

from __future__ import annotations

from ninja import Query, Router, Status

from sijill.incidents import selectors, services

from .schemas import (
    ActIn,
    ActOut,
    IncidentDetailOut,
    IncidentFilterQuery,
    IncidentIn,
    IncidentOut,
    IncidentPatch,
    Paging,
    VersionOut,
    page_of,
)

router = Router(tags=["incidents"])


def _detail(request, incident_id: int):
    return selectors.incident_detail(user=request.auth, incident_id=incident_id)


@router.get("/", response=page_of(IncidentOut))
def incident_list(request, filters: Query[IncidentFilterQuery], paging: Query[Paging]):
    """Incidents you may see, newest first, filtered like the web list."""
    chosen = selectors.IncidentFilters(**filters.dict())
    found = selectors.incident_list(user=request.auth, filters=chosen)
    start = (paging.page - 1) * paging.page_size
    return {  # as paginate(), with the total from the selector (a search is counted from its index)
        "count": selectors.incident_list_total(user=request.auth, filters=chosen, queryset=found),
        "page": paging.page,
        "page_size": paging.page_size,
        "results": list(found[start : start + paging.page_size]),
    }


@router.get("/{incident_id}", response=IncidentDetailOut)
def incident_detail(request, incident_id: int):
    """One incident with its acts, victims, perpetration claims and sources (as far as your clearance goes)."""
    return _detail(request, incident_id)


@router.post("/", response={201: IncidentDetailOut})
def incident_create(request, payload: IncidentIn):
    """File an incident, optionally with acts (victims, claims) and sources."""
    data = payload.dict(exclude_unset=True)
    incident = services.incident_create(user=request.auth, **data)
    return Status(201, _detail(request, incident.pk))


@router.patch("/{incident_id}", response=IncidentDetailOut)
def incident_update(request, incident_id: int, payload: IncidentPatch):
    """Change fields; `lock_version` is the version you loaded. A stale one answers 409 with both versions."""
    data = payload.dict(exclude_unset=True)
    services.incident_update(user=request.auth, incident_id=incident_id, **data)
    return _detail(request, incident_id)


@router.delete("/{incident_id}", response={204: None})
def incident_delete(request, incident_id: int):
    """Soft-delete: gone from every list, kept in the database and its history."""
    services.incident_delete(user=request.auth, incident_id=incident_id)
    return Status(204, None)


@router.post("/{incident_id}/acts", response={201: ActOut})
def act_add(request, incident_id: int, payload: ActIn):
    """Add a violation with its victims and perpetration claims."""
    act = services.act_add(user=request.auth, incident_id=incident_id, **payload.dict(exclude_unset=True))
    incident = _detail(request, incident_id)
    return Status(201, next(a for a in incident.visible_acts if a.pk == act.pk))


@router.get("/{incident_id}/history", response=list[VersionOut])
def incident_history(request, incident_id: int):
    """Every version, newest first, with what changed from the one before."""
    history = selectors.incident_history(user=request.auth, incident_id=incident_id)
    return [
        {
            "version": item["version"].number,
            "at": item["version"].at,
            "user": item["version"].user.username if item["version"].user_id else None,
            "diff": item["diff"],
        }
        for item in history
    ]

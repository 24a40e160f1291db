"""Incidents: list with the UI's filters, detail, create, update, soft delete, history, acts."""

from __future__ import annotations

from ninja import Query, Router, Status

from sijill.audit.selectors import version_history
from sijill.confidentiality import visible_to
from sijill.incidents import selectors, services
from sijill.people.models import Person
from sijill.sources.models import Source

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
    paginate,
)

router = Router(tags=["incidents"])


def _detail(request, incident_id: int):
    return selectors.incident_detail(user=request.auth, incident_id=incident_id)


@router.get("/", response=page_of(IncidentOut))
def incident_list(request, filters: Query[IncidentFilterQuery], paging: Query[Paging]):
    """Incidents you may see, newest first, filtered like the web list."""
    found = selectors.incident_list(user=request.auth, filters=selectors.IncidentFilters(**filters.dict()))
    return paginate(found, paging)


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
    selectors.incident_get(user=request.auth, incident_id=incident_id)
    history = version_history(record_type="incident", record_id=incident_id)
    return [
        {
            "version": item["version"].number,
            "at": item["version"].at,
            "user": item["version"].user.username if item["version"].user_id else None,
            "diff": _redacted(request.auth, item["diff"]),
        }
        for item in history
    ]


def _redacted(user, diff: dict) -> dict:
    """Hide, in a version diff, the victims and sources above the reader's clearance.

    Versions snapshot the whole incident, so they name victims and cite sources that
    `incident_detail` would withhold from this reader.
    """
    sides = {name: [side if isinstance(side, list) else [] for side in diff.get(name, [])] for name in ("acts", "sources")}
    acts = [act for side in sides["acts"] for act in side if isinstance(act, dict)]
    person_ids = {v.get("person") for act in acts for v in act.get("victims", [])}
    source_ids = {s for side in sides["sources"] for s in side}
    source_ids |= {s for act in acts for c in act.get("claims", []) for s in c.get("sources", [])}
    people = set(visible_to(Person.objects.filter(pk__in=person_ids - {None}), user).values_list("pk", flat=True))
    sources = set(visible_to(Source.objects.filter(pk__in=source_ids), user).values_list("pk", flat=True))

    def shown_acts(side):
        if not isinstance(side, list):
            return side
        return [
            {
                **act,
                "victims": [v for v in act.get("victims", []) if v.get("person") in people],
                "claims": [{**c, "sources": [s for s in c.get("sources", []) if s in sources]} for c in act.get("claims", [])],
            }
            for act in side
        ]

    clean = dict(diff)
    if "acts" in clean:
        clean["acts"] = [shown_acts(side) for side in clean["acts"]]
    if "sources" in clean:
        clean["sources"] = [[s for s in side if s in sources] if isinstance(side, list) else side for side in clean["sources"]]
    return clean

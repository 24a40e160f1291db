"""Incident records for export: one dict shape, either as a user may see it or as published.

`incident_records(user=..., public=False)` reads through the incident selectors (so `visible_to`
and the user's clearance decide what is in it: victims, sources and claims' sources each filtered
by their own confidentiality); `public=True` reads through `redaction.public_incident_dicts` and
nothing else. Both give the same keys, so every format writer works on either.

A staff record also carries `confidentiality` and `location_note`, the incident's own coordinates
and place, the titles and URLs of the sources the user may see, and claim notes. Witness
identities (the encrypted fields on a source) and source content are never exported.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import redaction
from .redaction import PlaceLineage, claim_dict, source_dict

CHUNK = 500


def _victim_dict(victim: dict) -> dict:
    return {**redaction.public_victim_dict(victim), "confidentiality": victim["confidentiality"]}


def _place(incident, places: PlaceLineage) -> dict:
    lineage = places.lineage(incident)
    admin = {f"admin{r['level']}": {"pcode": r["pcode"], "name_en": r["name_en"], "name_ar": r["name_ar"]}
             for r in lineage if 1 <= r["level"] <= 3}
    place = None
    latitude, longitude = incident.latitude, incident.longitude
    point_source = "record" if latitude is not None and longitude is not None else None
    if lineage:
        deepest = lineage[-1]
        place = {"pcode": deepest["pcode"], "name_en": deepest["name_en"], "name_ar": deepest["name_ar"],
                 "level": deepest["level"]}
        if latitude is None or longitude is None:
            found = next((r for r in reversed(lineage) if r["latitude"] is not None), None)
            if found:
                latitude, longitude, point_source = found["latitude"], found["longitude"], "place"
    return {"place": place, "admin": admin, "latitude": latitude, "longitude": longitude, "point_source": point_source}


def staff_incident_dict(incident, *, places: PlaceLineage, parts: dict) -> dict:
    """An incident as its reader may see it (`parts`: its entry of `redaction.incident_parts`
    for that reader)."""
    place = _place(incident, places)
    return {
        **redaction.incident_fields(incident),
        "tags": list(incident.tags or []),
        "place": place["place"],
        "admin": place["admin"],
        "latitude": place["latitude"],
        "longitude": place["longitude"],
        "geo_precision": incident.place_precision,
        "point_source": place["point_source"],
        "casualties": {f"{o}_{g}_{b}": getattr(incident, f"{o}_{g}_{b}")
                       for o in redaction.CASUALTY_OUTCOMES for g in ("total", *redaction.CASUALTY_BREAKDOWN)
                       for b in ("min", "max")},
        "acts": [
            {
                "violation_type": act["violation_type"],
                "method": act["method"],
                "legal_qualification": act["legal_qualification"],
                "description": act["description"],
                "perpetrators": [
                    {**claim_dict(c), "note": c["note"], "sources": [source_dict(s) for s in c["sources"]]}
                    for c in act["claims"]
                ],
                "victims": [_victim_dict(v) for v in act["victims"]],
            }
            for act in parts["acts"]
        ],
        "sources": [source_dict(s) for s in parts["sources"]],
        "updated_at": incident.updated_at.isoformat() if incident.updated_at else None,
        "confidentiality": incident.confidentiality,
        "location_note": incident.location_note,
    }


def incident_records(*, user=None, public: bool = False, filters=None, ids=None) -> Iterator[dict]:
    """Every incident record of an export, a chunk at a time, newest first.

    public=True: the published records (`redaction`), whoever asks. Otherwise the incidents
    `user` may see, through `incident_list` (filters as in the incident list).
    """
    from sijill.incidents.selectors import incident_list

    if public:
        queryset = None
        if filters is not None or ids is not None:
            queryset = incident_list(user=redaction.PUBLIC_READER, filters=filters)
            if ids is not None:
                queryset = queryset.filter(pk__in=ids)
        yield from redaction.public_incident_dicts(queryset)
        return
    base = incident_list(user=user, filters=filters)
    if ids is not None:
        base = base.filter(pk__in=ids)
    all_ids = list(base.values_list("pk", flat=True))
    for start in range(0, len(all_ids), CHUNK):
        part = all_ids[start:start + CHUNK]
        rows = redaction.incident_rows(part)
        parts = redaction.incident_parts(part, user)
        places = PlaceLineage.for_incidents(rows.values())
        for pk in part:
            yield staff_incident_dict(rows[pk], places=places, parts=parts[pk])

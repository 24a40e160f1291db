"""Reading incidents. Every function filters by the viewer's clearance through `visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Prefetch, QuerySet

from sijill.confidentiality import visible_to
from sijill.errors import NotFound
from sijill.search_index import search_filter

from .models import Act, Incident, PerpetrationClaim, Victim


@dataclass
class IncidentFilters:
    """The filters of the incident list, shared by the web UI and the API."""

    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    place: str = ""  # p-code: the place and everything below it
    actor: str = ""  # actor slug or id: the actor and its sub-units
    violation_type: str = ""  # vocabulary code
    grading: str = ""
    status: str = ""
    confidentiality: int | None = None

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def incident_list(*, user, filters: IncidentFilters | None = None) -> QuerySet[Incident]:
    """Incidents the user may see, filtered, newest first."""
    f = filters or IncidentFilters()
    qs = visible_to(Incident.objects.all(), user)
    if f.date_from:
        qs = qs.filter(end_date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(start_date__lte=f.date_to)
    if f.place:
        from sijill.places.models import Place

        place = Place.objects.filter(pcode=f.place).first()
        qs = qs.filter(place_path__startswith=place.path) if place else qs.none()
    if f.actor:
        from sijill.actors.models import Actor

        lookup = {"pk": int(f.actor)} if str(f.actor).isdigit() else {"slug": f.actor}
        actor = Actor.objects.filter(deleted_at__isnull=True, **lookup).first()
        if actor is None:
            qs = qs.none()
        else:
            acts = PerpetrationClaim.objects.filter(actor__path__startswith=actor.path).values("act__incident_id")
            qs = qs.filter(pk__in=acts)
    if f.violation_type:
        qs = qs.filter(pk__in=Act.objects.filter(violation_type__code=f.violation_type).values("incident_id"))
    if f.grading:
        qs = qs.filter(grading__code=f.grading)
    if f.status:
        qs = qs.filter(status__code=f.status)
    if f.confidentiality is not None:
        qs = qs.filter(confidentiality=f.confidentiality)
    if f.q:
        qs = search_filter(qs, f.q)
    return qs.select_related("place", "grading", "status").order_by("-start_date", "-id")


def incident_get(*, user, incident_id) -> Incident:
    """One incident the user may see, or NotFound (also when it is above their clearance)."""
    try:
        incident_id = int(incident_id)
    except (TypeError, ValueError):
        raise NotFound(f"No incident {incident_id!r}.") from None
    incident = visible_to(Incident.objects.select_related("place", "grading", "status"), user).filter(pk=incident_id).first()
    if incident is None:
        raise NotFound(f"No incident {incident_id}.")
    return incident


def incident_detail(*, user, incident_id) -> Incident:
    """An incident with its acts, victims, claims and sources, each limited to the user's clearance."""
    from sijill.people.models import Person
    from sijill.sources.models import Source

    incident = incident_get(user=user, incident_id=incident_id)
    visible_sources = visible_to(Source.objects.all(), user)
    visible_people = visible_to(Person.objects.all(), user)
    acts = (
        Act.objects.filter(incident=incident)
        .select_related("violation_type", "method")
        .prefetch_related(
            Prefetch(
                "victim_links",
                queryset=Victim.objects.filter(person__in=visible_people).select_related("person"),
                to_attr="visible_victims",
            ),
            Prefetch(
                "claims",
                queryset=PerpetrationClaim.objects.select_related("actor").prefetch_related(
                    Prefetch("sources", queryset=visible_sources, to_attr="visible_sources")
                ),
                to_attr="all_claims",
            ),
            Prefetch("sources", queryset=visible_sources, to_attr="visible_sources"),
        )
    )
    incident.visible_acts = list(acts)
    incident.visible_sources = list(visible_sources.filter(incidents=incident).select_related("source_type", "reliability", "credibility"))
    return incident


def _redact_snapshot(data: dict, *, people: set, sources: set) -> dict:
    """A version snapshot without the victims and sources the reader may not see."""
    clean = dict(data)
    clean["sources"] = [s for s in data.get("sources", []) if s in sources]
    clean["acts"] = [
        {
            **act,
            "victims": [v for v in act.get("victims", []) if v.get("person") in people],
            "claims": [{**c, "sources": [s for s in c.get("sources", []) if s in sources]} for c in act.get("claims", [])],
        }
        for act in data.get("acts", [])
    ]
    return clean


def incident_history(*, user, incident_id) -> list[dict]:
    """The incident's versions, newest first, each with its diff, as this reader may see them.

    Versions snapshot the whole incident, so they name victims and cite sources that may be above
    the reader's clearance; those are removed from every snapshot before the diffs are computed,
    so a hidden victim shows neither as a value nor as a change.
    """
    from sijill.audit.models import Version
    from sijill.audit.services import snapshot_diff
    from sijill.people.models import Person
    from sijill.sources.models import Source

    incident = incident_get(user=user, incident_id=incident_id)
    versions = list(Version.objects.filter(record_type="incident", record_id=str(incident.pk)).select_related("user").order_by("number"))
    person_ids = {v.get("person") for ver in versions for act in ver.data.get("acts", []) for v in act.get("victims", [])}
    source_ids = {s for ver in versions for s in ver.data.get("sources", [])}
    source_ids |= {s for ver in versions for act in ver.data.get("acts", []) for c in act.get("claims", []) for s in c.get("sources", [])}
    people = set(visible_to(Person.objects.filter(pk__in=person_ids - {None}), user).values_list("pk", flat=True))
    sources = set(visible_to(Source.objects.filter(pk__in=source_ids), user).values_list("pk", flat=True))
    history, previous = [], None
    for version in versions:
        data = _redact_snapshot(version.data, people=people, sources=sources)
        history.append({"version": version, "data": data, "diff": snapshot_diff(previous, data)})
        previous = data
    history.reverse()
    return history

"""Reading incidents. Every function filters by the viewer's clearance through `visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from django.db.models import F, Lookup, Prefetch, QuerySet

from sijill.confidentiality import clearance_of, visible_to
from sijill.errors import NotFound
from sijill.search_index import search_filter, visible_match_count

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


# Country, governorate and district hold enough incidents that a page is found fastest by walking
# the date order and testing the place; below that, the place index and a sort are faster.
_WIDE_PLACE_LEVEL = 2


class _PathUnder(Lookup):
    """`place_path` within the subtree of a place path (paths end with "/"), as an index range.

    Same rows as `place_path__startswith=path`: on SQLite a range the place index serves (its
    LIKE is case-insensitive and cannot use a plain index); on PostgreSQL `LIKE 'path%'`, which
    its varchar_pattern_ops index serves and which stays exact under any collation. For a wide
    place, SQLite's ordered page query marks the column with unary `+` so the planner walks the
    date index for the first page instead of sorting every row of the governorate; the count
    query (no ORDER BY) still uses the covering place index.
    """

    lookup_name = "under_path"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        path, wide = self.rhs
        if connection.vendor == "sqlite":
            if wide and compiler.query.order_by:
                lhs = f"+{lhs}"
            upper = path[:-1] + chr(ord(path[-1]) + 1)
            return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, path, upper]
        escaped = connection.ops.prep_for_like_query(path)
        return f"{lhs} LIKE %s", [*lhs_params, f"{escaped}%"]


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
        qs = qs.filter(_PathUnder(F("place_path"), (place.path, place.level <= _WIDE_PLACE_LEVEL))) if place else qs.none()
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


def incident_list_total(*, user, filters: IncidentFilters | None = None, queryset: QuerySet[Incident] | None = None) -> int:
    """The exact number of incidents `incident_list(user=user, filters=filters)` returns.

    A search and nothing else (besides the implicit visibility) is counted from the full-text
    index alone where it carries the visibility (`search_index.visible_match_count`, the same
    rule as `visible_to`); anything else counts `queryset` (or a new incident_list).
    """
    f = filters or IncidentFilters()
    if f.q and replace(f, q="") == IncidentFilters():
        total = visible_match_count(Incident, f.q, clearance_of(user))
        if total is not None:
            return total
    return (queryset if queryset is not None else incident_list(user=user, filters=f)).count()


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
    from sijill.sources.models import Source

    incident = incident_get(user=user, incident_id=incident_id)
    visible_sources = visible_to(Source.objects.all(), user)
    # Victims by a join on their person, not `person__in=<visible persons>`: same rows, but SQLite
    # materialised the whole visible-person subquery (about a million rows) on every detail view.
    clearance = clearance_of(user)
    visible_victims = Victim.objects.filter(person__confidentiality__lte=clearance, person__deleted_at__isnull=True)
    acts = (
        Act.objects.filter(incident=incident)
        .select_related("violation_type", "method")
        .prefetch_related(
            Prefetch(
                "victim_links",
                queryset=visible_victims.select_related("person"),
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

"""The incident read paths as they were before the issue-2 query work, frozen for comparison.

`bench/equivalence.py` (and its test) runs these beside the current selectors and demands the
same rows in the same order, the same totals and the same victims, claims and sources. Do not
"fix" this module: its value is that it does not change.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch

from sijill.confidentiality import visible_to
from sijill.text.normalise import query_tokens


def search_filter(queryset, query: str):
    """search_index.search_filter as it was (commit dc0916b)."""
    words = query_tokens(query)
    if not words:
        return queryset
    table = queryset.model._meta.db_table
    pk = f'"{table}"."id"'
    if connection.vendor == "sqlite":
        match = " ".join(f'"{w}"' for w in words)
        return queryset.extra(
            where=[f"{pk} IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)"], params=[match])
    if connection.vendor == "postgresql":
        return queryset.extra(
            where=[f"to_tsvector('simple'::regconfig, \"{table}\".\"search_text\") @@ "
                   "to_tsquery('simple'::regconfig, %s)"],
            params=[" & ".join(words)])
    for w in words:
        queryset = queryset.filter(search_text__contains=w)
    return queryset


def incident_list(*, user, filters=None):
    """incidents.selectors.incident_list as it was (commit dc0916b)."""
    from sijill.actors.models import Actor
    from sijill.incidents.models import Act, Incident, PerpetrationClaim
    from sijill.incidents.selectors import IncidentFilters
    from sijill.places.models import Place

    f = filters or IncidentFilters()
    qs = visible_to(Incident.objects.all(), user)
    if f.date_from:
        qs = qs.filter(end_date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(start_date__lte=f.date_to)
    if f.place:
        place = Place.objects.filter(pcode=f.place).first()
        qs = qs.filter(place_path__startswith=place.path) if place else qs.none()
    if f.actor:
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


def incident_detail(*, user, incident_id):
    """incidents.selectors.incident_detail as it was (commit dc0916b)."""
    from sijill.incidents.models import Act, PerpetrationClaim, Victim
    from sijill.incidents.selectors import incident_get
    from sijill.people.models import Person
    from sijill.sources.models import Source

    incident = incident_get(user=user, incident_id=incident_id)
    visible_sources = visible_to(Source.objects.all(), user)
    visible_people = visible_to(Person.objects.all(), user)
    acts = (
        Act.objects.filter(incident=incident)
        .select_related("violation_type", "method")
        .prefetch_related(
            Prefetch("victim_links", queryset=Victim.objects.filter(person__in=visible_people).select_related("person"),
                     to_attr="visible_victims"),
            Prefetch("claims", queryset=PerpetrationClaim.objects.select_related("actor").prefetch_related(
                Prefetch("sources", queryset=visible_sources, to_attr="visible_sources")), to_attr="all_claims"),
            Prefetch("sources", queryset=visible_sources, to_attr="visible_sources"),
        )
    )
    incident.visible_acts = list(acts)
    incident.visible_sources = list(
        visible_sources.filter(incidents=incident).select_related("source_type", "reliability", "credibility"))
    return incident


def person_list(*, user, q: str = ""):
    """people.selectors.person_list as it was (commit dc0916b)."""
    from sijill.people.models import Person

    qs = visible_to(Person.objects.all(), user)
    if q:
        qs = search_filter(qs, q)
    return qs.order_by("-id")

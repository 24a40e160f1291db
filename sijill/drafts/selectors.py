"""Reads of drafts, always through `visible_to`, and incidents a draft may be about."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet

from sijill.confidentiality import visible_to
from sijill.errors import NotFound
from sijill.extraction.grouping import (
    DATE_WINDOW_DAYS,
    EventKey,
    event_key,
    group_events,
    same_event_score,
)

from .models import Draft, ReportBatch

MIN_SAME_EVENT = 0.6


def draft_list(*, user) -> QuerySet[Draft]:
    return visible_to(Draft.objects.select_related("created_by", "incident"), user)


def draft_get(*, user, draft_id) -> Draft:
    draft = draft_list(user=user).filter(pk=draft_id).first()
    if draft is None:
        raise NotFound(f"No draft {draft_id}.")
    return draft


def draft_event_key(draft: Draft) -> EventKey:
    """The date, place and violation types the draft's proposal gives."""
    return event_key(draft.extraction)


def incident_candidates(*, user, draft: Draft, limit: int = 5) -> list[tuple[object, float]]:
    """Incidents the reader may see that look like the draft's event, best first, with a score."""
    return incident_candidates_for(user=user, drafts=[draft], limit=limit)[draft.pk]


# An incident recorded over more than this many days is checked against every draft (there are few);
# shorter ones are found by their first day.
_LONG_INCIDENT_DAYS = 31


def incident_candidates_for(*, user, drafts: list[Draft], limit: int = 5) -> dict[int, list[tuple[object, float]]]:
    """For each draft (by id), the incidents the reader may see that look like its event, best first,
    with a score of at least MIN_SAME_EVENT. The incidents of all the drafts' date windows are read at
    once (a batch page asks for hundreds of drafts), with their acts and drafts."""
    from sijill.incidents.models import Act
    from sijill.incidents.selectors import incident_list

    keys = {d.pk: draft_event_key(d) for d in drafts}
    window = timedelta(days=DATE_WINDOW_DAYS)
    spans: list[list] = []  # the drafts' windows, merged where they overlap
    for day in sorted({k.start for k in keys.values() if k.start}):
        if spans and day - window <= spans[-1][1]:
            spans[-1][1] = day + window
        else:
            spans.append([day - window, day + window])
    incidents = []
    for start in range(0, len(spans), 100):
        where = Q()
        for lo, hi in spans[start:start + 100]:
            where |= Q(start_date__lte=hi, end_date__gte=lo)
        incidents += incident_list(user=user).filter(where).select_related("place").prefetch_related(
            Prefetch("acts", queryset=Act.objects.select_related("violation_type")),
            Prefetch("drafts", queryset=Draft.objects.only("incident_id", "provenance").order_by("pk")),
        )
    known = {}
    for incident in incidents:  # spans of a chunk may share an incident with the next chunk's
        if incident.pk not in known:
            types = frozenset(a.violation_type.code for a in incident.acts.all() if a.violation_type_id)
            pcode = incident.place.pcode if incident.place_id else _drafted_pcode(incident)
            known[incident.pk] = (incident, EventKey(incident.start_date, incident.end_date, pcode, types))
    long = [item for item in known.values() if (item[1].end - item[1].start).days > _LONG_INCIDENT_DAYS]
    short = sorted((item for item in known.values() if (item[1].end - item[1].start).days <= _LONG_INCIDENT_DAYS),
                   key=lambda item: item[1].start)
    starts = [item[1].start for item in short]
    found: dict[int, list[tuple[object, float]]] = {}
    for pk, key in keys.items():
        found[pk] = []
        if key.start is None:
            continue
        first = bisect_left(starts, key.start - window - timedelta(days=_LONG_INCIDENT_DAYS))
        last = bisect_right(starts, key.start + window)
        scored = []
        for incident, other in [*short[first:last], *long]:
            score = same_event_score(key, other)
            if score >= MIN_SAME_EVENT:
                scored.append((incident, score))
        scored.sort(key=lambda item: (-item[1], item[0].pk))
        found[pk] = scored[:limit]
    return found


def _drafted_pcode(incident) -> str | None:
    """Where a report read into this incident placed it, when the gazetteer is not loaded."""
    for drafted in incident.drafts.all()[:5]:  # prefetched by `incident_candidates_for`
        value = (drafted.provenance or {}).get("place", {}).get("value")
        if value:
            return value
    return None


# -- batches

def batch_list(*, user) -> QuerySet[ReportBatch]:
    return visible_to(ReportBatch.objects.select_related("created_by"), user)


def batch_get(*, user, batch_id) -> ReportBatch:
    batch = batch_list(user=user).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(f"No batch {batch_id}.")
    return batch


def batch_event_groups(*, user, batch: ReportBatch) -> list[list[Draft]]:
    """The batch's drafts (those the reader may see), those about one event together.

    A draft joins a group when its proposed date, place and violation types give a mean same-event
    score of at least MIN_SAME_EVENT with the group's members (`grouping.group_events`); groups are
    largest first, then in file order. A draft without a date stands alone."""
    entries = (batch.entries.filter(draft__in=draft_list(user=user)).select_related("draft")
               .order_by("number"))
    drafts = [e.draft for e in entries]
    return [[drafts[i] for i in group]
            for group in group_events([draft_event_key(d) for d in drafts], MIN_SAME_EVENT)]

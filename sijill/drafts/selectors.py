"""Reads of drafts, always through `visible_to`, and incidents a draft may be about."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Prefetch, QuerySet

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
    from sijill.incidents.models import Act
    from sijill.incidents.selectors import incident_list

    key = draft_event_key(draft)
    if key.start is None:
        return []
    window = timedelta(days=DATE_WINDOW_DAYS)
    qs = incident_list(user=user).filter(start_date__lte=key.start + window,
                                         end_date__gte=key.start - window).select_related("place").prefetch_related(
        Prefetch("acts", queryset=Act.objects.select_related("violation_type")),
        Prefetch("drafts", queryset=Draft.objects.only("incident_id", "provenance").order_by("pk")),
    )
    scored = []
    for incident in qs[:200]:
        types = frozenset(a.violation_type.code for a in incident.acts.all() if a.violation_type_id)
        pcode = incident.place.pcode if incident.place_id else _drafted_pcode(incident)
        other = EventKey(incident.start_date, incident.end_date, pcode, types)
        score = same_event_score(key, other)
        if score >= MIN_SAME_EVENT:
            scored.append((incident, score))
    scored.sort(key=lambda item: -item[1])
    return scored[:limit]


def _drafted_pcode(incident) -> str | None:
    """Where a report read into this incident placed it, when the gazetteer is not loaded."""
    for drafted in incident.drafts.all()[:5]:  # prefetched by `incident_candidates`
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

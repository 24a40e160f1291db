"""Reading evidence. An item is visible when its own level and every incident it is linked to are
within the reader's clearance (through `visible_to`, the one filter)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sijill.confidentiality import clearance_of, visible_to
from sijill.errors import NotFound

from .inspection import NEAR_DUPLICATE_DISTANCE, hamming
from .models import CustodyEvent, EvidenceItem, PerceptualHash


def evidence_list(*, user, q: str = "", kind: str = "", incident_id=None) -> QuerySet[EvidenceItem]:
    """Items the user may see, newest first."""
    from sijill.incidents.models import Incident

    qs = visible_to(EvidenceItem.objects.all(), user)
    hidden_incidents = Incident.objects.filter(confidentiality__gt=clearance_of(user))
    qs = qs.exclude(incidents__in=hidden_incidents)
    if q:
        qs = qs.filter(Q(original_name__icontains=q) | Q(title__icontains=q) | Q(sha256=q.lower()))
    if kind:
        qs = qs.filter(kind=kind)
    if incident_id:
        qs = qs.filter(incidents__pk=incident_id)
    return qs.select_related("acquisition").order_by("-id").distinct()


def evidence_get(*, user, item_id) -> EvidenceItem:
    """One item the user may see, or NotFound (also when it or one of its incidents is above clearance)."""
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        raise NotFound(f"No evidence item {item_id!r}.") from None
    item = evidence_list(user=user).filter(pk=item_id).first()
    if item is None:
        raise NotFound(f"No evidence item {item_id}.")
    return item


def evidence_incidents(*, user, item: EvidenceItem):
    return visible_to(item.incidents.all(), user).order_by("-start_date")


def custody_log(*, item: EvidenceItem) -> QuerySet[CustodyEvent]:
    return CustodyEvent.objects.filter(item=item).order_by("seq")


def near_duplicates(*, user, item: EvidenceItem) -> list[tuple[EvidenceItem, int]]:
    """Visible items whose perceptual hash is within a few bits of this one's: (item, distance)."""
    mine = list(item.phashes.values_list("value", flat=True))
    if not mine:
        return []
    best: dict[int, int] = {}
    for other_id, value in PerceptualHash.objects.exclude(item=item).values_list("item_id", "value").iterator():
        distance = min(hamming(value, m) for m in mine)
        if distance <= NEAR_DUPLICATE_DISTANCE:
            best[other_id] = min(distance, best.get(other_id, 64))
    items = evidence_list(user=user).filter(pk__in=best).exclude(sha256=item.sha256)
    return sorted(((i, best[i.pk]) for i in items), key=lambda pair: pair[1])


def evidence_for_incident(*, user, incident_id) -> QuerySet[EvidenceItem]:
    return evidence_list(user=user, incident_id=incident_id)


def acquisition_source(*, user, item: EvidenceItem):
    """The source the item was acquired from, when the reader may see that source."""
    from sijill.sources.models import Source

    acquisition = getattr(item, "acquisition", None)
    if acquisition is None or not acquisition.source_id:
        return None
    return visible_to(Source.objects.all(), user).filter(pk=acquisition.source_id).first()

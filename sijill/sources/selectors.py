"""Reading sources, limited to the viewer's clearance."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sijill.confidentiality import visible_to
from sijill.errors import NotFound

from .models import Source


def source_list(*, user, q: str = "") -> QuerySet[Source]:
    qs = visible_to(Source.objects.select_related("source_type", "reliability", "credibility"), user)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(origin__icontains=q) | Q(url__icontains=q)
                       | Q(witness_name_index=Source._meta.get_field("witness_name_index").index_of(q)))
    return qs.order_by("-published_on", "-id")


def source_get(*, user, source_id) -> Source:
    try:
        source_id = int(source_id)
    except (TypeError, ValueError):
        raise NotFound(f"No source {source_id!r}.") from None
    source = source_list(user=user).filter(pk=source_id).first()
    if source is None:
        raise NotFound(f"No source {source_id}.")
    return source

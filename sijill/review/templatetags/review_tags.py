"""Review pieces other pages include: the review panel of an incident, the queue tiles of the dashboard."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("review/incident_panel.html", takes_context=True)
def review_panel(context, incident):
    """The incident's review state, reviewer and independent sources, with a link to its review
    page (two small queries: the incident page stays as fast as it was)."""
    from sijill.review.models import ReviewItem, State
    from sijill.review.selectors import independent_counts
    from sijill.review.services import _initial_state

    user = context["request"].user
    item = ReviewItem.objects.filter(incident=incident).select_related("assignee").first()
    state = State(item.state if item else _initial_state("incident", incident))
    independent = independent_counts(user=user, incident_ids=[incident.pk])[incident.pk]
    return {"incident": incident, "item": item, "state": state, "independent": independent}


@register.inclusion_tag("review/dashboard_tiles.html", takes_context=True)
def review_queue_tiles(context):
    """One tile per work queue with how many records it holds for this user."""
    from sijill.review.selectors import QUEUES, queue_counts, unread_count

    user = context["request"].user
    counts = queue_counts(user=user)
    return {"tiles": [(name, label, counts[name]) for name, label in QUEUES.items()],
            "unread": unread_count(user=user)}


@register.inclusion_tag("review/record_panel.html")
def record_review_panel(record):
    """A person's or source's review on its page: state, reviewer, who decided and when, and a link
    to the review (two small queries)."""
    from sijill.review.models import ReviewEvent, ReviewItem

    kind = record._meta.model_name
    item = ReviewItem.objects.filter(**{kind: record}).select_related("assignee").first()
    decision = None
    if item is not None and item.state in ("verified", "rejected"):
        decision = (ReviewEvent.objects.filter(item=item, action__in=["verify", "reject"])
                    .select_related("user").order_by("-at", "-id").first())
    return {"record": record, "kind": kind, "item": item, "decision": decision}

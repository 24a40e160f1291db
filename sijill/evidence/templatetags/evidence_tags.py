"""`{% incident_evidence incident %}`: the evidence linked to an incident, as the reader may see it."""

from django import template

from sijill.evidence.selectors import evidence_for_incident

register = template.Library()


@register.inclusion_tag("evidence/incident_evidence_list.html", takes_context=True)
def incident_evidence(context, incident):
    user = context["request"].user
    items = evidence_for_incident(user=user, incident_id=incident.pk)[:100]
    return {"items": items, "incident": incident, "may_add": user.may("create"),
            "may_package": user.may("edit_any"), "csrf_token": context.get("csrf_token"),
            "next": context["request"].get_full_path()}
